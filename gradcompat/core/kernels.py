"""Pure JAX functions that more than one dialect's ops are made of.

Module-level functions with keyword-only static attributes: one stable identity per
kernel, so the same computation written in two dialects shares compile-cache entries.
"""
from __future__ import annotations

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
