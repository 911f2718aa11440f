"""Shared helpers for layer modules: creating parameters the way torch does."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from ... import core
from .. import dtypes
from ..tensor import wrap
from .parameter import Parameter


def empty_parameter(*shape: int, dtype=None) -> Parameter:
    """An uninitialized (zero) float parameter of ``shape``; layers then initialize it."""
    dt = dtypes.to_dtype(dtype) if dtype is not None else dtypes.float32
    # from numpy: jnp.zeros would compile a broadcast for every new shape (0.2 s each)
    return Parameter(wrap(core.Constant(jnp.asarray(np.zeros(shape, dt.np)))))


def filled(shape: tuple, value: float, dtype=None):
    """A tensor (not a parameter) of ``shape`` filled with ``value``."""
    dt = dtypes.to_dtype(dtype) if dtype is not None else dtypes.float32
    return wrap(core.Constant(jnp.full(shape, value, dt.np)))
