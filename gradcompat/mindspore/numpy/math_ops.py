"""``mindspore.numpy`` math: elementwise functions, reductions and statistics, linear algebra,
comparisons; each the dialect's op of the same meaning (MindSpore's dtype rules and
gradients), or ``jax.numpy``'s function through one kernel where no op exists."""
from __future__ import annotations

import builtins
from typing import Any

from .. import dtype as mstype
from ..ops import extra_ops as X
from ..ops import functional as F
from ..ops.math_ops import unary
from ..tensor import Tensor, binary
from ._common import axes_tuple, float_input, numpy_op, operands, to_tensor

# pylint: disable=redefined-builtin


def _binary(op: str, name: str):
    def function(x1: Any, x2: Any, dtype: mstype.Type | None = None) -> Tensor:
        a, b = operands(x1, x2)
        out = binary(op, a, b, name=name) if isinstance(a, Tensor) else binary(op, b, a, reverse=True, name=name)
        return out.astype(dtype) if dtype is not None else out
    function.__name__ = function.__qualname__ = op
    function.__doc__ = f"``mindspore.numpy`` ``{op}(x1, x2, dtype=None)`` with MindSpore's dtype promotion."
    return function


add, subtract, multiply = _binary("add", "Add"), _binary("sub", "Sub"), _binary("mul", "Mul")
divide = true_divide = _binary("div", "Div")
power = _binary("pow", "Pow")
float_power = _binary("float_power", "Pow")
maximum, minimum = _binary("maximum", "Maximum"), _binary("minimum", "Minimum")
floor_divide = _binary("floordiv", "FloorDiv")
mod = remainder = _binary("mod", "FloorMod")
fmod, arctan2, hypot = _binary("fmod", "Fmod"), _binary("arctan2", "Atan2"), _binary("hypot", "Hypot")
copysign, logaddexp = _binary("copysign", "CopySign"), _binary("logaddexp", "LogAddExp")
bitwise_and, bitwise_or = _binary("bitwise_and", "BitwiseAnd"), _binary("bitwise_or", "BitwiseOr")
bitwise_xor = _binary("bitwise_xor", "BitwiseXor")
logical_and, logical_or = _binary("logical_and", "LogicalAnd"), _binary("logical_or", "LogicalOr")
logical_xor = _binary("logical_xor", "LogicalXor")
for _f, _n in ((fmod, "fmod"), (floor_divide, "floor_divide"), (mod, "mod"), (float_power, "float_power")):
    _f.__name__ = _f.__qualname__ = _n


def _unary(op: str, name: str):
    def function(x: Any, dtype: mstype.Type | None = None) -> Tensor:
        out = unary(op, to_tensor(x) if not isinstance(x, Tensor) else x, name)
        return out.astype(dtype) if dtype is not None else out
    function.__name__ = function.__qualname__ = op
    function.__doc__ = f"``mindspore.numpy.{op}(x, dtype=None)``: integer inputs of float functions give Float32."
    return function


(exp, log, sqrt, square, absolute, negative, tanh, sin, cos, floor, ceil, sign, log1p, expm1, reciprocal,
 tan, arcsin, arccos, arctan, sinh, cosh, arcsinh, arccosh, arctanh, log2, log10, exp2, cbrt, trunc, rint,
 deg2rad, rad2deg, isnan, isinf, isfinite, logical_not, signbit) = (
    _unary(op, name) for op, name in (
        ("exp", "Exp"), ("log", "Log"), ("sqrt", "Sqrt"), ("square", "Square"), ("abs", "Abs"), ("neg", "Neg"),
        ("tanh", "Tanh"), ("sin", "Sin"), ("cos", "Cos"), ("floor", "Floor"), ("ceil", "Ceil"), ("sign", "Sign"),
        ("log1p", "Log1p"), ("expm1", "Expm1"), ("reciprocal", "Reciprocal"), ("tan", "Tan"), ("arcsin", "Asin"),
        ("arccos", "ACos"), ("arctan", "Atan"), ("sinh", "Sinh"), ("cosh", "Cosh"), ("arcsinh", "Asinh"),
        ("arccosh", "Acosh"), ("arctanh", "Atanh"), ("log2", "Log2"), ("log10", "Log10"), ("exp2", "Exp2"),
        ("cbrt", "Cbrt"), ("trunc", "Trunc"), ("rint", "Rint"), ("deg2rad", "Deg2Rad"), ("rad2deg", "Rad2Deg"),
        ("isnan", "IsNan"), ("isinf", "IsInf"), ("isfinite", "IsFinite"), ("logical_not", "LogicalNot"),
        ("signbit", "SignBit")))
abs = fabs = absolute  # noqa: A001
radians, degrees = deg2rad, rad2deg
fix = trunc


def positive(a: Any, dtype: mstype.Type | None = None) -> Tensor:
    """``mindspore.numpy.positive(a)``: a copy."""
    a = to_tensor(a)
    return a.astype(dtype or a.dtype)


def around(a: Any, decimals: int = 0) -> Tensor:
    """``mindspore.numpy.around(a, decimals=0)`` (also ``round``): halves to even."""
    return F.round(to_tensor(a), decimals=decimals)


round = around  # noqa: A001


def clip(a: Any, a_min: Any, a_max: Any, dtype: mstype.Type | None = None) -> Tensor:
    """``mindspore.numpy.clip(a, a_min, a_max, dtype=None)``."""
    out = F.clip_by_value(to_tensor(a), a_min, a_max)
    return out.astype(dtype) if dtype is not None else out


# -- comparisons --------------------------------------------------------------------------------
def _compare(op: str):
    def function(x1: Any, x2: Any) -> Tensor:
        a, b = operands(x1, x2)
        return getattr(X, op)(a, b)
    function.__name__ = function.__qualname__ = op
    return function


greater, greater_equal, less, less_equal, not_equal = (_compare(op) for op in ("gt", "ge", "lt", "le", "ne"))


def equal(x1: Any, x2: Any) -> Tensor:
    """``mindspore.numpy.equal(x1, x2)``: a Bool Tensor."""
    return F.equal(*operands(x1, x2))


def isclose(a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
    """``mindspore.numpy.isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)``: a Bool Tensor."""
    return numpy_op("isclose", [a, b], "IsClose", rtol=float(rtol), atol=float(atol), equal_nan=bool(equal_nan))


def allclose(a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False) -> Tensor:
    """``allclose(a, b, ...)``: whether every element is close, a Bool Tensor. MindSpore 2.10's
    numpy has no ``allclose`` (numpy's name, kept for programs written against it)."""
    return F.reduce_logical(isclose(a, b, rtol, atol, equal_nan), "all")


def array_equal(a1: Any, a2: Any, equal_nan: bool = False) -> Tensor:
    """``mindspore.numpy.array_equal(a1, a2)``: a Bool Tensor (False for different shapes)."""
    a1, a2 = to_tensor(a1), to_tensor(a2)
    if a1.shape != a2.shape:
        return to_tensor(False)
    return F.reduce_logical(equal(a1, a2), "all")


# -- reductions and statistics ---------------------------------------------------------------------
def sum(a: Any, axis: Any = None, dtype: mstype.Type | None = None, keepdims: bool = False,  # noqa: A001
        initial: Any = None) -> Tensor:
    """``mindspore.numpy.sum(a, axis=None, dtype=None, keepdims=False, initial=None)``:
    integer sums are Int64, as in MindSpore."""
    return to_tensor(a).sum(axis=axis, dtype=dtype, keepdims=keepdims, initial=initial)


def mean(a: Any, axis: Any = None, keepdims: bool = False, dtype: mstype.Type | None = None) -> Tensor:
    """``mindspore.numpy.mean(a, axis=None, keepdims=False, dtype=None)``: the input's dtype
    (an integer mean is truncated, as in MindSpore)."""
    out = to_tensor(a).mean(axis=axis, keep_dims=keepdims)
    return out.astype(dtype) if dtype is not None else out


def var(x: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> Tensor:
    """``mindspore.numpy.var(x, axis=None, ddof=0, keepdims=False)``: Float32 for integer input."""
    x = to_tensor(x)
    axes = axes_tuple(axis, x.ndim)
    # MindSpore centres integer data on its truncated integer mean, then computes in Float32
    centered = float_input(x - x.mean(axis=axes, keep_dims=True))
    count = 1
    for a in (axes if axes is not None else range(x.ndim)):
        count *= x.shape[a]
    out = F.square(centered).sum(axis=axes, keepdims=keepdims)
    return out / builtins.float(builtins.max(count - ddof, 0))


def std(x: Any, axis: Any = None, ddof: int = 0, keepdims: bool = False) -> Tensor:
    """``mindspore.numpy.std(x, axis=None, ddof=0, keepdims=False)``."""
    return F.sqrt(var(x, axis, ddof, keepdims))


def amax(a: Any, axis: Any = None, keepdims: bool = False, initial: Any = None, where: Any = None) -> Tensor:
    """``mindspore.numpy.amax(a, axis=None, keepdims=False)`` (also ``max``)."""
    return F.amax(to_tensor(a), axis, keepdims)


def amin(a: Any, axis: Any = None, keepdims: bool = False, initial: Any = None, where: Any = None) -> Tensor:
    """``mindspore.numpy.amin(a, axis=None, keepdims=False)`` (also ``min``)."""
    return F.amin(to_tensor(a), axis, keepdims)


max, min = amax, amin  # noqa: A001


def ptp(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``mindspore.numpy.ptp(x, axis=None, keepdims=False)``: max - min."""
    return amax(x, axis, keepdims) - amin(x, axis, keepdims)


def average(x: Any, axis: Any = None, weights: Any = None, returned: bool = False) -> Any:
    """``mindspore.numpy.average(x, axis=None, weights=None, returned=False)``."""
    x = to_tensor(x)
    if weights is None:
        total = mean(x, axis)
        scale = to_tensor(builtins.float(x.size if axis is None else x.shape[axis]))
    else:
        w = to_tensor(weights)
        if w.ndim == 1 and x.ndim > 1 and axis is not None:
            shape = [1] * x.ndim
            shape[axis] = w.shape[0]
            w = w.reshape(tuple(shape))
        scale = F.broadcast_to(w, x.shape).sum(axis=axis)
        total = (x * w).sum(axis=axis) / scale
    return (total, scale) if returned else total


def count_nonzero(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    """``mindspore.numpy.count_nonzero(x, axis=None, keepdims=False)``: Int32."""
    return to_tensor(x).__ne__(0).astype(mstype.int32).sum(axis=axis, keepdims=keepdims, dtype=mstype.int32)


def cumsum(a: Any, axis: int | None = None, dtype: mstype.Type | None = None) -> Tensor:
    """``mindspore.numpy.cumsum(a, axis=None, dtype=None)``: over the flattened array by default."""
    a = to_tensor(a)
    if axis is None:
        a, axis = a.reshape(-1), 0
    return F.cumsum(a, axis, dtype)


def argmax(a: Any, axis: int | None = None) -> Tensor:
    """``mindspore.numpy.argmax(a, axis=None)``: Int64 indices."""
    return F.argmax(to_tensor(a), axis)


def argmin(a: Any, axis: int | None = None) -> Tensor:
    """``mindspore.numpy.argmin(a, axis=None)``: Int64 over the flattened array, Int32 along an axis."""
    a = to_tensor(a)
    return F.cast(F.argmin(a), mstype.int64) if axis is None else F.argmin(a, axis)


# -- linear algebra ----------------------------------------------------------------------------------
def matmul(x1: Any, x2: Any, dtype: mstype.Type | None = None) -> Tensor:
    """``mindspore.numpy.matmul(x1, x2, dtype=None)``."""
    out = F.matmul(to_tensor(x1), to_tensor(x2))
    return out.astype(dtype) if dtype is not None else out


def dot(a: Any, b: Any) -> Tensor:
    """``mindspore.numpy.dot(a, b)``: numpy's dot (inner product of vectors, matrix product,
    sums over the last axis of ``a`` and the second-to-last of ``b``)."""
    return numpy_op("dot", [a, b], "Dot")


def tensordot(a: Any, b: Any, axes: Any = 2) -> Tensor:
    """``mindspore.numpy.tensordot(a, b, axes=2)``."""
    if not isinstance(axes, builtins.int):
        axes = tuple(tuple(x) if isinstance(x, (list, tuple)) else x for x in axes)
    return numpy_op("tensordot", [a, b], "TensorDot", axes=axes)


def outer(a: Any, b: Any) -> Tensor:
    """``mindspore.numpy.outer(a, b)``."""
    return numpy_op("outer", [a, b], "Outer")


def inner(a: Any, b: Any) -> Tensor:
    """``mindspore.numpy.inner(a, b)``."""
    return numpy_op("inner", [a, b], "Inner")


def trace(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: mstype.Type | None = None) -> Tensor:
    """``mindspore.numpy.trace(a, offset=0, axis1=0, axis2=1, dtype=None)``: the input's dtype."""
    a = to_tensor(a)
    return numpy_op("trace", [a], "Trace", offset=int(offset), axis1=int(axis1), axis2=int(axis2),
                    dtype=(dtype or a.dtype).np_dtype.name)


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Tensor:  # noqa: A002
    """``mindspore.numpy.norm(x, ord=None, axis=None, keepdims=False)``."""
    return X.norm(float_input(x), ord, axis, keepdims)
