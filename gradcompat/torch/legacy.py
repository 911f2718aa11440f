"""torch's older tensor API that programs still use: ``Tensor.data``, ``torch.autograd.Variable``,
the legacy type constructors (``torch.FloatTensor`` ...), ``Tensor.type()`` and
``Tensor.new_*``.

``x.data`` is a tensor on ``x``'s storage outside autograd: writing through it (``w.data -=
lr * w.grad``) changes ``x`` without recording, without bumping ``x._version`` and without
the version check (a graph that saved ``x`` sees the new value at backward, as in torch);
``x.data = other`` replaces the value (shape and dtype may change), keeping ``x``'s identity,
``requires_grad`` and ``.grad``. Known differences: after ``x.data = other`` the two do not
share storage (torch's do); ``x.data._version`` reads ``x``'s counter.
"""
from __future__ import annotations

import numbers
import warnings

import numpy as np

from .. import core
from . import dtypes, views
from .functions import _size, tensor, zeros
from .tensor import Tensor

__all__ = ["BoolTensor", "ByteTensor", "CharTensor", "DoubleTensor", "FloatTensor", "HalfTensor", "IntTensor",
           "LongTensor", "ShortTensor", "BFloat16Tensor"]


# ----- Tensor.data ---------------------------------------------------------------------------

def _get_data(self: Tensor) -> Tensor:
    """``Tensor.data``: this tensor's storage as a tensor that does not require grad."""
    out = Tensor._from_node(core.detached(self.node))
    return views.attach(self, out, detached=True, untracked=True)


def _set_data(self: Tensor, other: Tensor) -> None:
    """``x.data = other``: ``x`` takes ``other``'s value (its identity, requires_grad and .grad stay)."""
    if not isinstance(other, Tensor):
        raise TypeError(f"Variable data has to be a tensor, but got {type(other).__name__}")
    view = other._view
    if view is not None and view.untracked and not view.steps and view.base is (self._view.base if self._view
                                                                               else self):
        return  # `w.data -= g` assigns back the .data tensor it has just written through
    value = other._value
    if self._view is not None:  # torch's view now points at other storage: it is no view any more
        traced = self.node.traced
        self._view = None
        self._node = core.Constant(value, traced=traced)
        return
    node = self.node
    if node.value is None:
        self._jax_value()
    node.value = value  # in place: graphs that saved this node see the new value, as torch's storage


# ----- torch.autograd.Variable ---------------------------------------------------------------

class _VariableMeta(type):
    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, Tensor)

    def __subclasscheck__(cls, sub) -> bool:
        return isinstance(sub, type) and issubclass(sub, Tensor)


class Variable(metaclass=_VariableMeta):
    """``torch.autograd.Variable(data, requires_grad=False, volatile=False)``: the pre-0.4 wrapper,
    now a function returning a Tensor on ``data``'s storage; every Tensor is an instance."""

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = False, volatile: bool = False):
        if volatile:
            warnings.warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.",
                          UserWarning, stacklevel=2)
        if data is None:
            data = zeros(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        out = data.detach()
        if requires_grad:
            out.requires_grad_(True)
        return out


Variable.__module__ = "torch.autograd.variable"


# ----- the legacy type constructors ----------------------------------------------------------

class tensortype(type):
    """The metaclass of ``torch.FloatTensor`` ...: a tensor is an instance when its dtype matches."""

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype

    def __subclasscheck__(cls, sub) -> bool:
        return sub is cls

    def __repr__(cls) -> str:
        return f"<class 'torch.{cls.__name__}'>"


tensortype.__module__ = "torch"


def _new(dtype: dtypes.dtype, args: tuple, kwargs: dict) -> Tensor:
    """torch's ``new()`` argument forms: sizes, a torch.Size, a sequence of data, a tensor."""
    if kwargs.keys() - {"device"}:
        raise TypeError(f"new() received an invalid combination of arguments - got (..., "
                        f"{', '.join(f'{k}={type(v).__name__}' for k, v in kwargs.items())})")
    if not args:
        return zeros(0, dtype=dtype)
    if len(args) == 1 and not isinstance(args[0], numbers.Integral):
        data = args[0]
        if isinstance(data, Tensor):
            if data.dtype is not dtype:
                raise TypeError(f"expected TensorOptions(dtype={dtypes.C_TYPE_NAMES[dtype.name]}, ...) (got "
                                f"TensorOptions(dtype={dtypes.C_TYPE_NAMES[data.dtype.name]}, ...))")
            return data.detach()
        if type(data).__name__ == "Size":
            return zeros(*data, dtype=dtype)
        if isinstance(data, (numbers.Number, np.generic)):
            raise TypeError(f"new(): data must be a sequence (got {type(data).__name__})")
        return tensor(np.asarray(data).astype(dtype.np) if not isinstance(data, np.ndarray)
                      else data.astype(dtype.np), dtype=dtype)
    return zeros(*_size(args), dtype=dtype)


def _tensor_type(name: str, dtype: dtypes.dtype) -> type:
    def __new__(cls, *args, **kwargs):
        return _new(cls.dtype, args, kwargs)

    return tensortype(name, (), {"__new__": __new__, "dtype": dtype, "__module__": "torch",
                                 "__doc__": f"``torch.{name}``: the legacy constructor of {dtype} tensors."})


_LEGACY = {dtypes.float32: "FloatTensor", dtypes.float64: "DoubleTensor", dtypes.float16: "HalfTensor",
           dtypes.bfloat16: "BFloat16Tensor", dtypes.int64: "LongTensor", dtypes.int32: "IntTensor",
           dtypes.int16: "ShortTensor", dtypes.int8: "CharTensor", dtypes.uint8: "ByteTensor",
           dtypes.bool_: "BoolTensor"}
_TYPES = {name: _tensor_type(name, d) for d, name in _LEGACY.items()}
FloatTensor, DoubleTensor, HalfTensor = _TYPES["FloatTensor"], _TYPES["DoubleTensor"], _TYPES["HalfTensor"]
BFloat16Tensor, LongTensor, IntTensor = _TYPES["BFloat16Tensor"], _TYPES["LongTensor"], _TYPES["IntTensor"]
ShortTensor, CharTensor, ByteTensor = _TYPES["ShortTensor"], _TYPES["CharTensor"], _TYPES["ByteTensor"]
BoolTensor = _TYPES["BoolTensor"]


def type_name(dtype: dtypes.dtype) -> str:
    """torch's legacy type name of a dtype: ``torch.FloatTensor``."""
    return f"torch.{_LEGACY[dtype]}"


def _type(self: Tensor, dtype=None, non_blocking: bool = False, **kwargs):
    """``Tensor.type()``: the legacy type name ('torch.FloatTensor'); ``type(t)`` with a dtype,
    a legacy type or its name casts (the same tensor when nothing changes)."""
    if dtype is None:
        return type_name(self.dtype)
    if isinstance(dtype, tensortype):
        target = dtype.dtype
    elif isinstance(dtype, str):
        name = dtype[len("torch."):] if dtype.startswith("torch.") else None
        target = next((d for d, n in _LEGACY.items() if n == name), None)
        if target is None:
            if dtype.startswith("torch.cuda."):
                raise RuntimeError("Cannot initialize CUDA without ATen_cuda library.")
            raise ValueError(f"invalid type: '{dtype}'")
    elif isinstance(dtype, dtypes.dtype):
        target = dtype
    else:
        raise TypeError(f"type(): argument 'dtype' must be torch.dtype, not {type(dtype).__name__}")
    return self if target is self.dtype else self.to(target)


# ----- Tensor.new_* ---------------------------------------------------------------------------

def _options(self: Tensor, dtype, requires_grad: bool):
    return (dtypes.to_dtype(dtype) if dtype is not None else self.dtype), bool(requires_grad)


def _new_tensor(self: Tensor, data, *, dtype=None, device=None, requires_grad: bool = False, **_) -> Tensor:
    """``Tensor.new_tensor``: ``torch.tensor(data)`` with this tensor's dtype by default."""
    dtype, requires_grad = _options(self, dtype, requires_grad)
    if isinstance(data, Tensor):
        from . import user_warnings
        user_warnings.warn(user_warnings.COPY_CONSTRUCT)
        return data.detach().to(dtype).clone().requires_grad_(requires_grad)
    return tensor(data, dtype=dtype, requires_grad=requires_grad)


def _filled(kind: str):
    def method(self: Tensor, *size, dtype=None, device=None, requires_grad: bool = False, **_) -> Tensor:
        dtype, requires_grad = _options(self, dtype, requires_grad)
        shape = _size(size)
        value = np.ones(shape, dtype.np) if kind == "ones" else np.zeros(shape, dtype.np)
        from .functions import _leaf
        return _leaf(value, dtype, requires_grad)

    method.__name__ = method.__qualname__ = f"new_{kind}"
    method.__doc__ = f"``Tensor.new_{kind}(*size)``: this tensor's dtype unless ``dtype`` is given."
    return method


def _new_full(self: Tensor, size, fill_value, *, dtype=None, device=None, requires_grad: bool = False,
              **_) -> Tensor:
    """``Tensor.new_full(size, fill_value)``: this tensor's dtype unless ``dtype`` is given."""
    dtype, requires_grad = _options(self, dtype, requires_grad)
    from .functions import _leaf
    return _leaf(np.full(_size((size,)), fill_value, dtype.np), dtype, requires_grad)


def _new_legacy(self: Tensor, *args, **kwargs) -> Tensor:
    """``Tensor.new(...)``: the legacy constructor of this tensor's dtype."""
    return _new(self.dtype, args, kwargs)


def _bind() -> None:
    from . import autograd
    autograd.Variable = Variable
    Tensor.data = property(_get_data, _set_data, doc=_get_data.__doc__)
    Tensor.type = _type
    Tensor.new = _new_legacy
    Tensor.new_tensor = _new_tensor
    Tensor.new_zeros = _filled("zeros")
    Tensor.new_ones = _filled("ones")
    Tensor.new_empty = _filled("empty")
    Tensor.new_full = _new_full


_bind()
