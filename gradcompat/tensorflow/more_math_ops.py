"""More of ``tf.math``: rounding, trigonometry, predicates, ``add_n``, ``squared_difference``,
``divide_no_nan``, ``xlogy``, ``l2_normalize``, ``reduce_euclidean_norm``, ``top_k``.

Rounding ops have no gradient in TF (None, not zero): their results are cut from the
graph with core's stop_gradient.
"""
from __future__ import annotations

import collections

import jax
import jax.numpy as jnp
import jax.scipy.special

from .. import core
from . import tie_kernels
from .array_ops import static_ints
from .math_ops import _binary, _unary
from .op_errors import check_same_dtype
from .reduction_ops import _axes
from .tensor import Tensor, convert_to_tensor, make_op


def _add_n(*xs): return sum(xs[1:], xs[0])  # noqa: E704
def _squared_difference(x, y): return (x - y) * (x - y)  # noqa: E704
def _rsqrt(x): return jax.lax.rsqrt(x)  # noqa: E704
def _expm1(x): return jnp.expm1(x)  # noqa: E704
def _erf(x): return jax.scipy.special.erf(x)  # noqa: E704
def _atan2(y, x): return jnp.arctan2(y, x)  # noqa: E704


def _divide_no_nan(x, y):
    zero = y == 0
    return jnp.where(zero, jnp.zeros((), x.dtype), x / jnp.where(zero, jnp.ones((), y.dtype), y))


def _elementwise(kind: str):
    def fn(x):
        return getattr(jnp, kind)(x)
    fn.__name__ = f"_{kind}"
    fn.__qualname__ = fn.__name__
    return fn


_KERNELS = {kind: _elementwise(kind) for kind in
            ("floor", "ceil", "round", "rint", "arcsin", "arccos", "arctan", "tan", "sinh", "cosh", "isnan",
             "isfinite", "isinf")}


def _l2_normalize(x, *, axis, epsilon: float):
    square_sum = jnp.sum(x * x, axis=axis, keepdims=True)
    return x * jax.lax.rsqrt(tie_kernels.maximum(square_sum, jnp.asarray(epsilon, x.dtype)))


def _euclidean_norm(x, *, axis, keepdims: bool):
    return jnp.sqrt(jnp.sum(x * x, axis=axis, keepdims=keepdims))


def _top_k(x, *, k: int, index: int):
    return jax.lax.top_k(x, k)[index]


# ---------------------------------------------------------------------------- public ops

def _without_gradient(kind: str, op_type: str):
    def op(x, name: str | None = None) -> Tensor:
        out = make_op(_KERNELS[kind], [convert_to_tensor(x)], op_type=op_type, name=name)
        return make_op(core.stop_gradient, [out], op_type="StopGradient")
    op.__name__ = kind
    op.__doc__ = f"``tf.math.{kind}`` (TF op {op_type}): no gradient (None), as in TF."
    return op


floor = _without_gradient("floor", "Floor")
ceil = _without_gradient("ceil", "Ceil")
round = _without_gradient("round", "Round")  # noqa: A001 - TF's name; half to even, as TF
rint = _without_gradient("rint", "Rint")
is_nan = _without_gradient("isnan", "IsNan")
is_finite = _without_gradient("isfinite", "IsFinite")
is_inf = _without_gradient("isinf", "IsInf")
rsqrt = _unary(_rsqrt, "Rsqrt", floats_only=True)
expm1 = _unary(_expm1, "Expm1", floats_only=True)
erf = _unary(_erf, "Erf", floats_only=True)
asin = _unary(_KERNELS["arcsin"], "Asin", floats_only=True)
acos = _unary(_KERNELS["arccos"], "Acos", floats_only=True)
atan = _unary(_KERNELS["arctan"], "Atan", floats_only=True)
tan = _unary(_KERNELS["tan"], "Tan", floats_only=True)
sinh = _unary(_KERNELS["sinh"], "Sinh", floats_only=True)
cosh = _unary(_KERNELS["cosh"], "Cosh", floats_only=True)


def add_n(inputs, name: str | None = None) -> Tensor:
    """``tf.math.add_n``: the sum of same-dtype, same-shape tensors."""
    tensors = [convert_to_tensor(t) for t in inputs]
    for t in tensors[1:]:
        check_same_dtype("AddN", tensors[0], t, names=("inputs", "inputs"))
    return make_op(_add_n, tensors, op_type="AddN", name=name)


def squared_difference(x, y, name: str | None = None) -> Tensor:
    """``tf.math.squared_difference``."""
    return _binary(_squared_difference, x, y, "SquaredDifference", "SquaredDifference", name)


def atan2(y, x, name: str | None = None) -> Tensor:
    """``tf.math.atan2``."""
    return _binary(_atan2, y, x, "Atan2", "Atan2", name)


def divide_no_nan(x, y, name: str | None = None) -> Tensor:
    """``tf.math.divide_no_nan``: 0 where ``y`` is 0 (and a 0 gradient there)."""
    return _binary(_divide_no_nan, x, y, "DivNoNan", "div_no_nan", name)


def xlogy(x, y, name: str | None = None) -> Tensor:
    """``tf.math.xlogy``: 0 where ``x`` is 0, with TF's gradient there."""
    return _binary(tie_kernels.xlogy, x, y, "Xlogy", "Xlogy", name)


def l2_normalize(x, axis=None, epsilon: float = 1e-12, name: str | None = None, dim=None) -> Tensor:
    """``tf.math.l2_normalize`` / ``tf.nn.l2_normalize``: ``x / sqrt(max(sum(x**2), epsilon))``."""
    x = convert_to_tensor(x)
    chosen = axis if axis is not None else dim
    axes = None if chosen is None else tuple(static_ints(chosen))
    return make_op(_l2_normalize, [x], {"axis": axes, "epsilon": float(epsilon)}, op_type="l2_normalize", name=name)


def reduce_euclidean_norm(input_tensor, axis=None, keepdims: bool = False, name: str | None = None) -> Tensor:
    """``tf.math.reduce_euclidean_norm``."""
    x = convert_to_tensor(input_tensor)
    static = {"axis": _axes(axis, x.shape.rank, "EuclideanNorm"), "keepdims": bool(keepdims)}
    return make_op(_euclidean_norm, [x], static, op_type="EuclideanNorm", name=name)


TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def top_k(input, k: int = 1, sorted: bool = True, index_type=None, name: str | None = None) -> TopKV2:  # noqa: A002
    """``tf.math.top_k`` / ``tf.nn.top_k``: the k largest along the last axis (int32 indices;
    of equal values the lower index comes first)."""
    x = convert_to_tensor(input)
    k = static_ints(k)[0]
    values = make_op(_top_k, [x], {"k": k, "index": 0}, op_type="TopKV2", name=name)
    indices = make_op(_top_k, [x], {"k": k, "index": 1}, op_type="TopKV2")
    return TopKV2(values, indices)
