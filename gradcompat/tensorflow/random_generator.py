"""``tf.random.Generator`` (Philox), TF's numbers bit for bit.

The state is TF's: an int64 variable ``[counter_lo, counter_hi, key]``. Each draw of n values
reads the state as (counter, key), advances the counter by 256 * n (``RngReadAndSkip``) and
runs the stateless v2 kernel with that key and counter. ``from_seed(s)`` puts the seed's
64-bit words in the state from the front (so the key of an int seed is 0); ``split`` draws new
keys with ``uniform_full_int`` and starts each child at counter 0.

Inside ``tf.function`` (and TF1 graphs) a draw is TF's graph: the state variable is read, the
values come from an XLA kernel on that (key, counter) (``tf_philox_xla``; a host kernel for
the draws it leaves out) and the advanced state is written back,
so every call of the function draws on from where the last left (TF's bits, as eager).
"""
from __future__ import annotations

import secrets

import numpy as np

import jax
import jax.numpy as jnp
from jax import lax

from .. import core
from ..random import tf_philox_xla as tpx
from ..random import tf_stream as ts
from . import dtypes as _dt
from . import tracing
from .array_ops import stack, static_ints
from .graph import executing_eagerly, get_default_graph
from .random_ops import _Draw, _floating, _host_values, _number
from .shapes import TensorShape
from .tensor import constant, wrap
from .variables import Variable

_MASK64 = (1 << 64) - 1
PHILOX = 1


def _to_int64(words) -> np.ndarray:
    return np.array([w & _MASK64 for w in words], np.uint64).view(np.int64)


def create_rng_state(seed, alg="philox") -> np.ndarray:
    """``tf.random.create_rng_state``: a [3] int64 Philox state from an int or a vector."""
    _check_alg(alg)
    if isinstance(seed, (int, np.integer)):
        seed = int(seed)
        words = []
        for _ in range(3):
            words.append(seed & _MASK64)
            seed >>= 64
        return _to_int64(words)
    values = np.asarray(seed).reshape(-1).astype(np.int64)[:3]
    return np.concatenate([np.zeros(3 - values.size, np.int64), values])


def _check_alg(alg) -> None:
    if alg not in (None, "philox", "auto_select", PHILOX, 3) and getattr(alg, "value", None) not in (PHILOX, 3):
        raise ValueError(f"gradcompat: tf.random.Generator supports the Philox algorithm only (got {alg!r})")


def _symbolic() -> bool:
    """Whether draws are graph ops (inside ``tf.function`` or a TF1 graph), not eager values."""
    return tracing.current() is not None or not executing_eagerly()


def _state_draw(state, *, draw):
    """``draw(philox)`` for the Philox state ``[counter_lo, counter_hi, key]``: pure XLA where
    ``tf_philox_xla`` reproduces the draw, else on the host."""
    if draw.in_xla():
        return draw.xla(tpx.state_gen(state))

    def host(values):
        words = np.asarray(values).view(np.uint64)
        return draw(ts.Philox(int(words[2]), int(words[0]) | (int(words[1]) << 64)))
    out_shape, dtype = draw.args[1], draw.args[2]
    return jax.pure_callback(host, jax.ShapeDtypeStruct(out_shape, np.dtype(dtype)), state)


def _state_skip(state, *, blocks: int):
    """``RngReadAndSkip``'s new state: the 128-bit counter advanced by ``blocks``."""
    words = lax.bitcast_convert_type(state, jnp.uint64)
    lo = words[0] + jnp.uint64(blocks & _MASK64)
    hi = words[1] + (lo < words[0]).astype(jnp.uint64) + jnp.uint64(blocks >> 64)
    return lax.bitcast_convert_type(jnp.stack([lo, hi, words[2]]), jnp.int64)


def _identity(x):
    return x


class Generator:
    """``tf.random.Generator``: ``from_seed``, ``from_non_deterministic_state``, ``from_state``,
    ``normal``, ``uniform``, ``truncated_normal``, ``uniform_full_int``, ``make_seeds``,
    ``split``, ``skip``, ``state``, ``key``, ``algorithm``."""

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            state = copy_from.state.numpy()
        _check_alg(alg)
        self._alg = PHILOX
        self._state_var = Variable(np.asarray(state, np.int64).reshape(3), trainable=False, dtype=_dt.int64)

    @classmethod
    def from_seed(cls, seed, alg=None) -> "Generator":
        return cls(state=create_rng_state(seed, alg or "philox"), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None) -> "Generator":
        return cls(state=_to_int64([secrets.randbits(64) for _ in range(3)]), alg=alg)

    @classmethod
    def from_state(cls, state, alg) -> "Generator":
        return cls(state=state, alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg) -> "Generator":
        counter = np.asarray(counter, np.int64).reshape(-1)
        return cls(state=np.concatenate([counter, np.asarray(key, np.int64).reshape(-1)]), alg=alg)

    @property
    def state(self) -> Variable:
        return self._state_var

    @property
    def algorithm(self) -> int:
        return self._alg

    @property
    def key(self):
        return self._state_var[-1]

    def reset_from_seed(self, seed) -> None:
        self._state_var.assign(create_rng_state(seed, "philox"))

    def reset(self, state) -> None:
        self._state_var.assign(np.asarray(state, np.int64))

    def _read_and_skip(self, delta: int) -> ts.Philox:
        words = self._state_var.numpy().view(np.uint64)
        gen = ts.Philox(int(words[2]), int(words[0]) | (int(words[1]) << 64))
        nxt = gen.copy()
        nxt.skip(int(delta) * ts.RESERVED_PER_OUTPUT)
        self._state_var.assign(_to_int64([nxt.counter & _MASK64, nxt.counter >> 64, nxt.key]))
        return gen

    def skip(self, delta):
        """``Generator.skip``: advances as a draw of ``delta`` values; returns the old state."""
        if _symbolic():
            old = self._state_var.value()
            out = core.apply(_identity, [old.node], name="RngReadAndSkip")
            self._advance(old, int(delta), out)
            return wrap(out, _dt.int64, TensorShape([3]), "RngReadAndSkip", None)
        old = self._state_var.numpy().copy()
        self._read_and_skip(int(delta))
        return constant(old, dtype=_dt.int64)

    def _draw(self, kind, shape, target, a, b):
        dims = static_ints(shape)
        count = int(np.prod(dims, dtype=np.int64))
        if _symbolic():
            return self._graph_draw(_Draw(kind, dims, target.np.name, a, b), count, target)
        gen = self._read_and_skip(count)
        return constant(_host_values(kind, gen, dims, target.np.name, a, b), dtype=target)

    def _graph_draw(self, draw: _Draw, count: int, target):
        """A draw as TF's graph makes it: read the state, draw from it, write it advanced (the
        write lands with the function's other effects, reads after it see it)."""
        state = self._state_var.value()
        node = core.apply(_state_draw, [state.node], {"draw": draw}, name="StatelessRandomV2")
        self._advance(state, count, node)
        return wrap(node, target, TensorShape(list(draw.args[1])), "StatelessRandomV2", None)

    def _advance(self, state, count: int, draw_node) -> None:
        """Write the state advanced past ``count`` values: with a traced function's other effects,
        or in a TF1 graph as a control dependency of ``draw_node`` (each ``Session.run`` of the
        draw moves the state on, as TF's ``RngReadAndSkip``)."""
        advanced = core.apply(_state_skip, [state.node], {"blocks": count * ts.RESERVED_PER_OUTPUT},
                              name="RngReadAndSkip")
        if tracing.current() is not None:
            self._state_var.assign(wrap(advanced, _dt.int64, TensorShape([3]), "RngReadAndSkip", None))
        else:
            get_default_graph().attach_control(draw_node, [self._state_var._cell.assign(advanced)])

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=_dt.float32, name=None):
        target = _floating(dtype)
        return self._draw("normal", shape, target, float(_number(mean, target)), float(_number(stddev, target)))

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=_dt.float32, name=None):
        target = _floating(dtype)
        return self._draw("truncated_normal", shape, target, float(_number(mean, target)),
                          float(_number(stddev, target)))

    def uniform(self, shape, minval=0, maxval=None, dtype=_dt.float32, name=None):
        target = _dt.as_dtype(dtype)
        if target.is_integer:
            if (minval is None) != (maxval is None):
                raise ValueError(f"For integer dtype {target!r}, minval and maxval must be both `None` or both "
                                 f"non-`None`; got minval={minval} and maxval={maxval}")
            if minval is None:
                return self.uniform_full_int(shape, target)
            return self._draw("uniform_int", shape, target, int(_number(minval, target)), int(_number(maxval, target)))
        maxval = 1 if maxval is None else maxval
        return self._draw("uniform", shape, target, float(_number(minval, target)), float(_number(maxval, target)))

    def uniform_full_int(self, shape, dtype=_dt.uint64, name=None):
        return self._draw("full_int", shape, _dt.as_dtype(dtype), None, None)

    def binomial(self, *args, **kwargs):
        raise NotImplementedError("gradcompat: Generator.binomial is not implemented")

    def make_seeds(self, count: int = 1):
        if _symbolic():
            keys = self.uniform_full_int([count], _dt.int64)
            return stack([keys, keys * 0])
        keys = self.uniform_full_int([count], _dt.int64).numpy()
        return constant(np.stack([keys, np.zeros_like(keys)]), dtype=_dt.int64)

    def split(self, count: int = 1) -> list["Generator"]:
        keys = self.uniform_full_int([count], _dt.int64).numpy()
        return [Generator(state=np.array([0, 0, k], np.int64), alg=self._alg) for k in keys]


_GLOBAL: dict = {"generator": None}


def get_global_generator() -> Generator:
    """``tf.random.get_global_generator``: made from a non-deterministic state on first use."""
    if _GLOBAL["generator"] is None:
        _GLOBAL["generator"] = Generator.from_non_deterministic_state()
    return _GLOBAL["generator"]


def set_global_generator(generator: Generator) -> None:
    """``tf.random.set_global_generator``."""
    _GLOBAL["generator"] = generator
