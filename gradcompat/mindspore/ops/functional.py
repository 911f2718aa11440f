"""MindSpore's functional ops (``ops.matmul``, ``ops.softmax``, ``ops.sum`` ...), with
MindSpore 2.x's argument names and defaults, made of the same kernels as the primitives."""
from __future__ import annotations

from typing import Any

from ...core import select
from .. import _kernels as K
from .. import dtype as mstype
from ..tensor import Tensor, binary
from . import array_ops, math_ops, nn_ops
from .math_ops import matmul_checked, reduce, unary
from .primitives import apply_kernel, as_tensor, normalize_axis
from .state_ops import stop_gradient  # noqa: F401 - ops.stop_gradient

# pylint: disable=redefined-builtin  (MindSpore's argument names: input, min, max, sum)


def matmul(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002
    """``ops.matmul(input, other)``: numpy's matmul (1-D operands, broadcast batches)."""
    return matmul_checked(input, other, False, False, name="MatMulExt")


def bmm(input_x: Tensor, mat2: Tensor) -> Tensor:
    """``ops.bmm(input_x, mat2)``: batched matrix product."""
    return math_ops.BatchMatMul()(input_x, mat2)


def add(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.add(input, other)``."""
    return math_ops.Add()(input, other)


def sub(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.sub(input, other)``."""
    return math_ops.Sub()(input, other)


def mul(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.mul(input, other)``."""
    return math_ops.Mul()(input, other)


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:  # noqa: A002
    """``ops.div(input, other, *, rounding_mode=None)``: ``"floor"`` / ``"trunc"`` round the
    quotient (keeping integer dtypes)."""
    if rounding_mode not in (None, "floor", "trunc"):
        raise ValueError("For ops.div, rounding_mode value should be None, 'floor' or 'trunc'.")
    if rounding_mode is None:
        return math_ops.Div()(input, other)
    op, name = ("floordiv", "FloorDiv") if rounding_mode == "floor" else ("truncdiv", "TruncateDiv")
    if not isinstance(input, Tensor):
        return binary(op, as_tensor(other), input, reverse=True, name=name)
    return binary(op, input, other, name=name)


def pow(input: Any, exponent: Any) -> Tensor:  # noqa: A001,A002
    """``ops.pow(input, exponent)``."""
    return math_ops.Pow()(input, exponent)


def maximum(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.maximum(input, other)``: ties share the gradient evenly, as in MindSpore."""
    return math_ops.Maximum()(input, other)


def minimum(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.minimum(input, other)``."""
    return math_ops.Minimum()(input, other)


def _unary_function(op: str, name: str):
    def function(input: Any) -> Tensor:  # noqa: A002
        return unary(op, input, name)
    function.__name__ = function.__qualname__ = op
    function.__doc__ = f"``ops.{op}(input)``."
    return function


exp = _unary_function("exp", "Exp")
log = _unary_function("log", "Log")
square = _unary_function("square", "Square")
abs = _unary_function("abs", "Abs")  # noqa: A001
neg = _unary_function("neg", "Neg")
sigmoid = _unary_function("sigmoid", "Sigmoid")
tanh = _unary_function("tanh", "Tanh")
rsqrt = _unary_function("rsqrt", "Rsqrt")
reciprocal = _unary_function("reciprocal", "Reciprocal")
sin = _unary_function("sin", "Sin")
cos = _unary_function("cos", "Cos")
floor = _unary_function("floor", "Floor")
ceil = _unary_function("ceil", "Ceil")
expm1 = _unary_function("expm1", "Expm1")
sign = _unary_function("sign", "Sign")
log1p = _unary_function("log1p", "Log1p")
erf = _unary_function("erf", "Erf")


def round(input: Tensor, *, decimals: int = 0) -> Tensor:  # noqa: A001,A002
    """``ops.round(input, *, decimals=0)``: halves round to even."""
    if decimals:
        scale = 10.0 ** decimals
        return unary("round", as_tensor(input) * scale, "Round") / scale
    return unary("round", input, "Round")


def sqrt(x: Any) -> Tensor:
    """``ops.sqrt(x)``: the gradient at 0 is inf, as in MindSpore."""
    return unary("sqrt", x, "Sqrt")


def relu(input: Any, inplace: bool = False) -> Tensor:  # noqa: A002
    """``ops.relu(input)``: the gradient at 0 is 0."""
    return unary("relu", input, "ReLU")


def softmax(input: Tensor, axis: int = -1, *, dtype: mstype.Type | None = None) -> Tensor:  # noqa: A002
    """``ops.softmax(input, axis=-1, *, dtype=None)`` (``dtype`` casts the input first)."""
    if dtype is not None:
        input = cast(input, dtype)
    return nn_ops.Softmax(axis)(input)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:  # noqa: A002
    """``ops.gelu(input, approximate='none')`` (``'tanh'``: the tanh approximation)."""
    if approximate not in ("none", "tanh"):
        raise ValueError(f"For 'gelu', approximate value should be either 'none' or 'tanh', but got {approximate}.")
    return apply_kernel(K.gelu, [input], "GeLU", approximate=approximate == "tanh")


def leaky_relu(input: Tensor, alpha: float = 0.2) -> Tensor:  # noqa: A002
    """``ops.leaky_relu(input, alpha=0.2)``."""
    return apply_kernel(K.leaky_relu, [input], "LeakyReLU", alpha=float(alpha))


def log_softmax(logits: Tensor, axis: int = -1) -> Tensor:
    """``ops.log_softmax(logits, axis=-1)``."""
    return nn_ops.LogSoftmax(axis)(logits)


def sum(input: Tensor, dim=None, keepdim: bool = False, *, dtype: mstype.Type | None = None) -> Tensor:  # noqa: A001,A002
    """``ops.sum(input, dim=None, keepdim=False, *, dtype=None)``."""
    return as_tensor(input).sum(axis=dim, keepdims=keepdim, dtype=dtype)


def mean(x: Tensor, axis=None, keep_dims: bool = False) -> Tensor:
    """``ops.mean(x, axis=None, keep_dims=False)``."""
    return math_ops.ReduceMean(keep_dims)(x, () if axis is None else axis)


def amax(input: Tensor, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A002
    """``ops.amax(input, axis=None, keepdims=False)``: tied maxima share the gradient evenly."""
    return reduce("max", input, axis, keepdims, "ReduceMax")


def amin(input: Tensor, axis=None, keepdims: bool = False) -> Tensor:  # noqa: A002
    """``ops.amin(input, axis=None, keepdims=False)``."""
    return reduce("min", input, axis, keepdims, "ReduceMin")


def prod(input: Tensor, axis=None, keep_dims: bool = False, dtype: mstype.Type | None = None) -> Tensor:  # noqa: A002
    """``ops.prod(input, axis=None, keep_dims=False, dtype=None)``."""
    out = reduce("prod", input, axis, keep_dims, "ReduceProd")
    return cast(out, dtype) if dtype is not None else out


def arg_extreme(input: Tensor, op: str, axis: int, keepdims: bool = False) -> tuple:  # noqa: A002
    """(Int32 index, value) of the first max/min along ``axis`` (MindSpore's ArgMaxWithValue /
    ArgMinWithValue): the gradient goes to that one element."""
    input = as_tensor(input)
    node = apply_kernel(K.arg_reduce_with_value, [input], "ArgMaxWithValue" if op == "max" else "ArgMinWithValue",
                        op=op, axis=normalize_axis(axis, input.ndim, "ArgMaxWithValue" if op == "max"
                                                   else "ArgMinWithValue"), keepdims=bool(keepdims)).node
    return Tensor._from_node(select(node, 0)), Tensor._from_node(select(node, 1))


def _arg_index(input: Tensor, op: str, axis, keepdims: bool) -> Tensor:  # noqa: A002
    input = as_tensor(input)
    if axis is None:
        input, axis = reshape(input, (-1,)), 0
    return arg_extreme(input, op, axis, keepdims)[0]


def argmax(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:  # noqa: A002
    """``ops.argmax(input, dim=None, keepdim=False)``: Int64 indices of the (first) maximum."""
    return cast(_arg_index(input, "max", dim, keepdim), mstype.int64)


def argmin(input: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor:  # noqa: A002
    """``ops.argmin(input, axis=None, keepdims=False)``: Int32 indices of the (first) minimum,
    the dtype MindSpore 2.x gives here."""
    return _arg_index(input, "min", axis, keepdims)


def reduce_logical(input: Tensor, op: str, axis=None, keep_dims: bool = False) -> Tensor:  # noqa: A002
    """``all`` / ``any`` over ``axis`` (every axis by default), a Bool Tensor."""
    return reduce(op, cast(input, mstype.bool_), () if axis is None else axis, keep_dims,
                  "ReduceAll" if op == "all" else "ReduceAny")


def cumsum(x: Tensor, axis: int, dtype: mstype.Type | None = None) -> Tensor:
    """``ops.cumsum(x, axis, dtype=None)``: keeps the input dtype unless ``dtype`` is given."""
    x = as_tensor(x)
    return math_ops.CumSum()(cast(x, dtype) if dtype is not None else x, axis)


def equal(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.equal(input, other)``: a Bool Tensor."""
    return math_ops.Equal()(input, other)


def broadcast_to(input: Tensor, shape) -> Tensor:  # noqa: A002
    """``ops.broadcast_to(input, shape)``: ``-1`` keeps the input's size on that axis."""
    return array_ops.BroadcastTo(shape)(input)


def split(tensor: Tensor, split_size_or_sections, axis: int = 0) -> tuple:
    """``ops.split(tensor, split_size_or_sections, axis=0)``: pieces of that size (the last
    one smaller), or of the listed sizes."""
    tensor = as_tensor(tensor)
    axis = normalize_axis(axis, tensor.ndim)
    total = tensor.shape[axis]
    if isinstance(split_size_or_sections, int):
        size = split_size_or_sections
        sizes = (size,) * (total // size) + ((total % size,) if total % size else ())
    else:
        sizes = tuple(int(s) for s in split_size_or_sections)
    return array_ops.split_tensor(tensor, sizes, axis)


def one_hot(indices: Tensor, depth: int, on_value: Any = 1, off_value: Any = 0, axis: int = -1) -> Tensor:
    """``ops.one_hot(indices, depth, on_value=1, off_value=0, axis=-1)``: the dtype of the
    values (python ints give Int64, floats Float32)."""
    return array_ops.OneHot(axis)(indices, depth, on_value, off_value)


def masked_fill(input_x: Tensor, mask: Tensor, value: Any) -> Tensor:
    """``ops.masked_fill(input_x, mask, value)``: ``value`` where ``mask`` is True."""
    input_x = as_tensor(input_x)
    value = value if isinstance(value, Tensor) else Tensor(value, input_x.dtype)
    return array_ops.Select()(mask, value, input_x)


def reshape(input: Tensor, shape) -> Tensor:  # noqa: A002
    """``ops.reshape(input, shape)``."""
    return array_ops.Reshape()(input, shape)


def transpose(input: Tensor, dims) -> Tensor:  # noqa: A002
    """``ops.transpose(input, dims)``."""
    return array_ops.Transpose()(input, dims)


def flatten(input: Tensor, order: str = "C", *, start_dim: int = 1, end_dim: int = -1) -> Tensor:  # noqa: A002
    """``ops.flatten(input, order='C', *, start_dim=1, end_dim=-1)``."""
    input = as_tensor(input)
    if input.ndim == 0:
        return reshape(input, (1,))
    start, end = normalize_axis(start_dim, input.ndim), normalize_axis(end_dim, input.ndim)
    shape = input.shape[:start] + (-1,) + input.shape[end + 1:]
    return reshape(input, shape)


def concat(tensors, axis: int = 0) -> Tensor:
    """``ops.concat(tensors, axis=0)`` (also ``ops.cat``)."""
    return array_ops.Concat(axis)(tensors)


cat = concat


def stack(tensors, axis: int = 0) -> Tensor:
    """``ops.stack(tensors, axis=0)``."""
    return array_ops.Stack(axis)(tensors)


def gather(input_params: Tensor, input_indices: Any, axis: int, batch_dims: int = 0) -> Tensor:
    """``ops.gather(input_params, input_indices, axis, batch_dims=0)``."""
    return array_ops.Gather()(input_params, input_indices, axis, batch_dims)


def gather_elements(input: Tensor, dim: int, index: Tensor) -> Tensor:  # noqa: A002
    """``ops.gather_elements(input, dim, index)``: GatherD."""
    return array_ops.GatherD()(input, dim, index)


gather_d = gather_elements


def where(condition: Tensor, input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.where(condition, input, other)``: python numbers take the Tensor operand's dtype."""
    dtype = next((t.dtype for t in (input, other) if isinstance(t, Tensor)), None)
    input, other = (t if isinstance(t, Tensor) else Tensor(t, dtype) for t in (input, other))
    return array_ops.Select()(condition, input, other)


def clip_by_value(x: Tensor, clip_value_min: Any = None, clip_value_max: Any = None) -> Tensor:
    """``ops.clip_by_value(x, clip_value_min, clip_value_max)``: ties at a bound split the
    gradient between ``x`` and the bound, as in MindSpore (min, then max)."""
    x = as_tensor(x)
    if clip_value_max is not None:
        x = minimum(x, clip_value_max)
    if clip_value_min is not None:
        x = maximum(x, clip_value_min)
    return x


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """``ops.clamp(input, min=None, max=None)`` (also ``ops.clip``)."""
    return clip_by_value(input, min, max)


clip = clamp


def squeeze(input: Tensor, axis=None) -> Tensor:  # noqa: A002
    """``ops.squeeze(input, axis=None)``."""
    return array_ops.Squeeze(() if axis is None else axis)(input)


def expand_dims(input_x: Tensor, axis: int) -> Tensor:
    """``ops.expand_dims(input_x, axis)``."""
    return array_ops.ExpandDims()(input_x, axis)


def unsqueeze(input: Tensor, dim: int) -> Tensor:  # noqa: A002
    """``ops.unsqueeze(input, dim)``."""
    return array_ops.ExpandDims()(input, dim)


def tile(input: Tensor, dims) -> Tensor:  # noqa: A002
    """``ops.tile(input, dims)``."""
    return array_ops.Tile()(input, dims)


def cast(input: Any, dtype: mstype.Type) -> Tensor:  # noqa: A002
    """``ops.cast(input, dtype)``."""
    return array_ops.Cast()(input, dtype)


def ones(shape, dtype: mstype.Type | None = None) -> Tensor:
    """``ops.ones(shape, dtype=None)``: Float32 by default."""
    return array_ops.filled(shape, 1, dtype or mstype.float32)


def zeros(size, dtype: mstype.Type | None = None) -> Tensor:
    """``ops.zeros(size, dtype=None)``: Float32 by default."""
    return array_ops.filled(size, 0, dtype or mstype.float32)


def full(size, fill_value, *, dtype: mstype.Type | None = None) -> Tensor:
    """``ops.full(size, fill_value, *, dtype=None)``: Int64 by default, as MindSpore 2.x
    gives even for a float ``fill_value``."""
    return array_ops.filled(size, fill_value, dtype or mstype.int64)


def fill(type: mstype.Type, shape, value) -> Tensor:  # noqa: A002
    """``ops.fill(type, shape, value)``."""
    return array_ops.filled(shape, value, type)


def ones_like(input: Tensor, *, dtype: mstype.Type | None = None) -> Tensor:  # noqa: A002
    """``ops.ones_like(input, *, dtype=None)``."""
    out = array_ops.OnesLike()(input)
    return cast(out, dtype) if dtype is not None else out


def zeros_like(input: Tensor, *, dtype: mstype.Type | None = None) -> Tensor:  # noqa: A002
    """``ops.zeros_like(input, *, dtype=None)``."""
    out = array_ops.ZerosLike()(input)
    return cast(out, dtype) if dtype is not None else out


def shape(input_x: Tensor) -> tuple:
    """``ops.shape(input_x)``: the shape as a python tuple."""
    return as_tensor(input_x).shape


def bias_add(input_x: Tensor, bias: Tensor) -> Tensor:
    """``ops.bias_add(input_x, bias)``."""
    return nn_ops.BiasAdd()(input_x, bias)


def reduce_sum(x: Tensor, axis=(), keep_dims: bool = False) -> Tensor:
    """``ops.ReduceSum(keep_dims)(x, axis)`` as a function."""
    return math_ops.ReduceSum(keep_dims)(x, axis)


def reduce_mean(x: Tensor, axis=()) -> Tensor:
    """``ops.reduce_mean(x, axis=())``: MindSpore's ``ReduceMean()`` instance (no ``keep_dims``)."""
    return math_ops.ReduceMean()(x, axis)


def reduce_max(x: Tensor, axis=()) -> Tensor:
    """``ops.reduce_max(x, axis=())``: MindSpore's ``ReduceMax()`` instance."""
    return math_ops.ReduceMax()(x, axis)


def reduce_min(x: Tensor, axis=()) -> Tensor:
    """``ops.reduce_min(x, axis=())``: MindSpore's ``ReduceMin()`` instance."""
    return math_ops.ReduceMin()(x, axis)


# the gradient transforms, as ``from mindspore.ops.functional import grad`` finds them
from .grad import get_grad, grad, value_and_grad  # noqa: E402,F401
from .vmap import vmap  # noqa: E402,F401
