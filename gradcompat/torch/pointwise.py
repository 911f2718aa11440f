"""torch's elementwise functions: unary math, clamp, maximum/minimum, lerp, where, division
with rounding modes, comparisons, logical/bitwise operators, isnan/isfinite, allclose/equal.

Dtype rules as in torch: "floating" functions (exp, sqrt, sigmoid, ...) turn integer and
bool inputs into float32; the others (abs, sign, floor, relu, ...) keep the input dtype;
binary functions use torch's type promotion. Gradients at kinks follow torch: ``abs``,
``relu`` and ``sign`` have 0 at 0, ``sqrt`` has inf at 0, ``clamp`` passes the gradient at
its bounds, ``maximum``/``minimum`` split it evenly at ties.
"""
from __future__ import annotations

import builtins

import numpy as np

from .. import core
from ..core.graph import apply_frozen, freeze
from . import dtypes, ops
from .functions import Scalar, _check_broadcast, _node, _operand, div as _true_div
from .tensor import Tensor, wrap

# name -> (kernel fn, grad_fn name, result is floating)
_UNARY = {
    "abs": ("abs", "AbsBackward0", False), "exp": ("exp", "ExpBackward0", True),
    "log": ("log", "LogBackward0", True), "log1p": ("log1p", "Log1PBackward0", True),
    "log2": ("log2", "Log2Backward0", True), "log10": ("log10", "Log10Backward0", True),
    "expm1": ("expm1", "Expm1Backward0", True), "sqrt": ("sqrt", "SqrtBackward0", True),
    "rsqrt": ("rsqrt", "RsqrtBackward0", True), "sin": ("sin", "SinBackward0", True),
    "cos": ("cos", "CosBackward0", True), "tan": ("tan", "TanBackward0", True),
    "tanh": ("tanh", "TanhBackward0", True), "sigmoid": ("sigmoid", "SigmoidBackward0", True),
    "relu": ("relu", "ReluBackward0", False), "sign": ("sign", "SignBackward0", False),
    "floor": ("floor", "FloorBackward0", False), "ceil": ("ceil", "CeilBackward0", False),
    "trunc": ("trunc", "TruncBackward0", False), "reciprocal": ("reciprocal", "ReciprocalBackward0", True),
    "square": ("square", "PowBackward0", False), "erf": ("erf", "ErfBackward0", True),
    "asin": ("arcsin", "AsinBackward0", True), "acos": ("arccos", "AcosBackward0", True),
    "atan": ("arctan", "AtanBackward0", True), "sinh": ("sinh", "SinhBackward0", True),
    "cosh": ("cosh", "CoshBackward0", True), "frac": ("frac", "FracBackward0", False),
}
_NO_INT = {"floor", "ceil", "trunc", "round"}  # identity copies on integer tensors in torch


def _check_tensor(input, name: str) -> None:
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


def _unary(name: str):
    fn, grad_name, floating = _UNARY[name]
    statics: dict = {}  # result dtype -> the kernel's frozen static attributes, made once

    def op(input: Tensor) -> Tensor:
        _check_tensor(input, name)
        node = input.node
        dtype = dtypes.from_numpy(node.aval.dtype)
        if floating and not dtype.is_floating_point:
            dtype = dtypes.default_float
        if dtype is dtypes.bool_ and name in _NO_INT:
            raise NotImplementedError(f"\"{name}_vml_cpu\" not implemented for 'Bool'")
        if dtype is dtypes.bool_ and name == "relu":
            raise RuntimeError("Boolean inputs not supported for relu")
        if name == "frac" and not dtype.is_floating_point:
            raise NotImplementedError(f"\"frac_cpu\" not implemented for '{dtypes.SCALAR_TYPE_NAMES[dtype.name]}'")
        if name in _NO_INT and not dtype.is_floating_point:
            return wrap(core.apply(ops.astype, [input.node], {"dtype": dtype.np_name}, name=grad_name))
        if name == "abs" and dtype is dtypes.bool_:
            raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
        if name in ("square",) and dtype is dtypes.bool_:
            dtype = dtypes.int64
        static = statics.get(dtype)
        if static is None:
            static = statics[dtype] = freeze({"fn": fn, "dtype": dtype.np_name})
        return wrap(apply_frozen(ops.unary_fn, (node,), static, grad_name))

    op.__name__ = op.__qualname__ = name
    op.__doc__ = (f"``torch.{name}``" + ("; integer inputs give float32." if floating
                                         else "; keeps the input dtype."))
    return op


abs = _unary("abs")  # noqa: A001 - torch's names
exp = _unary("exp")
log = _unary("log")
log1p = _unary("log1p")
log2 = _unary("log2")
log10 = _unary("log10")
expm1 = _unary("expm1")
sqrt = _unary("sqrt")
rsqrt = _unary("rsqrt")
sin = _unary("sin")
cos = _unary("cos")
tan = _unary("tan")
tanh = _unary("tanh")
sigmoid = _unary("sigmoid")
relu = _unary("relu")
sign = _unary("sign")
floor = _unary("floor")
ceil = _unary("ceil")
trunc = _unary("trunc")
frac = _unary("frac")
reciprocal = _unary("reciprocal")
square = _unary("square")
erf = _unary("erf")
asin = _unary("asin")
acos = _unary("acos")
atan = _unary("atan")
sinh = _unary("sinh")
cosh = _unary("cosh")
absolute = abs
arcsin, arccos, arctan = asin, acos, atan


_UNARY["round"] = ("round", "RoundBackward0", False)
_round0 = _unary("round")


def round(input: Tensor, *, decimals: int = 0) -> Tensor:  # noqa: A001
    """``torch.round``: half to even, as torch; ``decimals`` rounds to that many places."""
    _check_tensor(input, "round")
    if decimals != 0 and input.dtype is dtypes.bool_:
        raise NotImplementedError("\"round_cpu\" not implemented for 'Bool'")
    if decimals == 0 or not input.dtype.is_floating_point:
        return _round0(input)
    return wrap(core.apply(ops.round_decimals, [input.node], {"decimals": int(decimals),
                                                              "dtype": input.dtype.np_name},
                           name="RoundBackward1"))


def clamp(input: Tensor, min=None, max=None, *, _name: str | None = None) -> Tensor:  # noqa: A002
    """``torch.clamp``: min(max(x, min), max); the gradient passes at the bounds, as torch's."""
    _check_tensor(input, "clamp")
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    tensors = [b for b in (min, max) if isinstance(b, Tensor)]
    dtype = input.dtype
    for b in (min, max):
        if b is not None:
            dtype = dtypes.result_type((dtype, input.dim()), _operand(b))
    static = {"lo": None if min is None or isinstance(min, Tensor) else _py(min, dtype),
              "hi": None if max is None or isinstance(max, Tensor) else _py(max, dtype),
              "lo_tensor": isinstance(min, Tensor), "hi_tensor": isinstance(max, Tensor),
              "dtype": dtype.np_name}
    name = _name or ("ClampBackward0" if tensors else "ClampBackward1")
    return wrap(core.apply(ops.clamp, [input.node, *(t.node for t in tensors)], static, name=name))


def _py(value, dtype: dtypes.dtype):
    value = value.item() if isinstance(value, np.generic) else value
    return float(value) if dtype.is_floating_point else int(value)


clip = clamp


def clamp_min(input: Tensor, min) -> Tensor:  # noqa: A002
    """``torch.clamp_min`` (its own grad_fn, ClampMinBackward0)."""
    return clamp(input, min=min, _name="ClampMinBackward0")


def clamp_max(input: Tensor, max) -> Tensor:  # noqa: A002
    """``torch.clamp_max`` (its own grad_fn, ClampMaxBackward0)."""
    return clamp(input, max=max, _name="ClampMaxBackward0")


def _tensor_binary(kernel_fn: str, name: str, grad_name: str):
    def op(input: Tensor, other: Tensor) -> Tensor:
        if not isinstance(other, Tensor):
            raise TypeError(f"{name}(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}")
        _check_tensor(input, name)
        dtype = dtypes.result_type(_operand(input), _operand(other))
        return _named_binary(kernel_fn, input, other, grad_name, dtype)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``torch.{name}`` with torch's type promotion (gradient split evenly at ties)."
    return op


def _named_binary(fn: str, a, b, grad_name: str, dtype: dtypes.dtype) -> Tensor:
    _check_broadcast(a, b)
    return wrap(core.apply(ops.binary_fn, [_node(a, dtype), _node(b, dtype)],
                           {"fn": fn, "dtype": dtype.np_name}, name=grad_name))


maximum = _tensor_binary("maximum", "maximum", "MaximumBackward0")
minimum = _tensor_binary("minimum", "minimum", "MinimumBackward0")
fmax = _tensor_binary("fmax", "fmax", "FmaxBackward0")
fmin = _tensor_binary("fmin", "fmin", "FminBackward0")
atan2 = _tensor_binary("arctan2", "atan2", "Atan2Backward0")


def lerp(input: Tensor, end: Tensor, weight) -> Tensor:
    """``torch.lerp(start, end, weight)`` with torch's formula; weight a number or tensor."""
    _check_tensor(input, "lerp")
    if input.dtype is not end.dtype:
        raise RuntimeError(f"expected dtype {dtypes.C_TYPE_NAMES[input.dtype.name]} for `end` but got dtype "
                           f"{dtypes.C_TYPE_NAMES[end.dtype.name]}")
    dtype = input.dtype
    w = weight.node if isinstance(weight, Tensor) else core.Constant(np.asarray(weight, dtype.np))
    name = "LerpBackward1" if isinstance(weight, Tensor) else "LerpBackward0"
    return wrap(core.apply(ops.lerp, [input.node, end.node, w], {"dtype": dtype.np_name}, name=name))


def where(condition: Tensor, input=None, other=None) -> Tensor:
    """``torch.where(cond, x, y)`` (scalars allowed, torch's promotion); ``where(cond)`` is nonzero."""
    if input is None and other is None:
        from .indexing import nonzero
        return nonzero(condition, as_tuple=True)
    if condition.dtype is not dtypes.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor with dtype "
                           f"{dtypes.SCALAR_TYPE_NAMES[condition.dtype.name]}")
    dtype = dtypes.result_type(_operand(input), _operand(other))
    return wrap(core.apply(ops.where, [condition.node, _node(input, dtype), _node(other, dtype)],
                           {"dtype": dtype.np_name}, name="WhereBackward0"))


def div(input, other, *, rounding_mode: str | None = None) -> Tensor:
    """``torch.div``: true division (integers give float32), or "trunc" / "floor" rounding
    that keeps the promoted dtype."""
    if rounding_mode is None:
        return _true_div(input, other)
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
                           f"'{rounding_mode}'")
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError("div(): argument 'input' (position 1) must be Tensor")
    dtype = dtypes.result_type(_operand(input), _operand(other))
    if not dtype.is_floating_point:
        _check_int_zero(other)
    _check_broadcast(input, other)
    return wrap(core.apply(ops.div_mode, [_node(input, dtype), _node(other, dtype)],
                           {"mode": rounding_mode, "dtype": dtype.np_name}, name="DivBackward3"))


def _check_int_zero(divisor) -> None:
    value = divisor._value if isinstance(divisor, Tensor) else divisor
    if divisor is not None and np.any(np.asarray(value) == 0):
        raise RuntimeError("ZeroDivisionError")


divide = div


def true_divide(input, other) -> Tensor:
    return _true_div(input, other)


def floor_divide(input, other) -> Tensor:
    """``torch.floor_divide`` / ``//``."""
    return div(input, other, rounding_mode="floor")


def remainder(input, other) -> Tensor:
    """``torch.remainder`` / ``%``: the result has the divisor's sign, as Python's."""
    dtype = dtypes.result_type(_operand(input), _operand(other))
    if not dtype.is_floating_point:
        _check_int_zero(other)
    _check_broadcast(input, other)
    return wrap(core.apply(ops.remainder, [_node(input, dtype), _node(other, dtype)], {"dtype": dtype.np_name},
                           name="RemainderBackward0"))


# ----- comparisons and logic -----------------------------------------------------------------

def _no_grad(fn, nodes, static) -> Tensor:
    """Bool and integer results never require grad in torch: no graph is recorded."""
    with core.recording.grad_mode(False):
        return wrap(core.apply(fn, nodes, static))


def _compare(fn: str, name: str):
    def op(input, other) -> Tensor:
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")
        if not isinstance(other, (Tensor, *Scalar)):
            raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, "
                            f"{type(other).__name__})")
        dtype = dtypes.result_type(_operand(input), _operand(other))
        _check_broadcast(input, other)
        return _no_grad(ops.binary_fn, [_node(input, dtype), _node(other, dtype)],
                        {"fn": fn, "dtype": dtype.np_name})

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``torch.{name}``: a bool tensor (never requires grad), torch's type promotion."
    return op


eq = _compare("equal", "eq")
ne = _compare("not_equal", "ne")
lt = _compare("less", "lt")
le = _compare("less_equal", "le")
gt = _compare("greater", "gt")
ge = _compare("greater_equal", "ge")
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def _bitwise(fn: str, name: str):
    def op(input, other) -> Tensor:
        dtype = dtypes.result_type(_operand(input), _operand(other))
        if dtype.is_floating_point:
            raise NotImplementedError(f"\"{name}_cpu\" not implemented for '{dtypes.SCALAR_TYPE_NAMES[dtype.name]}'")
        _check_broadcast(input, other)
        return _no_grad(ops.binary_fn, [_node(input, dtype), _node(other, dtype)],
                        {"fn": fn, "dtype": dtype.np_name})

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``torch.{name}`` on bool and integer tensors (torch's error for floating ones)."
    return op


bitwise_and = _bitwise("bitwise_and", "bitwise_and")
bitwise_or = _bitwise("bitwise_or", "bitwise_or")
bitwise_xor = _bitwise("bitwise_xor", "bitwise_xor")


def bitwise_not(input: Tensor) -> Tensor:
    """``torch.bitwise_not`` / ``~``: logical not on bool, bitwise on integers."""
    if input.dtype.is_floating_point:
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    fn = "logical_not" if input.dtype is dtypes.bool_ else "invert"
    return _no_grad(ops.predicate, [input.node], {"fn": fn})


def _logical(fn: str):
    def op(input, other) -> Tensor:
        _check_broadcast(input, other)
        return _no_grad(ops.binary_fn, [_node(input, dtypes.bool_), _node(other, dtypes.bool_)],
                        {"fn": fn, "dtype": "bool"})

    op.__name__ = op.__qualname__ = fn
    op.__doc__ = f"``torch.{fn}``: a bool tensor (operands are truth-tested)."
    return op


logical_and = _logical("logical_and")
logical_or = _logical("logical_or")
logical_xor = _logical("logical_xor")


def logical_not(input: Tensor) -> Tensor:
    return _no_grad(ops.predicate, [_node(input, dtypes.bool_)], {"fn": "logical_not"})


def _predicate(fn: str):
    def op(input: Tensor) -> Tensor:
        _check_tensor(input, fn)
        return _no_grad(ops.predicate, [input.node], {"fn": fn})

    op.__name__ = op.__qualname__ = fn
    op.__doc__ = f"``torch.{fn}``: a bool tensor."
    return op


isnan = _predicate("isnan")
isfinite = _predicate("isfinite")
isinf = _predicate("isinf")


def allclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
             equal_nan: bool = False) -> bool:
    """``torch.allclose``: a python bool; dtypes must match, as in torch."""
    if input.dtype is not other.dtype:
        raise RuntimeError(f"{dtypes.SCALAR_TYPE_NAMES[input.dtype.name]} did not match "
                           f"{dtypes.SCALAR_TYPE_NAMES[other.dtype.name]}")
    _check_broadcast(input, other)
    return builtins.bool(np.allclose(np.asarray(input._value, np.float64), np.asarray(other._value, np.float64),
                                     rtol=rtol, atol=atol, equal_nan=equal_nan))


def isclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08,
            equal_nan: bool = False) -> Tensor:
    from .functions import from_jax
    return from_jax(np.isclose(np.asarray(input._value, np.float64), np.asarray(other._value, np.float64),
                               rtol=rtol, atol=atol, equal_nan=equal_nan))


def equal(input: Tensor, other: Tensor) -> bool:
    """``torch.equal``: same shape and same values (a python bool)."""
    if tuple(input.shape) != tuple(other.shape):
        return False
    return builtins.bool(np.array_equal(np.asarray(input._value), np.asarray(other._value)))


__all__ = ["abs", "absolute", "acos", "allclose", "arccos", "arcsin", "arctan", "asin", "atan", "atan2",
           "bitwise_and", "bitwise_not", "bitwise_or", "bitwise_xor", "ceil", "clamp", "clamp_max",
           "clamp_min", "clip", "cos", "cosh", "div", "divide", "eq", "equal", "erf", "exp", "expm1",
           "floor", "floor_divide", "fmax", "fmin", "ge", "greater", "greater_equal", "gt", "isclose",
           "isfinite", "isinf", "isnan", "le", "lerp", "less", "less_equal", "log", "log10", "log1p", "log2",
           "logical_and", "logical_not", "logical_or", "logical_xor", "lt", "maximum", "minimum", "ne",
           "not_equal", "reciprocal", "relu", "remainder", "round", "rsqrt", "sigmoid", "sign", "sin",
           "sinh", "sqrt", "square", "tan", "tanh", "true_divide", "trunc", "frac", "where"]
