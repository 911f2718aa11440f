"""torch's storage-level tensor API: ``storage()`` / ``untyped_storage()``, ``data_ptr()``,
``set_``, memory-format objects, and the deprecated ``volatile`` attribute.

There is no raw memory under a JAX array, so a storage is identified by what torch's
storages share: the version counter (one per storage, shared by views, ``detach()`` and
forward-mode duals). ``data_ptr()`` is a stable fake address per storage plus the view's
offset, so equal pointers mean shared memory as in torch.

Known differences: the addresses are not real memory; a gradient buffer is never stolen
(torch may hand the incoming gradient buffer to ``.grad``); ``set_`` copies the source's
values instead of sharing its storage.
"""
from __future__ import annotations

import warnings

from . import dtypes
from .autograd import versions
from .tensor import Tensor

_BASE_ADDRESS = 0x7F0000000000


class memory_format:
    """``torch.memory_format`` (``torch.contiguous_format``, ``channels_last`` ...): accepted
    where torch takes one; the layout of a JAX array is the compiler's."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return f"torch.{self._name}"


contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")
preserve_format = memory_format("preserve_format")


def _root(t: Tensor) -> Tensor:
    view = t._view
    return view.base if view is not None else t


def _address(t: Tensor) -> int:
    counter = versions.counter(_root(t).node)
    return _BASE_ADDRESS + (id(counter) & 0xFFFFFFFF) * 256


def _offset(t: Tensor) -> int:
    view = t._view
    if view is None or t.numel() == 0:
        return 0
    index, _ = view.index()
    return int(index.reshape(-1).min())


class UntypedStorage:
    """``torch.UntypedStorage`` of a tensor: its size in bytes and its address."""

    def __init__(self, tensor: Tensor) -> None:
        self._root = _root(tensor)

    def data_ptr(self) -> int:
        return _address(self._root)

    def nbytes(self) -> int:
        return self._root.numel() * self._root.dtype.itemsize

    def size(self) -> int:
        return self.nbytes()

    __len__ = size

    @property
    def device(self):
        return self._root.device

    def __repr__(self) -> str:
        return f"[torch.storage.UntypedStorage(device={self.device}) of size {self.nbytes()}]"


class TypedStorage(UntypedStorage):
    """``torch.TypedStorage`` (``tensor.storage()``): elements of one dtype."""

    @property
    def dtype(self) -> dtypes.dtype:
        return self._root.dtype

    def size(self) -> int:
        return self._root.numel()

    __len__ = size

    def element_size(self) -> int:
        return self._root.dtype.itemsize

    def untyped(self) -> UntypedStorage:
        return UntypedStorage(self._root)

    def tolist(self) -> list:
        return self._root.reshape(-1).tolist()

    def __repr__(self) -> str:
        return f"[torch.storage.TypedStorage(dtype={self.dtype}, device={self.device}) of size {self.size()}]"


_TYPED_WARNING = ("TypedStorage is deprecated. It will be removed in the future and UntypedStorage will be the only "
                  "storage class. This should only matter to you if you are using storages directly.  To access "
                  "UntypedStorage directly, use tensor.untyped_storage() instead of tensor.storage()")


def storage(self: Tensor) -> TypedStorage:
    """``Tensor.storage()`` (torch's deprecation warning, once)."""
    from . import user_warnings
    user_warnings.warn_once(_TYPED_WARNING)
    return TypedStorage(self)


def untyped_storage(self: Tensor) -> UntypedStorage:
    return UntypedStorage(self)


def data_ptr(self: Tensor) -> int:
    """``Tensor.data_ptr()``: the storage's address plus this view's offset in bytes."""
    return _address(self) + _offset(self) * self.dtype.itemsize


def storage_offset(self: Tensor) -> int:
    return _offset(self)


def set_(self: Tensor, source=None, storage_offset: int = 0, size=None, stride=None) -> Tensor:
    """``Tensor.set_(source)``: this tensor takes ``source``'s values and shape (a leaf stays a
    leaf), with torch's in-place checks and a version bump."""
    from .inplace_views import _checks
    from .. import core
    _checks(self)
    if source is None:
        from .functions import tensor
        source = tensor([], dtype=self.dtype)
    elif not isinstance(source, Tensor):
        raise TypeError("set_(): argument 'source' must be Tensor")
    if size is not None:
        from .extra_ops import as_strided
        source = as_strided(source, size, stride if stride is not None else _contiguous_strides(size), storage_offset)
    old = self.node
    value = source._value
    if isinstance(old, core.Op) or not old.traced:
        new = core.detached(source.node) if not core.recording.grad_enabled() else source.node
    else:
        new = core.Constant(value, traced=True)
    self._node, self._view = old, None
    self.node = new
    versions.rebind(old, new)
    return self


def _contiguous_strides(size) -> tuple:
    strides, step = [], 1
    for n in reversed(tuple(size)):
        strides.append(step)
        step *= n
    return tuple(reversed(strides))


def _volatile(self: Tensor) -> bool:
    warnings.warn("volatile was removed (Variable.volatile is always False)", UserWarning, stacklevel=2)
    return False


def install() -> None:
    Tensor.storage = storage
    Tensor.untyped_storage = untyped_storage
    Tensor.data_ptr = data_ptr
    Tensor.storage_offset = storage_offset
    Tensor.set_ = set_
    Tensor.volatile = property(_volatile)


__all__ = ["memory_format", "contiguous_format", "channels_last", "channels_last_3d", "preserve_format",
           "TypedStorage", "UntypedStorage"]
