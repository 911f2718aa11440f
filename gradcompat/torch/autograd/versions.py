"""Version counters: torch's check that tensors saved for backward were not modified in place.

Each storage has one counter; every node that has been the storage's current value
remembers the version it had. An in-place op makes a new node current (``rebind``),
bumps the counter, and moves a leaf's ``.grad`` and hooks along. A backward pass that
needs a node whose recorded version is behind its counter raises torch's error.
"""
from __future__ import annotations

import re
import weakref

from ... import core
from ...core.autodiff import vjp_apply as _VJP_APPLY
from . import hooks
from .hooks import _RETAIN as _RETAINED
from ..tensor import _GRADS


class VersionCounter:
    """The version of one storage (shared by all nodes that were its value)."""

    __slots__ = ("version", "current", "hidden", "__weakref__")

    def __init__(self) -> None:
        self.version = 0
        self.hidden = 0  # bumps by writes through ``Tensor.data`` (torch does not count them)
        self.current: "weakref.ref | None" = None


# a node's (counter, version it had) lives in its ``storage`` slot (a weak-keyed table cost
# ~2 us per in-place op: a keyed weak reference made, and its callback run when the node died)
# a leaf node replaced by an in-place op -> its successor (gradients of old graphs land there)
_SUCCESSOR: "weakref.WeakKeyDictionary[core.Node, core.Node]" = weakref.WeakKeyDictionary()
# nodes of view tensors: torch names a modified saved view "output 0 of AsStrided" (its regenerated grad_fn)
_VIEWS: "weakref.WeakSet[core.Node]" = weakref.WeakSet()


def _entry(node: core.Node) -> tuple[VersionCounter, int]:
    entry = node.storage
    if entry is None:
        counter = VersionCounter()
        counter.current = weakref.ref(node)
        entry = node.storage = (counter, 0)
    return entry


def version(node: core.Node) -> int:
    """``Tensor._version``: how many in-place ops changed this storage."""
    entry = node.storage
    return entry[0].version - entry[0].hidden if entry else 0


def rebind(old: core.Node, new: core.Node, hidden: bool = False) -> None:
    """Record an in-place op: ``new`` is the storage's value now (``old`` when mutated in place;
    ``hidden``: a ``.data`` write, which views see but ``_version`` does not count)."""
    counter = old.storage
    counter = _entry(old)[0] if counter is None else counter[0]
    version = counter.version = counter.version + 1
    if hidden:
        counter.hidden += 1
    counter.current = weakref.ref(new)
    new.storage = (counter, version)
    if new is old:
        return
    if not old.inputs:  # a leaf: its .grad, hooks and tensor object follow it
        _SUCCESSOR[old] = new
        if _GRADS.data and old in _GRADS:
            _GRADS[new] = _GRADS.pop(old)
        if old.notes or _RETAINED.data:  # (what hooks.move moves, if anything)
            hooks.move(old, new)
        if old.owner is not None:
            new.owner, old.owner = old.owner, None
    elif _RETAINED.data:  # (nothing retained: nothing to ask, for the commonest in-place op)
        move_retain(old, new)


def move_retain(old: core.Node, new: core.Node) -> None:
    """``retain_grad()`` of a non-leaf follows its in-place updates (torch moves the retains_grad
    hook to the new grad_fn; other tensor hooks stay on the old one)."""
    from . import hooks
    if hooks.retains(old):
        from ..tensor import _GRADS
        hooks._RETAIN.discard(old)
        hooks.retain(new)
        if old in _GRADS:
            _GRADS[new] = _GRADS.pop(old)


def counter(node: core.Node) -> VersionCounter:
    """The version counter of ``node``'s storage."""
    return _entry(node)[0]


def share(node: core.Node, alias: core.Node, *, view: bool = False, only_new: bool = False) -> None:
    """``alias`` shares ``node``'s storage (a view, ``detach()``): one version counter for
    both. ``only_new`` leaves an alias that already has a storage alone."""
    if only_new and alias.storage is not None:
        return
    counter, _ = _entry(node)
    alias.storage = (counter, counter.version)
    if view:
        _VIEWS.add(alias)


def successor(node: core.Node) -> core.Node:
    """The node that now stands for a leaf that in-place ops have replaced."""
    while node in _SUCCESSOR:
        node = _SUCCESSOR[node]
    return node


def modified(node: core.Node, by: core.Node | None = None) -> bool:
    """Whether an in-place op changed ``node``'s storage after it was recorded; the in-place
    op ``by`` itself does not count (torch keeps the original ``self`` such an op needs)."""
    entry = node.storage
    if entry is None or entry[0].version == entry[1]:
        return False
    if isinstance(by, core.Op) and by.fn is _VJP_APPLY and type(node) is core.Constant and not node.traced:
        # a gradient kept for higher order (create_graph) holds the values of the constants it
        # used, checked by the backward pass that made it; torch's double backward has no
        # saved tensor for them. Known difference: a later in-place change goes unnoticed
        return False
    own = by.storage if by is not None else None
    return not (own is not None and own[0] is entry[0] and own[1] == entry[1] + 1)


def _short(name: str) -> str:
    return re.sub(r"Backward\d*$", "", name)


def error(node: core.Node, as_output: bool) -> RuntimeError:
    """torch's error for a saved ``node`` that an in-place op has modified since."""
    from ..dtypes import from_numpy
    counter, saved = node.storage
    aval = node.aval
    kind = {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16"}.get(
        str(aval.dtype), from_numpy(aval.dtype).name.capitalize()) if aval is not None else "Float"
    where = f"[torch.{kind}Tensor [{', '.join(map(str, aval.shape)) if aval is not None else ''}]]"
    producer = node if as_output else (counter.current() if counter.current else None)
    if node in _VIEWS and not as_output:
        where += ", which is output 0 of AsStrided,"
    elif isinstance(producer, core.Op) and producer.traced:
        where += f", which is output 0 of {_short(producer.name)},"
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace operation: "
        f"{where} is at version {counter.version}; expected version {saved} instead. Hint: enable anomaly "
        "detection to find the operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True, check_nan=False).")
