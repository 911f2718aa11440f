"""Pure JAX functions behind MindSpore ops (module-level: stable identities for the compile cache)."""
from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from ..core import host, kernels
from ..core.kernels import cast, getitem, identity, matmul  # noqa: F401 - shared kernels


@jax.custom_jvp
def abs_(x):
    """``Abs`` with MindSpore's gradient: sign(x), so 0 at x == 0 (JAX's is 1 there)."""
    return jnp.abs(x)


@abs_.defjvp
def _abs_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    return jnp.abs(x), jnp.sign(x) * t


def _truncate_divide(x, y):
    return jax.lax.div(x, y) if jnp.issubdtype(x.dtype, jnp.integer) else jnp.trunc(x / y)


_BINARY = {"add": jnp.add, "sub": jnp.subtract, "mul": jnp.multiply, "div": jnp.true_divide,
           "floordiv": jnp.floor_divide, "mod": jnp.mod, "pow": jnp.power,
           "maximum": jnp.maximum, "minimum": jnp.minimum, "bitwise_and": jnp.bitwise_and,
           "bitwise_or": jnp.bitwise_or, "truncdiv": _truncate_divide}
_UNARY = {"exp": jnp.exp, "log": jnp.log, "sqrt": jnp.sqrt, "square": jnp.square, "abs": abs_,
          "neg": jnp.negative, "relu": jax.nn.relu, "sigmoid": jax.nn.sigmoid, "tanh": jnp.tanh,
          "rsqrt": jax.lax.rsqrt, "reciprocal": jnp.reciprocal, "sin": jnp.sin, "cos": jnp.cos,
          "floor": jnp.floor, "ceil": jnp.ceil, "round": jnp.round, "sign": jnp.sign,
          "log1p": jnp.log1p, "expm1": jnp.expm1, "erf": jax.scipy.special.erf, "invert": jnp.invert,
          "round": jnp.round}
# more elementwise ops (behind mindspore.numpy's tan, arcsin, log2 ...), same kernels
_UNARY.update({"tan": jnp.tan, "arcsin": jnp.arcsin, "arccos": jnp.arccos, "arctan": jnp.arctan, "sinh": jnp.sinh,
               "cosh": jnp.cosh, "arcsinh": jnp.arcsinh, "arccosh": jnp.arccosh, "arctanh": jnp.arctanh,
               "log2": jnp.log2, "log10": jnp.log10, "exp2": jnp.exp2, "cbrt": jnp.cbrt, "trunc": jnp.trunc,
               "rint": jnp.rint, "deg2rad": jnp.deg2rad, "rad2deg": jnp.rad2deg, "isnan": jnp.isnan,
               "isinf": jnp.isinf, "isfinite": jnp.isfinite, "logical_not": jnp.logical_not, "signbit": jnp.signbit})
_BINARY.update({"fmod": jnp.fmod, "arctan2": jnp.arctan2, "hypot": jnp.hypot, "logical_and": jnp.logical_and,
                "logical_or": jnp.logical_or, "logical_xor": jnp.logical_xor, "bitwise_xor": jnp.bitwise_xor,
                "copysign": jnp.copysign, "logaddexp": jnp.logaddexp, "float_power": jnp.power})
_REDUCE = {"sum": jnp.sum, "max": jnp.max, "min": jnp.min, "prod": jnp.prod, "all": jnp.all, "any": jnp.any}
_COMPARE = {"lt": jnp.less, "le": jnp.less_equal, "gt": jnp.greater, "ge": jnp.greater_equal,
            "eq": jnp.equal, "ne": jnp.not_equal}


def binary(x, y, *, op: str, dtype: str):
    """``op`` of x and y, both first cast to the result dtype that MindSpore's rules chose."""
    return _BINARY[op](x.astype(dtype), y.astype(dtype))


def compare(x, y, *, op: str, dtype: str):
    return _COMPARE[op](x.astype(dtype), y.astype(dtype))


# numpy twins (core.host) of the ops IEEE defines exactly: small host tensors skip the XLA
# dispatch. MindSpore's CPU kernels keep subnormal numbers, as numpy does (XLA's flush them).
_HOST_BINARY = {"add": "add", "sub": "subtract", "mul": "multiply", "div": "true_divide"}  # numpy's names
_HOST_COMPARE = {"lt": "less", "le": "less_equal", "gt": "greater", "ge": "greater_equal", "eq": "equal",
                 "ne": "not_equal"}


def _host_twin(names: dict):
    def twin(values, static):
        attrs = dict(static)
        name = names.get(attrs["op"])
        if name is None:
            return None  # not an exactly rounded op (pow, mod ...): XLA computes it
        return host.cast_apply(host.EXACT_BINARY[name], values, attrs["dtype"])
    return twin


host.register(binary, _host_twin(_HOST_BINARY))
host.register(compare, _host_twin(_HOST_COMPARE))


def neg(x):
    return jnp.negative(x)


def unary(x, *, op: str, dtype: str | None = None):
    """An elementwise op; ``dtype`` first casts the input (integer inputs of float ops)."""
    return _UNARY[op](x.astype(dtype) if dtype is not None else x)


_HOST_UNARY = {"neg": np.negative, "square": np.square}  # a sign flip; x * x (core.host twins)


def _host_unary(values, static):
    attrs = dict(static)
    ufunc = _HOST_UNARY.get(attrs["op"])
    if ufunc is None:
        return None
    x, dtype = values[0], attrs["dtype"]
    return ufunc(x if dtype is None else x.astype(dtype, copy=False))


host.register(unary, _host_unary)
host.register(neg, lambda values, static: np.negative(values[0]))


def reduce(x, *, op: str, axis, keepdims: bool):
    """A reduction; max/min split the gradient evenly among ties, as MindSpore's ReduceMax does.
    Sums and products keep the input dtype (JAX's 64-bit mode would widen integers)."""
    out = _REDUCE[op](x, axis=axis, keepdims=keepdims)
    return out.astype(x.dtype) if op in ("sum", "prod") and x.dtype != jnp.bool_ else out


@functools.partial(jax.custom_vjp, nondiff_argnums=(1,))
def _prod_all_passthrough(x, keepdims: bool):
    return jnp.prod(x, keepdims=keepdims).astype(x.dtype)


def _prod_all_fwd(x, keepdims):
    return _prod_all_passthrough(x, keepdims), x.shape


def _prod_all_bwd(keepdims, shape, g):
    return (jnp.broadcast_to(jnp.reshape(g, (1,) * len(shape)), shape),)


_prod_all_passthrough.defvjp(_prod_all_fwd, _prod_all_bwd)


def reduce_prod_all(x, *, keepdims: bool):
    """``ops.ReduceProd()(x)`` over every axis: MindSpore 2.x's gradient of the primitive
    with ``axis=()`` is the cotangent broadcast to x's shape (not the product rule that
    ``ops.prod`` uses), reproduced here."""
    return _prod_all_passthrough(x, keepdims)


def arg_reduce_with_value(x, *, op: str, axis: int, keepdims: bool):
    """(index, value) of the max/min along ``axis``: the gradient goes to the first extreme
    element only (MindSpore's ArgMaxWithValue, behind ``Tensor.max(axis)``)."""
    index = (jnp.argmax if op == "max" else jnp.argmin)(x, axis=axis, keepdims=True)
    value = jnp.take_along_axis(x, index, axis=axis)
    if not keepdims:
        index, value = jnp.squeeze(index, axis), jnp.squeeze(value, axis)
    return index.astype(jnp.int32), value


def clip(x, low, high):
    """``clip_by_value``: min then max, so ties split the gradient as MindSpore's does."""
    return jnp.maximum(jnp.minimum(x, high), low)


def where(condition, x, y):
    return jnp.where(condition, x, y)


def concat(*xs, axis: int):
    return jnp.concatenate(xs, axis=axis)


def stack(*xs, axis: int):
    return jnp.stack(xs, axis=axis)


def squeeze(x, *, axis):
    return jnp.squeeze(x, axis)


def expand_dims(x, *, axis: int):
    return jnp.expand_dims(x, axis)


def gather(x, indices, *, axis: int):
    return jnp.take(x, indices, axis=axis)


def gather_d(x, index, *, dim: int):
    return jnp.take_along_axis(x, index, axis=dim)


def tile(x, *, multiples: tuple):
    return jnp.tile(x, multiples)


def fill(*, shape: tuple, value, dtype: str):
    return jnp.full(shape, value, dtype)


def full_like(x, *, value, dtype: str | None = None):
    return jnp.full(x.shape, value, dtype or x.dtype)


def cumsum(x, *, axis: int, exclusive: bool, reverse: bool):
    """Cumulative sum keeping the input dtype; ``exclusive`` starts from 0, ``reverse`` from the end."""
    if reverse:
        x = jnp.flip(x, axis)
    out = jnp.cumsum(x, axis=axis, dtype=x.dtype)
    if exclusive:
        out = out - x
    return jnp.flip(out, axis) if reverse else out


def broadcast_to(x, *, shape: tuple):
    return jnp.broadcast_to(x, shape)


def split(x, *, sections: tuple, axis: int):
    """Pieces of x along ``axis`` at the cumulative ``sections`` offsets."""
    return tuple(jnp.split(x, sections, axis=axis))


def one_hot(indices, on_value, off_value, *, depth: int, axis: int):
    hot = jnp.expand_dims(indices, axis) == jnp.expand_dims(jnp.arange(depth), tuple(
        i for i in range(indices.ndim + 1) if i != (axis % (indices.ndim + 1))))
    return jnp.where(hot, on_value, off_value)


def leaky_relu(x, *, alpha: float):
    return jnp.where(x > 0, x, x * alpha)


def gelu(x, *, approximate: bool):
    return jax.nn.gelu(x, approximate=approximate)


def reduce_sum(x, *, axis, keepdims: bool, dtype):
    out = jnp.sum(x, axis=axis, keepdims=keepdims)
    return out.astype(dtype) if dtype is not None else out


def reduce_mean(x, *, axis, keepdims: bool, dtype: str):
    return kernels.mean(x, axis=axis, keepdims=keepdims).astype(dtype)


def reshape(x, *, shape):
    return jnp.reshape(x, shape)


def transpose(x, *, axes):
    return jnp.transpose(x, axes)
