"""``tf.random``: ``set_seed``, ``normal``, ``uniform``, ``truncated_normal``.

TF's seeding contract, not TF's numbers: after ``tf.random.set_seed(s)`` the sequence of
random ops gives the same values again, each op call draws new ones, and an op seed
picks a separate stream. Values are drawn when the op is called (in TF1 graph mode
too: a Session then sees one fixed draw per op, where TF draws on every run).
"""
from __future__ import annotations

import itertools
import secrets

import numpy as np

from . import dtypes as _dt
from .array_ops import static_ints
from .tensor import Tensor, constant

_DEFAULT_GRAPH_SEED = 87654321  # TF's global seed when only an op seed is given


class _SeedState:
    def __init__(self) -> None:
        self.global_seed: int | None = None
        self.calls: dict = {}


_state = _SeedState()


def set_seed(seed: int | None) -> None:
    """``tf.random.set_seed`` (``tf.compat.v1.set_random_seed``): restarts the random streams."""
    _state.global_seed = None if seed is None else int(seed)
    _state.calls = {}


def _generator(seed: int | None) -> np.random.Generator:
    if _state.global_seed is None and seed is None:
        return np.random.default_rng(secrets.randbits(64))
    stream = (_DEFAULT_GRAPH_SEED if _state.global_seed is None else _state.global_seed,
              -1 if seed is None else int(seed))
    counter = _state.calls.setdefault(stream, itertools.count())
    return np.random.default_rng([stream[0] & 0xFFFFFFFF, stream[1] & 0xFFFFFFFF, next(counter)])


def _floating(dtype) -> _dt.DType:
    target = _dt.as_dtype(dtype)
    if not target.is_floating:
        raise ValueError(f"Invalid dtype {target!r}: only floating-point dtypes are allowed here.")
    return target


def normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.normal``."""
    target = _floating(dtype)
    values = _generator(seed).normal(float(mean), float(stddev), static_ints(shape))
    return constant(values.astype(target.np), dtype=target, name=name or "random_normal")


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.truncated_normal``: redraws beyond two standard deviations."""
    target = _floating(dtype)
    rng = _generator(seed)
    values = rng.standard_normal(static_ints(shape))
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2
    return constant((values * float(stddev) + float(mean)).astype(target.np), dtype=target,
                    name=name or "truncated_normal")


def uniform(shape, minval=0, maxval=None, dtype=_dt.float32, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.uniform``: [minval, maxval); integer dtypes need ``maxval``."""
    target = _dt.as_dtype(dtype)
    rng, dims = _generator(seed), static_ints(shape)
    if target.is_integer:
        if maxval is None:
            raise ValueError(f"Must specify maxval for integer dtype {target!r}")
        values = rng.integers(int(minval), int(maxval), dims)
    else:
        high = 1.0 if maxval is None else float(maxval)
        values = rng.uniform(float(minval), high, dims)
        values = np.minimum(values.astype(target.np), np.nextafter(target.np.type(high), target.np.type(-np.inf)))
    return constant(np.asarray(values).astype(target.np), dtype=target, name=name or "random_uniform")
