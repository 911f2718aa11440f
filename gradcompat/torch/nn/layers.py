"""Shared helpers for layer modules: creating parameters the way torch does."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from ... import core
from .. import dtypes
from ..tensor import wrap
from .parameter import Parameter


def empty_parameter(*shape: int, dtype=None) -> Parameter:
    """An uninitialized (zero) float parameter of ``shape``; layers then initialize it."""
    dt = dtypes.to_dtype(dtype) if dtype is not None else dtypes.float32
    # put from numpy: jnp.zeros / jnp.asarray compile a computation for every new shape; an
    # aligned zero buffer is adopted without a copy (no pass over a weight init overwrites)
    from ...random.buffers import aligned_zeros
    return Parameter(wrap(core.Constant(jax.device_put(aligned_zeros(shape, dt.np)))))


def filled(shape: tuple, value: float, dtype=None):
    """A tensor (not a parameter) of ``shape`` filled with ``value``."""
    dt = dtypes.to_dtype(dtype) if dtype is not None else dtypes.float32
    return wrap(core.Constant(jnp.full(shape, value, dt.np)))
