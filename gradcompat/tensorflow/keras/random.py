"""``keras.random`` (Keras 3, TensorFlow backend): ``SeedGenerator`` and the seeded draws.

As Keras: every draw is a TF *stateless* op (``tf.random.stateless_*``, Philox on CPU) whose
seed comes from ``draw_seed``: an int ``s`` gives ``[s, 0]``; a ``SeedGenerator`` gives its
state ``[seed, n]`` and counts n up; no seed uses the global generator, whose state jumps
``(state + 1) * 5387 % 933199``. A generator (and an initializer) made without a seed takes
``random.randint(1, 10**9)`` from Python's global ``random`` (seeded by
``keras.utils.set_random_seed``). Seeds reach TF as ``seed % (2**31 - 2)`` in int32.
"""
from __future__ import annotations

import random as _python_random

import numpy as np

from .. import dtypes as _dt
from .. import random_ops
from ..math_ops import cast
from ..tensor import Tensor, convert_to_tensor

_GLOBAL: dict = {"generator": None}
_MOD = 2 ** 31 - 2  # tf.int32.max - 1


def make_default_seed() -> int:
    """Keras's ``make_default_seed``: one draw of Python's global ``random``."""
    return _python_random.randint(1, int(1e9))


class SeedGenerator:
    """``keras.random.SeedGenerator(seed=None)``: a ``[seed, counter]`` int64 state variable."""

    def __init__(self, seed: int | None = None, name: str | None = None, **kwargs):
        from . import naming
        from .variables import Variable
        self.name = name or naming.unique_name("seed_generator")
        self._initial_seed = seed
        if seed is None:
            seed = make_default_seed()
        if not isinstance(seed, int):
            raise ValueError(f"Argument `seed` must be an integer. Received: seed={seed}")
        self.state = Variable(np.array([seed, 0], np.int64), shape=(2,), dtype="int64", trainable=False,
                              name="seed_generator_state")

    def next(self, ordered: bool = True):
        """The current state; advances the counter (or scrambles the state when unordered)."""
        value = convert_to_tensor(self.state) * 1
        if ordered:
            self.state.assign(convert_to_tensor(self.state) + np.array([0, 1], np.int64))
        else:
            self.state.assign((convert_to_tensor(self.state) + 1) * 5387 % 933199)
        return value

    def get_config(self) -> dict:
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> "SeedGenerator":
        return cls(**config)


def global_seed_generator() -> SeedGenerator:
    if _GLOBAL["generator"] is None:
        _GLOBAL["generator"] = SeedGenerator()
    return _GLOBAL["generator"]


def reset_global_seed_generator() -> None:
    """What ``keras.utils.set_random_seed`` does to the global generator: drop it."""
    _GLOBAL["generator"] = None


def draw_seed(seed):
    """Keras's ``draw_seed`` followed by the TF backend's ``_cast_seed``: an int32 [2] seed."""
    if isinstance(seed, SeedGenerator):
        value = seed.next()
    elif isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return np.array([int(seed) % _MOD, 0], np.int32)
    elif seed is None:
        value = global_seed_generator().next(ordered=False)
    else:
        raise ValueError("Argument `seed` must be either an integer or an instance of `SeedGenerator`. "
                         f"Received: seed={seed} (of type {type(seed)})")
    if isinstance(value, Tensor) and value.node.value is not None:
        return (np.asarray(value.numpy()) % _MOD).astype(np.int32)
    return cast(value % _MOD, _dt.int32)


def _dtype(dtype) -> _dt.DType:
    return _dt.as_dtype(dtype or "float32")


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """``keras.random.normal``."""
    return random_ops.stateless_normal(shape, draw_seed(seed), mean, stddev, dtype=_dtype(dtype))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """``keras.random.uniform`` (bounds cast to ``dtype`` first, as Keras)."""
    target = _dtype(dtype)
    lo, hi = target.np.type(minval), target.np.type(maxval)
    return random_ops.stateless_uniform(shape, draw_seed(seed), minval=lo, maxval=hi, dtype=target)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """``keras.random.truncated_normal``."""
    return random_ops.stateless_truncated_normal(shape, draw_seed(seed), mean, stddev, dtype=_dtype(dtype))


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """``keras.random.randint``."""
    target = _dt.as_dtype(dtype)
    inter = target if target.name in ("int32", "int64") else _dt.int64
    out = random_ops.stateless_uniform(shape, draw_seed(seed), minval=minval, maxval=maxval, dtype=inter)
    return out if inter is target else cast(out, target)


def categorical(logits, num_samples, dtype="int64", seed=None):
    """``keras.random.categorical``."""
    out = random_ops.stateless_categorical(logits, num_samples, seed=draw_seed(seed))
    return cast(out, _dt.as_dtype(dtype))


def dropout_mask(shape, rate: float, dtype, seed):
    """The keep mask of Keras's TF ``dropout``: ``stateless_uniform(shape, seed) >= rate``."""
    return random_ops.stateless_uniform(shape, draw_seed(seed), dtype=_dt.as_dtype(dtype)) >= rate


def dropout(inputs, rate: float, noise_shape=None, seed=None):
    """``keras.random.dropout`` (TF backend: ``tf.nn.experimental.stateless_dropout``)."""
    from ..nn_ops import _dropout
    from ..tensor import make_op
    from ..array_ops import zeros_like
    inputs = convert_to_tensor(inputs)
    if rate == 1.0:
        return zeros_like(inputs)
    if rate == 0.0:
        return inputs
    dims = inputs.shape.as_list()
    shape = dims if noise_shape is None else [d if n is None else n for n, d in zip(noise_shape, dims)]
    keep = dropout_mask(shape, rate, inputs.dtype, seed)
    return make_op(_dropout, [inputs, keep], {"scale": 1.0 / (1.0 - rate)}, op_type="dropout")


def shuffle(x, axis: int = 0, seed=None):
    """``keras.random.shuffle`` (TF backend): gather by the argsort of a stateless uniform draw."""
    from ..array_ops import gather
    x = convert_to_tensor(x)
    keys = np.asarray(random_ops.stateless_uniform([x.shape.as_list()[axis]], draw_seed(seed)).numpy())
    return gather(x, np.argsort(keys, kind="stable").astype(np.int32), axis=axis)


__all__ = ["SeedGenerator", "categorical", "dropout", "normal", "randint", "shuffle", "truncated_normal", "uniform"]
