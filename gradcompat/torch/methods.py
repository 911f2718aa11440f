"""Tensor methods that mirror torch functions, and their in-place ``name_`` variants.

torch has most functions both as ``torch.f(x, ...)`` and ``x.f(...)``; this module binds
the second form onto ``Tensor`` from the function modules, so each behaviour is written
once. In-place variants compute the out-of-place result and hand it to
``Tensor._inplace`` (the one in-place mechanism: leaf checks, version counter, rebinding).
"""
from __future__ import annotations

import builtins

import numpy as np

from . import dtypes, indexing, linalg_ops, pointwise, reductions, shape, user_warnings
from .functions import _operator
from .tensor import Tensor

_FUNCTIONS = {
    pointwise: ["abs", "absolute", "exp", "log", "log1p", "log2", "log10", "expm1", "sqrt", "rsqrt", "sin", "cos",
                "tan", "tanh", "sigmoid", "relu", "sign", "floor", "ceil", "trunc", "frac", "round", "reciprocal",
                "square", "erf", "asin", "acos", "atan", "sinh", "cosh", "arcsin", "arccos", "arctan", "clamp",
                "clip", "clamp_min", "clamp_max", "maximum", "minimum", "fmax", "fmin", "atan2", "lerp", "div",
                "divide", "true_divide", "floor_divide", "remainder", "eq", "ne", "lt", "le", "gt", "ge",
                "greater", "greater_equal", "less", "less_equal", "not_equal", "bitwise_and", "bitwise_or",
                "bitwise_xor", "bitwise_not", "logical_and", "logical_or", "logical_xor", "logical_not",
                "isnan", "isfinite", "isinf", "allclose", "isclose", "equal"],
    reductions: ["prod", "max", "min", "amax", "amin", "argmax", "argmin", "std", "var", "norm", "logsumexp",
                 "cumsum", "cumprod", "all", "any"],
    shape: ["reshape", "view", "view_as", "reshape_as", "flatten", "ravel", "squeeze", "unsqueeze", "permute",
            "transpose", "swapaxes", "swapdims", "t", "movedim", "expand", "expand_as", "broadcast_to", "repeat",
            "narrow", "split", "chunk", "unbind", "unflatten", "contiguous", "flip", "diagonal"],
    indexing: ["gather", "scatter", "scatter_add", "index_select", "masked_fill", "select", "nonzero",
               "masked_select", "take_along_dim"],
    linalg_ops: ["bmm", "mv", "dot", "inner", "outer", "ger", "addmm"],
}

# in-place variants: x.f_(...) == x.copy_(x.f(...)) with torch's in-place checks
_INPLACE = ["abs", "exp", "log", "log1p", "log2", "expm1", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh", "sigmoid",
            "relu", "sign", "floor", "ceil", "trunc", "frac", "round", "reciprocal", "square", "erf", "clamp", "clip",
            "clamp_min", "clamp_max", "lerp", "floor_divide", "remainder", "masked_fill", "scatter", "scatter_add",
            "neg", "pow", "eq", "ne", "lt", "le", "gt", "ge", "logical_not", "bitwise_not"]


def _method(fn):
    def method(self, *args, **kwargs):
        return fn(self, *args, **kwargs)
    method.__name__ = method.__qualname__ = fn.__name__
    method.__doc__ = fn.__doc__
    return method


def _inplace_method(name: str):
    def method(self, *args, **kwargs):
        return self._inplace(getattr(Tensor, name)(self, *args, **kwargs))
    method.__name__ = method.__qualname__ = name + "_"
    method.__doc__ = f"``Tensor.{name}_``: in-place ``{name}``."
    return method


def fill_(self: Tensor, value) -> Tensor:
    """``Tensor.fill_``: every element set to ``value`` (a number or a 0-d tensor)."""
    if isinstance(value, Tensor) and value.dim() != 0:
        raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor with {value.dim()} "
                           "dimensions.")
    return _fill(self, value, "FillBackward3" if isinstance(value, Tensor) else "FillBackward2")


def zero_(self: Tensor) -> Tensor:
    """``Tensor.zero_``: a fill with zeros (ZeroBackward0: no gradient to the old value)."""
    return _fill(self, 0, "ZeroBackward0")


def _fill(self: Tensor, value, name: str) -> Tensor:
    from .. import core
    from . import ops
    node = value.node if isinstance(value, Tensor) else core.Constant(np.asarray(value, self.dtype.np))
    return self._inplace(Tensor._from_node(core.apply(ops.fill, [self.node, node], name=name)), fill=True)


def copy_(self: Tensor, src: Tensor, non_blocking: bool = False) -> Tensor:
    """``Tensor.copy_``: ``src`` broadcast to this tensor's shape and cast to its dtype."""
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'other' (position 1) must be Tensor, not {type(src).__name__}")
    from .. import core
    from . import ops
    shape.expand(src, tuple(self.shape))  # torch's error when src does not broadcast
    return self._inplace(Tensor._from_node(core.apply(ops.fill, [self.node, src.node],
                                                      name="torch::autograd::CopyBackwards")))


def _parse_to(self: Tensor, args, kwargs) -> dtypes.dtype | None:
    dtype = kwargs.get("dtype")
    other = None
    for a in (*args, kwargs.get("device"), kwargs.get("other")):
        if isinstance(a, dtypes.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            other = a
        elif a is not None and not isinstance(a, (str, dtypes.device, builtins.bool, int)):
            raise TypeError(f"to() received an invalid combination of arguments - got ({type(a).__name__})")
    if other is not None:
        dtype = other.dtype
    return dtype


def to(self: Tensor, *args, **kwargs) -> Tensor:
    """``Tensor.to(dtype | device | other, copy=False)``: a cast, or ``self`` when nothing
    changes (devices are accepted; arrays stay where JAX put them)."""
    dtype = _parse_to(self, args, kwargs)
    if dtype is None or dtype is self.dtype:
        return self.clone() if kwargs.get("copy") else self
    from .functions import cast
    return cast(self, dtype)


def type_as(self: Tensor, other: Tensor) -> Tensor:
    """``Tensor.type_as``: cast to ``other``'s dtype."""
    return to(self, other.dtype)


def _cast(d: dtypes.dtype):
    def method(self, memory_format=None) -> Tensor:
        return to(self, d)
    method.__name__ = d.name
    return method


def _size(self: Tensor, dim: int | None = None):
    """``Tensor.size()``: a torch.Size, or one (possibly negative) dimension's length."""
    if dim is None:
        return self.shape
    return self.shape[shape._dim(self, dim)]


def _setitem(self: Tensor, index, value) -> None:
    indexing.setitem(self, index, value)


def _transpose_all(self: Tensor) -> Tensor:
    user_warnings.warn_transpose_all(self.dim())
    return shape.permute(self, tuple(reversed(range(self.dim()))))


def _bind() -> None:
    for module, names in _FUNCTIONS.items():
        for name in names:
            setattr(Tensor, name, _method(getattr(module, name)))
    for name in _INPLACE:
        if hasattr(Tensor, name):
            setattr(Tensor, name + "_", _inplace_method(name))
    Tensor.fill_ = fill_
    Tensor.zero_ = zero_
    Tensor.copy_ = copy_
    Tensor.to = to
    Tensor.type_as = type_as
    Tensor.size = _size
    for d, name in [(dtypes.float32, "float"), (dtypes.float64, "double"), (dtypes.float16, "half"),
                    (dtypes.bfloat16, "bfloat16"), (dtypes.int64, "long"), (dtypes.int32, "int"),
                    (dtypes.int16, "short"), (dtypes.int8, "char"), (dtypes.uint8, "byte"), (dtypes.bool_, "bool")]:
        setattr(Tensor, name, _cast(d))
    Tensor.device = property(lambda self: dtypes.cpu, doc="``Tensor.device``: always the CPU device object.")
    Tensor.is_cuda = property(lambda self: False)
    Tensor.mT = property(shape.adjoint_last, doc="``Tensor.mT``: the last two dims swapped.")
    Tensor.T = property(_transpose_all, doc="``Tensor.T``: all dims reversed (torch's warning unless 2-D).")
    Tensor.__getitem__ = indexing.getitem
    Tensor.__setitem__ = _setitem
    Tensor.__abs__ = pointwise.abs
    Tensor.__invert__ = pointwise.bitwise_not
    for name, fn in [("eq", pointwise.eq), ("ne", pointwise.ne), ("lt", pointwise.lt), ("le", pointwise.le),
                     ("gt", pointwise.gt), ("ge", pointwise.ge)]:
        setattr(Tensor, f"__{name}__", _operator(fn))
    for name, fn in [("and", pointwise.bitwise_and), ("or", pointwise.bitwise_or), ("xor", pointwise.bitwise_xor),
                     ("mod", pointwise.remainder), ("floordiv", pointwise.floor_divide)]:
        setattr(Tensor, f"__{name}__", _operator(fn))
        setattr(Tensor, f"__r{name}__", _operator(fn, reflected=True))
    Tensor.__iand__ = _inplace_operator(pointwise.bitwise_and)
    Tensor.__ior__ = _inplace_operator(pointwise.bitwise_or)
    Tensor.__ixor__ = _inplace_operator(pointwise.bitwise_xor)
    Tensor.__hash__ = object.__hash__  # __eq__ is elementwise; identity hashing, as torch


def _inplace_operator(fn):
    def method(self, other):
        return self._inplace(fn(self, other))
    return method


_bind()
