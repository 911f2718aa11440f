"""``torch.autograd.forward_ad``: dual tensors on the core's forward-mode tangents.

``make_dual(x, t)`` is a new tensor equal to ``x`` that carries ``t`` as its tangent; every op
applied to dual tensors (under ``no_grad`` too) gives its output the tangent ``jax.jvp`` of the
op's kernel computes (``core.forward``); ``unpack_dual`` returns ``(primal, tangent)`` with the
tangent tensor given to ``make_dual`` itself when nothing was computed from it. Tangents are
recorded for reverse mode like any value, so ``autograd.grad`` of a tangent works.

As in torch only one level exists (``dual_level`` is level 0; nesting raises), and leaving it
forgets every tangent. Known differences: a dual tensor does not share storage with its primal
(in-place ops on one are not seen by the other), and an in-place op on a dual tensor does not
update the tangent tensor object in place (the dual gets a new tangent).
"""
from __future__ import annotations

from typing import Any, NamedTuple

from ... import core
from ..tensor import Tensor, wrap

__all__ = ["UnpackedDualTensor", "dual_level", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual"]

# torch's module-level current level (tests read it): -1 when no level is open
_current_level = -1


def _alias(x):
    """An identity op: a new node with ``x``'s value and history."""
    return x


def enter_dual_level() -> int:
    """Enter a new forward grad level (0); torch supports one level only."""
    global _current_level
    if core.forward.depth() >= 1:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _current_level = core.forward.enter()
    return _current_level


def exit_dual_level(*, level: int | None = None) -> None:
    """Exit the forward grad level (forgets every tangent of it)."""
    global _current_level
    if level is None:
        level = _current_level
    if level != _current_level:
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that was created. This is "
                           "not supported.")
    core.forward.exit(level)
    _current_level = level - 1


def _floating(t: Tensor) -> bool:
    return t.dtype.is_floating_point or getattr(t.dtype, "is_complex", False)


def make_dual(tensor: Tensor, tangent: Tensor, *, level: int | None = None) -> Tensor:
    """``torch.autograd.forward_ad.make_dual``: ``tensor`` carrying ``tangent`` (backward differentiable)."""
    if level is None:
        level = _current_level
    if level < 0:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    if not _floating(tensor):
        raise ValueError(f"Expected primal to be floating point or complex, but got: {tensor.dtype}")
    if not _floating(tangent):
        raise ValueError(f"Expected tangent to be floating point or complex, but got: {tangent.dtype}")
    if tuple(tangent.shape) != tuple(tensor.shape):
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           f"Tensor, this is not supported. Tensor is of size {list(tensor.shape)} while the given "
                           f"forward gradient is of size {list(tangent.shape)}.")
    if core.forward.tangent(tangent.node, level) is not None:
        raise RuntimeError(f"Setting a forward grad that itself has a forward gradient at the same level{level} is "
                           "not supported.")
    from .. import views
    from .grad_mode import is_inference_mode_enabled
    if views.storage_layout(tangent) != views.storage_layout(tensor):
        # torch uses the tangent itself only where its storage and strides match the primal's;
        # otherwise a copy (in-place changes of the unpacked tangent then leave the user's alone)
        with core.forward.suspended():
            tangent = tangent.clone()
    with core.forward.suspended():
        dual = wrap(core.apply(_alias, [tensor.node], name="ViewBackward0"))
    # shares the primal's storage; tangents do not cross between them (in inference mode, not a view)
    dual = views.attach(tensor, dual, fw_detached=True, detached=is_inference_mode_enabled(), label=("View", 0))
    core.forward.set_tangent(dual.node, tangent, level)
    return dual


class UnpackedDualTensor(NamedTuple):
    """``(primal, tangent)`` as :func:`unpack_dual` returns them."""

    primal: Any
    tangent: Any


def tangent_of(t: Tensor, level: int | None = None) -> Tensor | None:
    """The tangent tensor ``t`` carries at ``level`` (None when it has none)."""
    if not core.forward.active():
        return None
    node = t.node
    found = core.forward.tangent(node, level)
    if found is None or core.forward.is_float0(getattr(found, "node", found)):
        return None
    if not isinstance(found, Tensor):  # a computed tangent: one tensor object from now on
        found = wrap(found)
        core.forward.set_tangent(node, found, level)
    return found


def _set_tangent(t: Tensor, tangent: Tensor | None) -> None:
    """Replace the tangent of an existing dual tensor (gradcheck's column-by-column jvps)."""
    core.forward.set_tangent(t.node, tangent)


def after_inplace(old: core.Node, tensor: Tensor, result: Tensor) -> None:
    """An in-place op rebound ``tensor`` (whose node was ``old``) to ``result``'s value: as in
    torch, the tangent it carried is updated in place (the tangent tensor object given to
    ``make_dual`` sees the change), and a tensor without one gets ``result``'s."""
    new_tangent = core.forward.tangent(result.node)
    if new_tangent is None or core.forward.is_float0(getattr(new_tangent, "node", new_tangent)):
        return
    new_tangent = new_tangent if isinstance(new_tangent, Tensor) else wrap(new_tangent)
    carried = core.forward.tangent(old)
    if isinstance(carried, Tensor) and carried is not new_tangent and carried.shape == new_tangent.shape:
        with core.forward.suspended():
            if carried._view is not None:  # the tangent of a view is a view of its base's tangent
                from .. import views
                views.write(carried, new_tangent)
            else:
                carried._assign(new_tangent)
        new_tangent = carried
    core.forward.set_tangent(tensor.node, new_tangent)


def unpack_dual(tensor, *, level: int | None = None) -> UnpackedDualTensor:
    """``torch.autograd.forward_ad.unpack_dual``: the primal (a new tensor without tangent) and the tangent."""
    if level is None:
        level = _current_level
    if level < 0 or not isinstance(tensor, Tensor):
        return UnpackedDualTensor(tensor, None)
    tangent = tangent_of(tensor, level)
    if tangent is None:
        return UnpackedDualTensor(tensor, None)
    from .. import views
    with core.forward.suspended():
        primal = wrap(core.apply(_alias, [tensor.node], name="AliasBackward0"))
    return UnpackedDualTensor(views.attach(tensor, primal, fw_detached=True), tangent)


class dual_level:
    """Context manager (and decorator) for forward AD: enters level 0, exits it on leaving."""

    def __enter__(self) -> int:
        return enter_dual_level()

    def __exit__(self, *exc) -> None:
        exit_dual_level()

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with dual_level():
                return fn(*args, **kwargs)
        return wrapper
