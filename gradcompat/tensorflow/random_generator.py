"""``tf.random.Generator`` (Philox), TF's numbers bit for bit.

The state is TF's: an int64 variable ``[counter_lo, counter_hi, key]``. Each draw of n values
reads the state as (counter, key), advances the counter by 256 * n (``RngReadAndSkip``) and
runs the stateless v2 kernel with that key and counter. ``from_seed(s)`` puts the seed's
64-bit words in the state from the front (so the key of an int seed is 0); ``split`` draws new
keys with ``uniform_full_int`` and starts each child at counter 0.

Known difference: draws run on the host (eager); inside ``tf.function`` a Generator raises.
"""
from __future__ import annotations

import secrets

import numpy as np

from ..random import tf_stream as ts
from . import dtypes as _dt
from .array_ops import static_ints
from .random_ops import _floating, _host_values, _number
from .tensor import constant
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
        old = self._state_var.numpy().copy()
        self._read_and_skip(int(delta))
        return constant(old, dtype=_dt.int64)

    def _draw(self, kind, shape, target, a, b):
        dims = static_ints(shape)
        gen = self._read_and_skip(int(np.prod(dims, dtype=np.int64)))
        return constant(_host_values(kind, gen, dims, target.np.name, a, b), dtype=target)

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
