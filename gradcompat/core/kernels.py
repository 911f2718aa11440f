"""Pure JAX functions that more than one dialect's ops are made of.

Module-level functions with keyword-only static attributes: one stable identity per
kernel, so the same computation written in two dialects shares compile-cache entries.
"""
from __future__ import annotations

import math

import jax
import jax.numpy as jnp

from .graph import getitem  # noqa: F401 - re-exported: indexing is a kernel too


def identity(x):
    return x


def cast(x, *, dtype: str):
    return x.astype(dtype)


def matmul(x, y, *, transpose_a: bool = False, transpose_b: bool = False):
    """Matrix product with MindSpore's / TensorFlow's transpose flags on the last two axes."""
    if transpose_a:
        x = jnp.swapaxes(x, -1, -2)
    if transpose_b:
        y = jnp.swapaxes(y, -1, -2)
    return jnp.matmul(x, y)


def mean(x, axis=None, keepdims: bool = False, dtype=None):
    """Sum divided by the count, as the frameworks compute a mean (``jnp.mean``'s signature).

    XLA's CPU compiler turns a division by a constant into a multiplication by its
    reciprocal, which can differ from the division in the last bit (97/120 in float32); the
    count passes an optimization barrier, so the division stays a division.
    """
    x = jnp.asarray(x)
    axes = tuple(range(x.ndim)) if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
    count = math.prod(x.shape[a] for a in axes)
    result = jnp.result_type(x.dtype if jnp.issubdtype(x.dtype, jnp.inexact) else float) if dtype is None else dtype
    wide = jnp.float32 if jnp.dtype(result).itemsize < 4 and jnp.issubdtype(result, jnp.floating) else result
    total = jnp.sum(x, axis=axis, keepdims=keepdims, dtype=wide)  # 16-bit floats accumulate in float32
    return (total / jax.lax.optimization_barrier(jnp.asarray(count, wide))).astype(result)
