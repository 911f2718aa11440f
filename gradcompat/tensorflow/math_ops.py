"""TF's math ops and tensor operators, shared by the TF2 top level and ``tf.compat.v1``.

Each op is a module-level pure JAX function (a stable identity for the compile cache)
plus a public function that reproduces TF's argument semantics: conversion of python
values to the other operand's dtype, refusal to mix dtypes, TF's op names and errors.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from ..core import kernels
from . import dtypes as _dt
from .errors import InvalidArgumentError
from .graph import executing_eagerly
from .shapes import TensorShape
from .tensor import Tensor, constant, convert_to_tensor, make_op


# ---------------------------------------------------------------------------- pure JAX ops

def _add(x, y): return x + y  # noqa: E704
def _sub(x, y): return x - y  # noqa: E704
def _mul(x, y): return x * y  # noqa: E704
def _neg(x): return -x  # noqa: E704
def _square(x): return x * x  # noqa: E704
def _exp(x): return jnp.exp(x)  # noqa: E704
def _log(x): return jnp.log(x)  # noqa: E704
def _sqrt(x): return jnp.sqrt(x)  # noqa: E704
def _tanh(x): return jnp.tanh(x)  # noqa: E704
def _sigmoid(x): return jax.nn.sigmoid(x)  # noqa: E704
def _relu(x): return jnp.maximum(x, jnp.zeros((), x.dtype))  # noqa: E704
def _abs(x): return jnp.abs(x)  # noqa: E704
def _sin(x): return jnp.sin(x)  # noqa: E704
def _cos(x): return jnp.cos(x)  # noqa: E704
def _pow(x, y): return jnp.power(x, y)  # noqa: E704
def _maximum(x, y): return jnp.maximum(x, y)  # noqa: E704
def _minimum(x, y): return jnp.minimum(x, y)  # noqa: E704


def _realdiv(x, y):
    return x / y


def _int_truediv(x, y, *, dtype):
    return x.astype(dtype) / y.astype(dtype)


def _reduce(x, *, kind: str, axis, keepdims: bool):
    if kind == "sum":
        return jnp.sum(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    if kind == "mean":
        if jnp.issubdtype(x.dtype, jnp.integer):  # TF's integer mean truncates
            n = x.size if axis is None else np.prod([x.shape[a] for a in axis])
            return (jnp.sum(x, axis=axis, keepdims=keepdims) // max(int(n), 1)).astype(x.dtype)
        return jnp.mean(x, axis=axis, keepdims=keepdims)
    if kind == "max":
        return jnp.max(x, axis=axis, keepdims=keepdims)
    if kind == "min":
        return jnp.min(x, axis=axis, keepdims=keepdims)
    if kind == "prod":
        return jnp.prod(x, axis=axis, keepdims=keepdims, dtype=x.dtype)
    raise ValueError(kind)


def _cast(x, *, dtype):
    return x.astype(dtype)


def _reshape(x, *, shape):
    return jnp.reshape(x, shape)


def _transpose(x, *, perm):
    return jnp.transpose(x, perm)


def _stack(*xs, axis):
    return jnp.stack(xs, axis=axis)


def _fill_like(x, *, fill):
    return jnp.full_like(x, fill)


def _fill(*, shape, dtype, fill):
    return jnp.full(shape, fill, dtype)


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
        return convert_to_tensor(value, dtype=dtype)
    except TypeError:
        if executing_eagerly():
            raise
        raise TypeError(f"Expected {dtype.name} passed to parameter '{arg}' of op '{op_type}', got "
                        f"{value!r} of type '{type(value).__name__}' instead. Error: Expected "
                        f"{dtype.name}, but got {value!r} of type '{type(value).__name__}'.") from None


def _check_same_dtype(op_type: str, a: Tensor, b: Tensor, names=("x", "y"), kernel: str | None = None) -> None:
    if a.dtype == b.dtype:
        return
    if executing_eagerly():
        raise InvalidArgumentError(None, None, (
            f"cannot compute {kernel or op_type} as input #1(zero-based) was expected to be a "
            f"{a.dtype._op_name} tensor but is a {b.dtype._op_name} tensor [Op:{op_type}] name: "))
    raise TypeError(f"Input '{names[1]}' of '{op_type}' Op has type {b.dtype.name} that does not match "
                    f"type {a.dtype.name} of argument '{names[0]}'.")


def _graph_dims_error(op_type: str, node_name: str, a: Tensor, b: Tensor, da, db, extra: str = "") -> ValueError:
    sa = "[" + ",".join(str(d) for d in a.shape.dims) + "]"
    sb = "[" + ",".join(str(d) for d in b.shape.dims) + "]"
    return ValueError(f"Dimensions must be equal, but are {da} and {db} for '{{{{node {node_name}}}}} = "
                      f"{op_type}[T=DT_{a.dtype._op_name.upper()}{extra}]' with input shapes: {sa}, {sb}.")


def _check_broadcast(op_type: str, node_name: str, a: Tensor, b: Tensor) -> None:
    if a.shape.dims is None or b.shape.dims is None:
        return
    for da, db in zip(reversed(a.shape.dims), reversed(b.shape.dims)):
        if da is not None and db is not None and da != db and da != 1 and db != 1:
            if executing_eagerly():
                sa = "[" + ",".join(str(d) for d in a.shape.dims) + "]"
                sb = "[" + ",".join(str(d) for d in b.shape.dims) + "]"
                raise InvalidArgumentError(None, None, (
                    f"{{{{function_node __wrapped__{op_type}_device_/job:localhost/replica:0/task:0/"
                    f"device:CPU:0}}}} Incompatible shapes: {sa} vs. {sb} [Op:{op_type}] name: "))
            raise _graph_dims_error(op_type, node_name, a, b, da, db)


def _binary(fn, x, y, op_type: str, node_name: str, name: str | None) -> Tensor:
    a, b = _operands(x, y, op_type)
    _check_same_dtype(op_type, a, b)
    _check_broadcast(op_type, node_name, a, b)
    return make_op(fn, [a, b], op_type=node_name, name=name)


# ---------------------------------------------------------------------------- public ops

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
    _check_same_dtype("RealDiv", a, b)
    _check_broadcast("RealDiv", node_name, a, b)
    if a.dtype.is_integer:  # TF's truediv casts int32 to float64 (int8/16 to float32)
        target = np.float32 if a.dtype.np.itemsize <= 2 else np.float64
        return make_op(_int_truediv, [a, b], {"dtype": np.dtype(target)}, op_type=node_name, name=name)
    return make_op(_realdiv, [a, b], op_type=node_name, name=name)


def divide(x, y, name: str | None = None) -> Tensor:
    """``tf.divide`` / ``tf.truediv``: integers are divided as floats, as TF does."""
    return _truediv(x, y, name)


truediv = divide


def negative(x, name: str | None = None) -> Tensor:
    return make_op(_neg, [convert_to_tensor(x)], op_type="Neg", name=name)


def pow(x, y, name: str | None = None) -> Tensor:  # noqa: A001 - TF's name
    return _binary(_pow, x, y, "Pow", "Pow", name)


def maximum(x, y, name: str | None = None) -> Tensor:
    return _binary(_maximum, x, y, "Maximum", "Maximum", name)


def minimum(x, y, name: str | None = None) -> Tensor:
    return _binary(_minimum, x, y, "Minimum", "Minimum", name)


def _unary(fn, op_type: str):
    def op(x, name: str | None = None) -> Tensor:
        return make_op(fn, [convert_to_tensor(x)], op_type=op_type, name=name)
    op.__name__ = op_type.lower()
    op.__doc__ = f"``tf.{op_type.lower()}`` (TF op {op_type})."
    return op


square = _unary(_square, "Square")
exp = _unary(_exp, "Exp")
log = _unary(_log, "Log")
sqrt = _unary(_sqrt, "Sqrt")
tanh = _unary(_tanh, "Tanh")
sigmoid = _unary(_sigmoid, "Sigmoid")
abs = _unary(_abs, "Abs")  # noqa: A001 - TF's name
sin = _unary(_sin, "Sin")
cos = _unary(_cos, "Cos")
relu = _unary(_relu, "Relu")


def stop_gradient(input, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.stop_gradient``: the core stop_gradient op (gradients treat it as a leaf)."""
    return make_op(core.graph.stop_gradient, [convert_to_tensor(input)], op_type="StopGradient", name=name)


def matmul(a, b, transpose_a: bool = False, transpose_b: bool = False, adjoint_a: bool = False,
           adjoint_b: bool = False, a_is_sparse: bool = False, b_is_sparse: bool = False,
           output_type=None, grad_a: bool = False, grad_b: bool = False, name: str | None = None) -> Tensor:
    """``tf.linalg.matmul``: same dtypes required; TF's shape errors."""
    a, b = convert_to_tensor(a), convert_to_tensor(b)
    _check_same_dtype("MatMul", a, b, names=("a", "b"), kernel="_MklMatMul")
    ta, tb = bool(transpose_a or adjoint_a), bool(transpose_b or adjoint_b)
    if a.shape.dims is not None and b.shape.dims is not None and len(a.shape.dims) == 2 == len(b.shape.dims):
        ka = a.shape.dims[0 if ta else 1]
        kb = b.shape.dims[1 if tb else 0]
        if ka is not None and kb is not None and ka != kb:
            if executing_eagerly():
                sa = "[" + ",".join(str(d) for d in a.shape.dims) + "]"
                sb = "[" + ",".join(str(d) for d in b.shape.dims) + "]"
                raise InvalidArgumentError(None, None, (
                    "{{function_node __wrapped____MklMatMul_device_/job:localhost/replica:0/task:0/"
                    f"device:CPU:0}}}} Matrix size-incompatible: In[0]: {sa}, In[1]: {sb} [Op:MatMul] name: "))
            raise _graph_dims_error("MatMul", "MatMul", a, b, ka, kb)
    return make_op(kernels.matmul, [a, b], {"transpose_a": ta, "transpose_b": tb}, op_type="MatMul", name=name)


def _axes(axis, rank: int | None):
    if axis is None:
        return None
    axes = [axis] if isinstance(axis, (int, np.integer)) else list(axis)
    if rank is not None:
        axes = [int(a) % rank if rank else int(a) for a in axes]
    return tuple(sorted(int(a) for a in axes))


def _reduction(kind: str, op_type: str):
    def op(input_tensor, axis=None, keepdims: bool = False, name: str | None = None) -> Tensor:
        x = convert_to_tensor(input_tensor)
        out = make_op(_reduce, [x], {"kind": kind, "axis": _axes(axis, x.shape.rank), "keepdims": bool(keepdims)},
                      op_type=op_type, name=name)
        if axis is None and not keepdims:  # a full reduction is a scalar even of unknown rank
            out._shape = TensorShape(())
        return out
    op.__name__ = f"reduce_{kind}"
    op.__doc__ = f"``tf.reduce_{kind}`` (TF op {op_type}); integer means truncate as in TF."
    return op


reduce_sum = _reduction("sum", "Sum")
reduce_mean = _reduction("mean", "Mean")
reduce_max = _reduction("max", "Max")
reduce_min = _reduction("min", "Min")
reduce_prod = _reduction("prod", "Prod")


def cast(x, dtype, name: str | None = None) -> Tensor:
    """``tf.cast``."""
    x = convert_to_tensor(x)
    target = _dt.as_dtype(dtype)
    return make_op(_cast, [x], {"dtype": target.np}, op_type="Cast", name=name)


def reshape(tensor, shape, name: str | None = None) -> Tensor:
    return make_op(_reshape, [convert_to_tensor(tensor)], {"shape": tuple(int(s) for s in shape)},
                   op_type="Reshape", name=name)


def transpose(a, perm=None, conjugate: bool = False, name: str | None = None) -> Tensor:
    a = convert_to_tensor(a)
    perm = tuple(reversed(range(a.shape.rank))) if perm is None else tuple(int(p) for p in perm)
    return make_op(_transpose, [a], {"perm": perm}, op_type="transpose", name=name)


def stack(values: Sequence, axis: int = 0, name: str = "stack") -> Tensor:
    tensors = [convert_to_tensor(v) for v in values]
    return make_op(_stack, tensors, {"axis": axis}, op_type="stack", name=None if name == "stack" else name)


def _filled(shape, dtype, fill, op_type: str, name) -> Tensor:
    target = _dt.as_dtype(dtype)
    node = core.Constant(jnp.full(tuple(int(s) for s in shape), fill, target.np))
    from .tensor import wrap
    from .shapes import TensorShape
    return wrap(node, target, TensorShape(tuple(int(s) for s in shape)), op_type, name)


def ones(shape, dtype=_dt.float32, name: str | None = None) -> Tensor:
    """``tf.ones`` (float32 by default)."""
    return _filled(shape, dtype, 1, "ones", name)


def zeros(shape, dtype=_dt.float32, name: str | None = None) -> Tensor:
    """``tf.zeros`` (float32 by default)."""
    return _filled(shape, dtype, 0, "zeros", name)


def ones_like(input, dtype=None, name: str | None = None) -> Tensor:  # noqa: A002
    x = convert_to_tensor(input)
    out = make_op(_fill_like, [x], {"fill": 1}, op_type="ones_like", name=name)
    return out if dtype is None else cast(out, dtype)


def zeros_like(input, dtype=None, name: str | None = None) -> Tensor:  # noqa: A002
    x = convert_to_tensor(input)
    with core.recording.grad_mode(False):
        out = make_op(_fill_like, [x], {"fill": 0}, op_type="zeros_like", name=name)
    return out if dtype is None else cast(out, dtype)


# ---------------------------------------------------------------------------- operators

def _install_operators(cls) -> None:
    """Tensor operators with TF's node names (``a + b`` is ``add``, ``tf.add`` is ``Add``)."""
    cls.__add__ = lambda a, b: _binary(_add, a, b, "AddV2", "add", None)
    cls.__radd__ = lambda a, b: _binary(_add, b, a, "AddV2", "add", None)
    cls.__sub__ = lambda a, b: _binary(_sub, a, b, "Sub", "sub", None)
    cls.__rsub__ = lambda a, b: _binary(_sub, b, a, "Sub", "sub", None)
    cls.__mul__ = lambda a, b: _binary(_mul, a, b, "Mul", "mul", None)
    cls.__rmul__ = lambda a, b: _binary(_mul, b, a, "Mul", "mul", None)
    cls.__truediv__ = lambda a, b: _truediv(a, b, None)
    cls.__rtruediv__ = lambda a, b: _truediv(b, a, None)
    cls.__pow__ = lambda a, b: _binary(_pow, a, b, "Pow", "pow", None)
    cls.__rpow__ = lambda a, b: _binary(_pow, b, a, "Pow", "pow", None)
    cls.__matmul__ = lambda a, b: matmul(a, b)
    cls.__rmatmul__ = lambda a, b: matmul(b, a)
    cls.__neg__ = lambda a: negative(a)


_install_operators(Tensor)
