"""The pure JAX functions behind the torch dialect's ops.

Each is a module-level function (stable identity, so the structural compile cache hits)
of arrays plus hashable static attributes. Dtype conversion happens inside the function
(``dtype`` is a numpy dtype name), so gradients come back in each input's own dtype, as
in torch.
"""
from __future__ import annotations

import jax.numpy as jnp


def add(x, y, *, dtype):
    return jnp.add(x.astype(dtype), y.astype(dtype))


def sub(x, y, *, dtype):
    return jnp.subtract(x.astype(dtype), y.astype(dtype))


def mul(x, y, *, dtype):
    return jnp.multiply(x.astype(dtype), y.astype(dtype))


def div(x, y, *, dtype):
    return jnp.divide(x.astype(dtype), y.astype(dtype))


def pow(x, y, *, dtype):  # noqa: A001 - torch's name
    return jnp.power(x.astype(dtype), y.astype(dtype))


def pow_scalar(x, *, exponent, dtype):
    """``x ** python_scalar``: an int exponent stays an integer power (exact, as torch)."""
    return jnp.power(x.astype(dtype), exponent)


def neg(x):
    return jnp.negative(x)


def matmul(x, y):
    return jnp.matmul(x, y)


def transpose_all(x):
    return jnp.transpose(x)


def astype(x, *, dtype):
    return x.astype(dtype)


def unary(x, *, fn, dtype):
    return getattr(jnp, fn)(x.astype(dtype))


def sum(x, *, axis, keepdims, dtype):  # noqa: A001 - torch's name
    return jnp.sum(x, axis=axis, keepdims=keepdims, dtype=dtype)


def mean(x, *, axis, keepdims, dtype):
    return jnp.mean(x.astype(dtype), axis=axis, keepdims=keepdims)


def getitem(x, *, index):
    return x[decode_index(index)]


def encode_index(index) -> tuple:
    """A python index as a hashable static attribute (slices are not hashable)."""
    if not isinstance(index, tuple):
        index = (index,)
    out = []
    for i in index:
        if isinstance(i, slice):
            out.append(("slice", i.start, i.stop, i.step))
        elif i is Ellipsis:
            out.append(("ellipsis",))
        elif i is None:
            out.append(("none",))
        elif isinstance(i, (int, bool)):
            out.append(("int", int(i)))
        else:
            raise TypeError(f"gradcompat.torch supports only int, slice, None and ... indices, got {type(i).__name__}")
    return tuple(out)


def decode_index(encoded: tuple) -> tuple:
    out = []
    for item in encoded:
        kind = item[0]
        out.append(slice(*item[1:]) if kind == "slice" else Ellipsis if kind == "ellipsis"
                   else None if kind == "none" else item[1])
    return tuple(out)
