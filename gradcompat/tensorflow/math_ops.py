"""TF's elementwise math ops and tensor operators, shared by the TF2 top level and ``tf.compat.v1``.

Each op is a module-level pure JAX function (a stable identity for the compile cache)
plus a public function that reproduces TF's argument semantics: conversion of python
values to the other operand's dtype, refusal to mix dtypes, TF's op names and errors.
Gradients at ties and kinks are TF's (see ``tie_kernels``).
"""
from __future__ import annotations

import builtins
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from ..core import host
from . import dtypes as _dt
from . import tie_kernels
from .array_ops import (concat, expand_dims, fill, identity, ones, ones_like, reshape, shape, size,  # noqa: F401
                        squeeze, stack, tile, transpose, unstack, zeros, zeros_like)
from .graph import executing_eagerly, v2_tensorshape
from .op_errors import check_broadcast, check_same_dtype, dims_text, kernel_error, unsupported_dtype
from .shapes import TensorShape
from .tensor import Tensor, _convert_value, convert_to_tensor, make_op, wrap

# ---------------------------------------------------------------------------- pure JAX ops


def _add(x, y): return x + y  # noqa: E704
def _sub(x, y): return x - y  # noqa: E704
def _mul(x, y): return x * y  # noqa: E704
def _neg(x): return -x  # noqa: E704
def _square(x): return x * x  # noqa: E704
def _exp(x): return jnp.exp(x)  # noqa: E704
def _log(x): return jnp.log(x)  # noqa: E704
def _log1p(x): return jnp.log1p(x)  # noqa: E704
def _tanh(x): return jnp.tanh(x)  # noqa: E704
def _sigmoid(x): return jax.nn.sigmoid(x)  # noqa: E704
def _softplus(x): return jax.nn.softplus(x)  # noqa: E704
def _abs(x): return jnp.abs(x)  # noqa: E704
def _sign(x): return jnp.sign(x)  # noqa: E704
def _sin(x): return jnp.sin(x)  # noqa: E704
def _cos(x): return jnp.cos(x)  # noqa: E704
def _reciprocal(x): return 1 / x if jnp.issubdtype(x.dtype, jnp.inexact) else 1 // x  # noqa: E704
def _realdiv(x, y): return x / y  # noqa: E704
def _floordiv(x, y): return jnp.floor_divide(x, y)  # noqa: E704
def _floormod(x, y): return jnp.mod(x, y)  # noqa: E704
def _int_pow(x, y): return jnp.power(x, y)  # noqa: E704
def _int_maximum(x, y): return jnp.maximum(x, y)  # noqa: E704
def _int_minimum(x, y): return jnp.minimum(x, y)  # noqa: E704
def _logical_not(x): return jnp.logical_not(x)  # noqa: E704
def _int_clip(x, lo, hi): return jnp.maximum(jnp.minimum(x, hi), lo)  # noqa: E704
def _select(c, x, y): return jnp.where(c, x, y)  # noqa: E704


def _relu(x):
    # TF's ReluGrad passes the gradient only where x > 0 (JAX's maximum splits a tie at 0);
    # NaN stays NaN, as TF's max(x, 0) keeps it
    return jnp.where((x > 0) | jnp.isnan(x), x, jnp.zeros((), x.dtype))


def _int_truediv(x, y, *, dtype):
    return x.astype(dtype) / y.astype(dtype)


def _compare(x, y, *, kind: str):
    return getattr(jnp, kind)(x, y)


def _cast(x, *, dtype):
    return x.astype(dtype)


# ---------------------------------------------------------------------------- host twins
# numpy twins (core.host) of the ops IEEE defines exactly: small host tensors skip the XLA
# dispatch. TF's CPU kernels treat subnormal float32/float64 inputs as zero and flush subnormal
# results to zero (float16 keeps them: Eigen computes halves in float32), as XLA's kernels do and
# numpy does not; a twin declines (None: XLA computes it) where a subnormal number is involved.

_TINY = {np.dtype(np.float32): float(np.finfo(np.float32).tiny),
         np.dtype(np.float64): float(np.finfo(np.float64).tiny)}


def _subnormal(arrays, tiny: float, _min=builtins.min, _abs=builtins.abs) -> bool:
    """Whether any of these small float arrays holds a subnormal number (0 < |v| < tiny): in
    Python, which is cheaper than numpy's reductions on a few elements."""
    values = []
    for a in arrays:
        values += a.ravel().tolist()
    if _min(tiny, *map(_abs, values)) < tiny:  # (tiny first: a NaN is never the minimum)
        for v in values:
            if 0.0 < _abs(v) < tiny:
                return True
    return False


def _flushing_twin(ufunc, compares: bool = False):
    def twin(values, static):
        x, y = values
        if x.dtype != y.dtype:
            return None
        out = ufunc(x, y)
        tiny = _TINY.get(x.dtype)
        if tiny is not None and _subnormal((x, y) if compares else (x, y, out), tiny):
            return None
        return out
    return twin


_HOST_COMPARE = {kind: _flushing_twin(host.EXACT_BINARY[kind], compares=True) for kind in
                 ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal")}


def _host_compare(values, static):
    twin = _HOST_COMPARE.get(static[0][1])  # static: (("kind", kind),)
    return None if twin is None else twin(values, static)


def _host_square(values, static):
    x = values[0]
    out = np.multiply(x, x)
    tiny = _TINY.get(x.dtype)
    return None if tiny is not None and _subnormal((x, out), tiny) else out


def _host_int_truediv(values, static):
    # integer quotients are never subnormal: no flush to mimic
    dtype = static[0][1]
    x, y = values
    return np.true_divide(x.astype(dtype), y.astype(dtype))


for _kernel, _twin in ((_add, _flushing_twin(np.add)), (_sub, _flushing_twin(np.subtract)),
                       (_mul, _flushing_twin(np.multiply)), (_realdiv, _flushing_twin(np.true_divide)),
                       (_compare, _host_compare), (_int_truediv, _host_int_truediv), (_square, _host_square),
                       (_neg, lambda values, static: np.negative(values[0]))):  # (TF negates subnormals too)
    host.register(_kernel, _twin)


# ---------------------------------------------------------------------------- conversion rules

def _is_tensor(x: Any) -> bool:
    return isinstance(x, Tensor) or hasattr(x, "_as_tensor")


def _operands(x: Any, y: Any, op_type: str = "") -> tuple[Tensor, Tensor]:
    """TF's binary-op conversion: python values take the other operand's dtype."""
    if _is_tensor(x) or not _is_tensor(y):
        xt = convert_to_tensor(x)
        yt = y if _is_tensor(y) else _convert_operand(y, xt.dtype, "y", op_type)
        return xt, convert_to_tensor(yt)
    yt = convert_to_tensor(y)
    return _convert_operand(x, yt.dtype, "x", op_type), yt


def _convert_operand(value: Any, dtype: _dt.DType, arg: str, op_type: str = "") -> Tensor:
    if isinstance(value, np.ndarray):
        return convert_to_tensor(value)
    if isinstance(value, str):  # gradcompat has no string tensors; TF's texts for the mismatch
        if executing_eagerly():
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.np.name.rstrip('0123456789')}")
        other = "x" if arg == "y" else "y"
        raise TypeError(f"Input '{arg}' of '{op_type}' Op has type string that does not match type "
                        f"{dtype.name} of argument '{other}'.")
    try:
        if type(value) in _PYTHON_NUMBERS and dtype != _dt.string:
            return _host_scalar(value, dtype)
        return convert_to_tensor(value, dtype=dtype)
    except TypeError:
        if executing_eagerly():
            raise
        raise TypeError(f"Expected {dtype.name} passed to parameter '{arg}' of op '{op_type}', got "
                        f"{value!r} of type '{type(value).__name__}' instead. Error: Expected "
                        f"{dtype.name}, but got {value!r} of type '{type(value).__name__}'.") from None


_PYTHON_NUMBERS = (builtins.bool, builtins.int, builtins.float)


def _host_scalar(value, dtype: _dt.DType) -> Tensor:
    """A Python number operand, converted as ``tf.constant(value, dtype)`` converts it (a float out
    of the dtype's range is inf, silently, as in TF), held as a numpy array: the op it feeds runs
    on the host when the other operand is small (``core.host``), without a transfer to XLA."""
    with np.errstate(over="ignore"):
        array, target = _convert_value(value, dtype)
    return wrap(core.Constant(array), target, TensorShape(()), "Const")


def _binary(fn, x, y, op_type: str, node_name: str, name: str | None, int_fn=None) -> Tensor:
    a, b = _operands(x, y, op_type)
    check_same_dtype(op_type, a, b)
    check_broadcast(op_type, node_name, a, b)
    if int_fn is not None and not a.dtype.is_floating:
        fn = int_fn  # the tie kernels are for floats (integers have no gradient)
    return make_op(fn, [a, b], op_type=node_name, name=name)


# ---------------------------------------------------------------------------- public binary ops

def add(x, y, name: str | None = None) -> Tensor:
    """``tf.add`` (TF op AddV2, node name ``Add``)."""
    return _binary(_add, x, y, "AddV2", "Add", name)


def subtract(x, y, name: str | None = None) -> Tensor:
    """``tf.subtract`` (TF op Sub)."""
    return _binary(_sub, x, y, "Sub", "Sub", name)


def multiply(x, y, name: str | None = None) -> Tensor:
    """``tf.multiply`` (TF op Mul)."""
    return _binary(_mul, x, y, "Mul", "Mul", name)


def _truediv(x, y, name: str | None, node_name: str = "truediv") -> Tensor:
    a, b = _operands(x, y, "RealDiv")
    if a.dtype != b.dtype:  # TF's python-level check, before any kernel
        raise TypeError(f"`x` and `y` must have the same dtype, got {a.dtype!r} != {b.dtype!r}.")
    check_broadcast("RealDiv", node_name, a, b)
    if a.dtype.is_integer:  # TF's truediv casts int32 to float64 (int8/16 to float32)
        target = np.float32 if a.dtype.np.itemsize <= 2 else np.float64
        return make_op(_int_truediv, [a, b], {"dtype": np.dtype(target)}, op_type=node_name, name=name)
    return make_op(_realdiv, [a, b], op_type=node_name, name=name)


def divide(x, y, name: str | None = None) -> Tensor:
    """``tf.divide`` / ``tf.truediv``: integers are divided as floats, as TF does."""
    return _truediv(x, y, name)


truediv = divide


def floordiv(x, y, name: str | None = None) -> Tensor:
    """``tf.math.floordiv`` (TF op FloorDiv): rounds toward -inf, for ints and floats."""
    return _binary(_floordiv, x, y, "FloorDiv", "floordiv", name)


def floormod(x, y, name: str | None = None) -> Tensor:
    """``tf.math.floormod`` / ``tf.math.mod`` (TF op FloorMod): the result has y's sign."""
    return _binary(_floormod, x, y, "FloorMod", "mod", name)


def pow(x, y, name: str | None = None) -> Tensor:  # noqa: A001 - TF's name
    """``tf.pow``: TF's gradient (nan for d/dx at 0**0, log(x) used only where x > 0)."""
    return _binary(tie_kernels.power, x, y, "Pow", "Pow", name, int_fn=_int_pow)


def maximum(x, y, name: str | None = None) -> Tensor:
    """``tf.maximum``: at a tie the gradient goes to ``x`` (TF's rule)."""
    return _binary(tie_kernels.maximum, x, y, "Maximum", "Maximum", name, int_fn=_int_maximum)


def minimum(x, y, name: str | None = None) -> Tensor:
    """``tf.minimum``: at a tie the gradient goes to ``x`` (TF's rule)."""
    return _binary(tie_kernels.minimum, x, y, "Minimum", "Minimum", name, int_fn=_int_minimum)


def _comparison(kind: str, op_type: str):
    def op(x, y, name: str | None = None) -> Tensor:
        a, b = _operands(x, y, op_type)
        check_same_dtype(op_type, a, b)
        check_broadcast(op_type, op_type, a, b)
        return make_op(_compare, [a, b], {"kind": kind}, op_type=op_type, name=name)
    op.__name__ = kind
    op.__doc__ = f"``tf.math.{kind}`` (TF op {op_type}): a bool tensor."
    return op


equal = _comparison("equal", "Equal")
not_equal = _comparison("not_equal", "NotEqual")
less = _comparison("less", "Less")
less_equal = _comparison("less_equal", "LessEqual")
greater = _comparison("greater", "Greater")
greater_equal = _comparison("greater_equal", "GreaterEqual")
logical_and = _comparison("logical_and", "LogicalAnd")
logical_or = _comparison("logical_or", "LogicalOr")
logical_xor = _comparison("logical_xor", "LogicalXor")


def logical_not(x, name: str | None = None) -> Tensor:
    """``tf.math.logical_not``."""
    return make_op(_logical_not, [convert_to_tensor(x)], op_type="LogicalNot", name=name)


# ---------------------------------------------------------------------------- public unary ops

def _unary(fn, op_type: str, floats_only: bool = False, doc: str = "", int_fn=None):
    def op(x, name: str | None = None) -> Tensor:
        x = convert_to_tensor(x)
        if floats_only and not (x.dtype.is_floating or x.dtype.is_complex):
            raise unsupported_dtype(op_type, x.dtype)
        kernel = int_fn if int_fn is not None and not x.dtype.is_floating else fn
        return make_op(kernel, [x], op_type=op_type, name=name)
    op.__name__ = op_type.lower()
    op.__doc__ = f"``tf.{op_type.lower()}`` (TF op {op_type}).{doc}"
    return op


negative = _unary(_neg, "Neg")
square = _unary(_square, "Square")
abs = _unary(tie_kernels.abs, "Abs", doc=" The gradient at 0 is 0.", int_fn=_abs)  # noqa: A001 - TF's name
sign = _unary(_sign, "Sign", doc=" The gradient is 0.")
reciprocal = _unary(_reciprocal, "Reciprocal")
relu = _unary(_relu, "Relu", doc=" The gradient at 0 is 0 (JAX's would be 0.5).")
exp = _unary(_exp, "Exp", floats_only=True)
log = _unary(_log, "Log", floats_only=True)
log1p = _unary(_log1p, "Log1p", floats_only=True)
sqrt = _unary(tie_kernels.sqrt, "Sqrt", floats_only=True, doc=" TF's gradient (0 where dy is 0).")
tanh = _unary(_tanh, "Tanh", floats_only=True)
sigmoid = _unary(_sigmoid, "Sigmoid", floats_only=True)
softplus = _unary(_softplus, "Softplus", floats_only=True)
sin = _unary(_sin, "Sin", floats_only=True)
cos = _unary(_cos, "Cos", floats_only=True)


def stop_gradient(input, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.stop_gradient``: the core stop_gradient op (gradients treat it as a leaf)."""
    return make_op(core.graph.stop_gradient, [convert_to_tensor(input)], op_type="StopGradient", name=name)


def cast(x, dtype, name: str | None = None) -> Tensor:
    """``tf.cast``: floats to ints truncate toward zero; anything nonzero to bool is True."""
    x = convert_to_tensor(x)
    try:
        target = _dt.as_dtype(dtype)
    except TypeError:
        raise TypeError(f"Cannot convert the argument `type_value`: {dtype!r} to a TensorFlow DType.") from None
    return make_op(_cast, [x], {"dtype": target.np}, op_type="Cast", name=name)


def clip_by_value(t, clip_value_min, clip_value_max, name: str | None = None) -> Tensor:
    """``tf.clip_by_value``: TF2's minimum-then-maximum, so the gradient passes at the bounds."""
    t = convert_to_tensor(t)
    lo = _convert_operand(clip_value_min, t.dtype, "y", "Maximum") if not _is_tensor(clip_value_min) \
        else convert_to_tensor(clip_value_min)
    hi = _convert_operand(clip_value_max, t.dtype, "y", "Minimum") if not _is_tensor(clip_value_max) \
        else convert_to_tensor(clip_value_max)
    check_same_dtype("Minimum", t, hi)
    check_same_dtype("Maximum", t, lo)
    fn = tie_kernels.clip if t.dtype.is_floating else _int_clip
    return make_op(fn, [t, lo, hi], op_type="clip_by_value", name=name)


def where(condition, x=None, y=None, name: str | None = None) -> Tensor:
    """``tf.where``: with x and y, a broadcasting select (SelectV2); alone, the int64
    coordinates of the true entries (eager only: the count is data-dependent)."""
    c = convert_to_tensor(condition)
    if x is None and y is None:
        coords = np.argwhere(np.asarray(c.numpy())).astype(np.int64)
        return convert_to_tensor(coords)
    a, b = _operands(x, y, "SelectV2")
    check_same_dtype("SelectV2", a, b, names=("t", "e"))
    dims = [t.shape.dims for t in (c, a, b)]
    if all(d is not None for d in dims):
        try:
            np.broadcast_shapes(*[tuple(1 if v is None else v for v in d) for d in dims])
        except ValueError:
            raise kernel_error("SelectV2", f"condition {dims_text(dims[0])}, then {dims_text(dims[1])}, and else "
                                           f"{dims_text(dims[2])} must be broadcastable", name=None) from None
    return make_op(_select, [c, a, b], op_type="SelectV2", name=name)


# ---------------------------------------------------------------------------- operators

def _tensor_equality() -> bool:
    """TF2 compares tensors elementwise (eagerly or in tf.function); TF1 graphs by identity."""
    from . import tracing
    return v2_tensorshape() and (executing_eagerly() or tracing.current() is not None)


def _equality(a, b, negate: bool):
    """``==`` / ``!=``: TF2's elementwise Equal (a scalar answer for shapes that do not
    broadcast, a python bool against None), or identity in TF1 graph mode."""
    if b is None or not _tensor_equality():
        return (a is not b) if negate else (a is b)
    x, y = _operands(a, b, "Equal")
    dims = (x.shape.dims, y.shape.dims)
    if None not in dims and all(None not in d for d in dims):
        try:
            np.broadcast_shapes(tuple(dims[0]), tuple(dims[1]))
        except ValueError:
            return convert_to_tensor(negate)
    return not_equal(x, y) if negate else equal(x, y)


def _getitem(tensor, index):
    from .slicing import getitem
    return getitem(tensor, index)


def _iterate(tensor):
    """Eager tensors iterate over their first axis, as in TF; graph tensors cannot."""
    x = convert_to_tensor(tensor)
    if not executing_eagerly() and x.node.value is None:
        raise TypeError("Tensor objects are only iterable when eager execution is enabled. To iterate over "
                        "this tensor use tf.map_fn.")
    if x.shape.rank == 0:
        raise TypeError("Cannot iterate over a scalar tensor.")
    return iter(unstack(x))


def _install_operators(cls) -> None:
    """Tensor operators with TF's node names (``a + b`` is ``add``, ``tf.add`` is ``Add``)."""
    from .linalg_ops import matmul
    cls.__add__ = lambda a, b: _binary(_add, a, b, "AddV2", "add", None)
    cls.__radd__ = lambda a, b: _binary(_add, b, a, "AddV2", "add", None)
    cls.__sub__ = lambda a, b: _binary(_sub, a, b, "Sub", "sub", None)
    cls.__rsub__ = lambda a, b: _binary(_sub, b, a, "Sub", "sub", None)
    cls.__mul__ = lambda a, b: _binary(_mul, a, b, "Mul", "mul", None)
    cls.__rmul__ = lambda a, b: _binary(_mul, b, a, "Mul", "mul", None)
    cls.__truediv__ = lambda a, b: _truediv(a, b, None)
    cls.__rtruediv__ = lambda a, b: _truediv(b, a, None)
    cls.__floordiv__ = lambda a, b: _binary(_floordiv, a, b, "FloorDiv", "floordiv", None)
    cls.__rfloordiv__ = lambda a, b: _binary(_floordiv, b, a, "FloorDiv", "floordiv", None)
    cls.__mod__ = lambda a, b: _binary(_floormod, a, b, "FloorMod", "mod", None)
    cls.__rmod__ = lambda a, b: _binary(_floormod, b, a, "FloorMod", "mod", None)
    cls.__pow__ = lambda a, b: pow(a, b, name="pow")
    cls.__rpow__ = lambda a, b: pow(b, a, name="pow")
    cls.__matmul__ = lambda a, b: matmul(a, b)
    cls.__rmatmul__ = lambda a, b: matmul(b, a)
    cls.__neg__ = lambda a: negative(a)
    cls.__abs__ = lambda a: abs(a)
    cls.__eq__ = lambda a, b: _equality(a, b, negate=False)
    cls.__ne__ = lambda a, b: _equality(a, b, negate=True)
    cls.__hash__ = lambda a: id(a)  # defining __eq__ would otherwise unset it
    cls.__lt__ = lambda a, b: less(a, b)
    cls.__le__ = lambda a, b: less_equal(a, b)
    cls.__gt__ = lambda a, b: greater(a, b)
    cls.__ge__ = lambda a, b: greater_equal(a, b)
    cls.__and__ = lambda a, b: logical_and(a, b)
    cls.__rand__ = lambda a, b: logical_and(b, a)
    cls.__or__ = lambda a, b: logical_or(a, b)
    cls.__ror__ = lambda a, b: logical_or(b, a)
    cls.__xor__ = lambda a, b: logical_xor(a, b)
    cls.__invert__ = lambda a: logical_not(a)
    cls.__getitem__ = _getitem
    cls.__iter__ = _iterate


_install_operators(Tensor)
