"""Pure JAX functions behind MindSpore ops (module-level: stable identities for the compile cache)."""
from __future__ import annotations

import jax.numpy as jnp

from ..core.kernels import cast, getitem, identity, matmul  # noqa: F401 - shared kernels

_BINARY = {"add": jnp.add, "sub": jnp.subtract, "mul": jnp.multiply, "div": jnp.true_divide,
           "floordiv": jnp.floor_divide, "mod": jnp.mod, "pow": jnp.power}
_COMPARE = {"lt": jnp.less, "le": jnp.less_equal, "gt": jnp.greater, "ge": jnp.greater_equal,
            "eq": jnp.equal, "ne": jnp.not_equal}


def binary(x, y, *, op: str, dtype: str):
    """``op`` of x and y, both first cast to the result dtype that MindSpore's rules chose."""
    return _BINARY[op](x.astype(dtype), y.astype(dtype))


def compare(x, y, *, op: str, dtype: str):
    return _COMPARE[op](x.astype(dtype), y.astype(dtype))


def neg(x):
    return jnp.negative(x)


def reduce_sum(x, *, axis, keepdims: bool, dtype):
    out = jnp.sum(x, axis=axis, keepdims=keepdims)
    return out.astype(dtype) if dtype is not None else out


def reduce_mean(x, *, axis, keepdims: bool, dtype: str):
    return jnp.mean(x, axis=axis, keepdims=keepdims).astype(dtype)


def reshape(x, *, shape):
    return jnp.reshape(x, shape)


def transpose(x, *, axes):
    return jnp.transpose(x, axes)
