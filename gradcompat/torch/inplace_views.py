"""In-place view ops (``transpose_``, ``t_``, ``squeeze_``, ``unsqueeze_``, ``swapdims_``,
``as_strided_``) and ``resize_`` / ``resize_as_``: a tensor's shape changes in place.

torch changes the tensor's metadata over the same storage and bumps its version. Here a
tensor that is not a view takes the view op's result as its new node (recorded as torch
records it: ``TransposeBackward1`` ...; a non-leaf keeps its history also under no_grad);
a view gains the op as one more step from its base, so it keeps sharing the base's storage.

Known difference: views taken of a tensor *before* it changed shape in place re-derive
from the reshaped tensor, so they no longer follow torch's storage layout.
"""
from __future__ import annotations

import jax.numpy as jnp

from . import shape as S
from . import views
from .autograd import versions
from .autograd.inference import INPLACE_OUTSIDE
from .tensor import Tensor, inference_state
from .. import core

_LEAF = "a leaf Variable that requires grad is being used in an in-place operation."


def _checks(self: Tensor) -> None:
    if self._view is None and self.is_leaf and self.requires_grad and core.recording.grad_enabled():
        raise RuntimeError(_LEAF)
    if self._inference and not inference_state.enabled:
        raise RuntimeError(INPLACE_OUTSIDE)


def _apply(self: Tensor, view_fn, name: str) -> Tensor:
    """Make ``view_fn(self)`` (a view op of ``shape``) this tensor's own value, in place."""
    _checks(self)
    if self._view is not None:
        from .views import _check
        _check(self, self, self._view)
        old_view = self._view
        # torch keeps how the view was created (grad mode, multi-output, custom Function), the op
        # its errors name and its history, whatever mode the in-place view op runs in
        with core.recording.grad_mode(old_view.grad_mode and not old_view.detached):
            result = view_fn(self)
        self._node, self._view = result._node, result._view
        for slot in ("grad_mode", "label", "multi", "custom"):
            setattr(self._view, slot, getattr(old_view, slot))
        self._view.counter.version += 1  # torch bumps the storage's version
        self._view.seen = self._view.counter.version
        versions.share(self._node, self._node)
        return self
    old = self.node
    keep = isinstance(old, core.Op) and old.traced  # a non-leaf keeps its history (as torch, also in no_grad)
    with core.recording.grad_mode(core.recording.grad_enabled() or keep):
        result = view_fn(self)
    new = result._node
    if type(old) is core.Constant and old.traced:
        new = core.Constant(new.value, traced=True)  # a leaf stays a leaf (only allowed without recording)
    elif isinstance(new, core.Op):
        new.name = name
    self.node = new
    versions.rebind(old, new)
    return self


def transpose_(self: Tensor, dim0: int, dim1: int) -> Tensor:
    """``Tensor.transpose_``."""
    return _apply(self, lambda t: S.transpose(t, dim0, dim1), "TransposeBackward1")


def swapdims_(self: Tensor, dim0: int, dim1: int) -> Tensor:
    return transpose_(self, dim0, dim1)


def t_(self: Tensor) -> Tensor:
    """``Tensor.t_``."""
    return _apply(self, S.t, "TBackward1")


def squeeze_(self: Tensor, dim=None) -> Tensor:
    """``Tensor.squeeze_``."""
    return _apply(self, lambda t: S.squeeze(t, dim), "SqueezeBackward3" if dim is None else "SqueezeBackward4")


def unsqueeze_(self: Tensor, dim: int) -> Tensor:
    """``Tensor.unsqueeze_``."""
    return _apply(self, lambda t: S.unsqueeze(t, dim), "UnsqueezeBackward1")


def _resized(value, size: tuple):
    """The first elements of the storage in the new shape (zeros where it grew; torch leaves
    them uninitialized)."""
    n = 1
    for s in size:
        n *= s
    flat = value.reshape(-1)
    if n > flat.size:
        flat = jnp.concatenate([flat, jnp.zeros(n - flat.size, flat.dtype)])
    return flat[:n].reshape(size)


def resize_(self: Tensor, *size, memory_format=None) -> Tensor:
    """``Tensor.resize_``: refused for tensors that require grad (outside inference mode), as torch."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    size = tuple(int(s) for s in size)
    if self.requires_grad and not (inference_state.enabled or self._inference):
        raise RuntimeError("cannot resize variables that require grad")
    if self._inference and not inference_state.enabled:
        raise RuntimeError(INPLACE_OUTSIDE)
    if size == tuple(self.shape):
        return self  # torch: a no-op, no version bump
    old = self.node
    traced = type(old) is core.Constant and old.traced
    new = core.Constant(_resized(self._value, size), traced=traced)
    self._node, self._view = old, None  # a resized view gets its own storage (known difference)
    self.node = new
    versions.rebind(old, new)
    return self


def resize_as_(self: Tensor, other: Tensor, memory_format=None) -> Tensor:
    """``Tensor.resize_as_``."""
    return resize_(self, tuple(other.shape))


def install() -> None:
    for fn in (transpose_, swapdims_, t_, squeeze_, unsqueeze_, resize_, resize_as_):
        setattr(Tensor, fn.__name__, fn)
    Tensor.swapaxes_ = swapdims_
    Tensor.stride = views.stride
