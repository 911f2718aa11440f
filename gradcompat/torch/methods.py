"""Tensor methods that mirror torch functions, and their in-place ``name_`` variants.

torch has most functions both as ``torch.f(x, ...)`` and ``x.f(...)``; this module binds
the second form onto ``Tensor`` from the function modules, so each behaviour is written
once. In-place variants compute the out-of-place result and hand it to
``Tensor._inplace`` (the one in-place mechanism: leaf checks, version counter, rebinding).
"""
from __future__ import annotations

import builtins

import numpy as np

from . import devices, dtypes, indexing, linalg_ops, pointwise, reductions, sampling, shape, sorting, user_warnings
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
    linalg_ops: ["bmm", "mv", "dot", "inner", "outer", "ger", "addmm", "tril", "triu", "det", "logdet", "slogdet",
                 "inverse", "cholesky", "svd", "qr", "pinverse", "cross", "diag", "trace", "kron",
                 "diag_embed"],
    sorting: ["sort", "argsort", "msort", "topk", "kthvalue", "median", "unique"],
    sampling: ["multinomial", "bernoulli"],
}

# in-place variants: x.f_(...) == x.copy_(x.f(...)) with torch's in-place checks
_INPLACE = ["abs", "exp", "log", "log1p", "log2", "expm1", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh", "sigmoid",
            "relu", "sign", "floor", "ceil", "trunc", "frac", "round", "reciprocal", "square", "erf", "clamp", "clip",
            "clamp_min", "clamp_max", "lerp", "floor_divide", "remainder", "masked_fill", "scatter", "scatter_add",
            "neg", "pow", "eq", "ne", "lt", "le", "gt", "ge", "logical_not", "bitwise_not", "tril", "triu"]


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


def _parse_to(self: Tensor, args, kwargs) -> tuple[dtypes.dtype | None, devices.device | None]:
    """``Tensor.to``'s overloads: (dtype), (device, dtype), (other): the dtype and device asked for."""
    dtype, device = kwargs.get("dtype"), kwargs.get("device")
    other = kwargs.get("other")
    for a in args:
        if isinstance(a, dtypes.dtype):
            dtype = a
        elif isinstance(a, Tensor):
            other = a
        elif isinstance(a, (str, devices.device)) or (isinstance(a, int) and not isinstance(a, builtins.bool)):
            device = a
        elif not isinstance(a, builtins.bool):  # non_blocking / copy given by position
            raise TypeError(f"to() received an invalid combination of arguments - got ({type(a).__name__})")
    if device is not None and not isinstance(device, (str, devices.device, int)):
        raise TypeError(f"to() received an invalid combination of arguments - got ({type(device).__name__})")
    if other is not None:
        dtype, device = other.dtype, other.device
    return dtype, devices.parse(device)


def _to_device(self: Tensor, device: devices.device) -> Tensor:
    """The tensor on ``device`` (itself if it lives there): a differentiable copy (ToCopyBackward0)."""
    target = devices.to_jax(device)  # CPU-only torch's AssertionError for cuda without a GPU
    value = self.node.value
    if value is not None and devices.place(value, device) is value and not (device.type == "cpu" and device.index is not None):
        return self  # (torch copies for "cpu:0": a device with an index is not the tensor's "cpu")
    from .. import core
    return Tensor._from_node(core.apply(devices.transfer, [self.node],
                                        {"device": target, "source": devices.source_of(value)},
                                        name="ToCopyBackward0"))


def to(self: Tensor, *args, **kwargs) -> Tensor:
    """``Tensor.to(dtype | device | other, non_blocking=False, copy=False)``: a cast and/or a
    copy onto another JAX device, or ``self`` when nothing changes."""
    dtype, device = _parse_to(self, args, kwargs)
    out = self if device is None else _to_device(self, device)
    if dtype is not None and dtype is not out.dtype:
        from .functions import cast
        return cast(out, dtype)
    return out.clone() if out is self and kwargs.get("copy") else out


def _cpu(self: Tensor, memory_format=None) -> Tensor:
    """``Tensor.cpu()``: the tensor on the host."""
    return to(self, devices.cpu)


def _cuda(self: Tensor, device=None, non_blocking: bool = False, memory_format=None) -> Tensor:
    """``Tensor.cuda(device=None)``: onto JAX's GPU (torch's AssertionError without one)."""
    if device is None or isinstance(device, int) and not isinstance(device, builtins.bool):
        device = devices.device("cuda", device)
    return to(self, device)


def _device(self: Tensor) -> devices.device:
    """``Tensor.device``: the JAX device the value lives on, in torch's names."""
    node = self.node
    for _ in range(64):  # a deferred value lives where its inputs do
        if node.value is not None or not node.inputs:
            break
        node = node.inputs[0]
    return devices.of_value(node.value) if node.value is not None else devices.get_default_device()


def _pin_memory(self: Tensor, device=None) -> Tensor:
    """``Tensor.pin_memory()``: the tensor itself where JAX has a GPU (its transfers need no
    pinning from us); torch's RuntimeError on a host without an accelerator."""
    if not devices.cuda_devices():
        raise RuntimeError(devices.NO_ACCELERATOR)
    return self


def _share_memory_(self: Tensor) -> Tensor:
    """``Tensor.share_memory_()``: marked shared (JAX arrays are immutable: worker processes get
    copies, and writes in one process are not seen in another, unlike torch)."""
    self._shared = True
    return self


def _get_device(self: Tensor) -> int:
    """``Tensor.get_device()``: -1 on the CPU, else the device index."""
    d = _device(self)
    return -1 if d.type == "cpu" else d.index or 0


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
    Tensor.normal_ = sampling.normal_
    Tensor.uniform_ = sampling.uniform_
    Tensor.random_ = sampling.random_
    Tensor.bernoulli_ = sampling.bernoulli_
    Tensor.exponential_ = sampling.exponential_
    Tensor.geometric_ = sampling.geometric_
    Tensor.cauchy_ = sampling.cauchy_
    Tensor.log_normal_ = sampling.log_normal_
    Tensor.zero_ = zero_
    Tensor.copy_ = copy_
    Tensor.to = to
    Tensor.type_as = type_as
    Tensor.size = _size
    for d, name in [(dtypes.float32, "float"), (dtypes.float64, "double"), (dtypes.float16, "half"),
                    (dtypes.bfloat16, "bfloat16"), (dtypes.int64, "long"), (dtypes.int32, "int"),
                    (dtypes.int16, "short"), (dtypes.int8, "char"), (dtypes.uint8, "byte"), (dtypes.bool_, "bool")]:
        setattr(Tensor, name, _cast(d))
    Tensor.device = property(_device)
    Tensor.is_cuda = property(lambda self: _device(self).type == "cuda", doc="``Tensor.is_cuda``")
    Tensor.is_cpu = property(lambda self: _device(self).type == "cpu", doc="``Tensor.is_cpu``")
    Tensor.get_device = _get_device
    Tensor.cpu = _cpu
    Tensor.cuda = _cuda
    Tensor.pin_memory = _pin_memory
    Tensor.is_pinned = lambda self, device=None: False
    Tensor.is_meta = property(lambda self: False)
    Tensor.share_memory_ = _share_memory_
    Tensor.is_shared = lambda self: getattr(self, "_shared", False)
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
