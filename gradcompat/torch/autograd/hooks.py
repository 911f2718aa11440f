"""Tensor hooks (``register_hook``) and ``retain_grad``, keyed by the tensor's node."""
from __future__ import annotations

import contextlib
import itertools
import threading
import weakref
from typing import Callable, Iterator

import numpy as np

from ... import core
from ...core.graph import notes, peek_notes

# tensor hooks live on their node (``notes(node)["tensor_hooks"]``): a hook whose closure holds
# the tensor makes a cycle the garbage collector frees, as torch's grad_fn -> hook -> closure
_RETAIN: "weakref.WeakSet[core.Node]" = weakref.WeakSet()
_ids = itertools.count()
_LOCK = threading.Lock()  # the tables are shared by threads running backward passes


class RemovableHandle:
    """What ``register_hook`` returns: ``remove()`` unregisters the hook (from the table it
    is in: hooks move with a leaf replaced by an in-place op, the table with them)."""

    def __init__(self, node: core.Node, key: int, table: dict | None = None) -> None:
        self._node = weakref.ref(node)
        self._table = weakref.ref(table) if table is not None else None
        self.id = key

    def remove(self) -> None:
        table = self._table() if self._table is not None else None
        if table is not None:
            with _LOCK:
                table.pop(self.id, None)

    def __enter__(self) -> "RemovableHandle":
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


def register(node: core.Node, hook: Callable) -> RemovableHandle:
    core.lazy.note_read()  # a hook is Python run at backward: a compiled step registering one is never replayed
    with _LOCK:
        key = next(_ids)
        table = notes(node).setdefault("tensor_hooks", _Table())
        table[key] = hook
        if isinstance(node, core.Op) and node.fn is core.graph.getitem and isinstance(node.inputs[0], core.Op):
            # one output of a multi-output op: a pass through that op calls it with None when
            # this output gets no gradient (torch's undefined gradient)
            notes(node.inputs[0]).setdefault("hooked_outputs", weakref.WeakSet()).add(node)
        group = _group_of(node)
        if group is not None:  # one output of split/unbind (each is its own op here): the same
            for ref in group[0]:
                sibling = ref()
                if sibling is not None and sibling is not node:
                    notes(sibling).setdefault("hooked_outputs", weakref.WeakSet()).add(node)
    return RemovableHandle(node, key, table)


def group_outputs(nodes: list) -> None:
    """Mark ``nodes`` as the outputs of one torch node (``unbind``, ``split``: gradcompat makes
    each its own view op): ``Tensor.output_nr`` is the position, and a backward pass through one
    calls the hooks of the others with None, as torch's shared grad_fn does."""
    traced = [n for n in nodes if n.traced]
    if len(traced) < 2:
        return
    refs = tuple(weakref.ref(n) for n in nodes)
    for i, n in enumerate(nodes):
        if n.traced:
            notes(n)["output_group"] = (refs, i)


def _group_of(node: core.Node) -> tuple | None:
    n = peek_notes(node)
    return n.get("output_group") if n else None


def group_index(node: core.Node) -> int | None:
    """The position of ``node`` among the outputs marked by ``group_outputs`` (None if unmarked)."""
    group = _group_of(node)
    return None if group is None else group[1]


def hooked_siblings(op: core.Node) -> list:
    """The outputs of multi-output ``op`` that have tensor hooks."""
    n = peek_notes(op)
    outs = n.get("hooked_outputs") if n else None
    return list(outs) if outs else []


class _Table(dict):
    """A hook table (a dict subclass, so that handles can refer to it weakly)."""

    __slots__ = ("__weakref__",)


def table(node: core.Node, kind: str) -> dict:
    """The node's hook table of ``kind`` (made on first use)."""
    with _LOCK:
        return notes(node).setdefault(kind, _Table())


def register_in(node: core.Node, kind: str, hook: Callable) -> RemovableHandle:
    """Add ``hook`` to the node's table of ``kind`` (grad_fn pre/post hooks ...)."""
    t = table(node, kind)
    with _LOCK:
        key = next(_ids)
        t[key] = hook
    return RemovableHandle(node, key, t)


def hooks_of(node: core.Node, kind: str) -> list:
    n = peek_notes(node)
    t = n.get(kind) if n else None
    return list(t.values()) if t else []


def retain(node: core.Node) -> None:
    _RETAIN.add(node)


def retains(node: core.Node) -> bool:
    return node in _RETAIN


def has_hooks(node: core.Node) -> bool:
    n = peek_notes(node)
    return bool(n and (n.get("tensor_hooks") or n.get("pre") or n.get("post"))) or node in _RETAIN


def move(old: core.Node, new: core.Node) -> None:
    """An in-place op replaced a leaf's node: its hooks follow it."""
    n = peek_notes(old)
    if n:
        with _LOCK:  # hooks, metadata, post-accumulate hooks; not the grad_fn object of the old node
            moved = {k: v for k, v in n.items() if k != "grad_fn"}
            for k in moved:
                del n[k]
            notes(new).update(moved)
    if old in _RETAIN:
        _RETAIN.add(new)


class _Undefined(threading.local):
    on = False


_UNDEFINED = _Undefined()


@contextlib.contextmanager
def undefined_grads() -> Iterator[None]:
    """Backward passes inside run with undefined output gradients (gradcheck's
    check_undefined_grad): a hook whose incoming gradient is all zeros sees None, as in torch."""
    previous, _UNDEFINED.on = _UNDEFINED.on, True
    try:
        yield
    finally:
        _UNDEFINED.on = previous


def run(node: core.Node, grad):
    """Apply the node's hooks in registration order; a hook returning a tensor replaces the grad."""
    for hook in hooks_of(node, "tensor_hooks"):
        undefined = _UNDEFINED.on and grad is not None and not bool(np.any(np.asarray(grad._value)))
        result = hook(None if undefined else grad)
        if result is not None:
            grad = result
    return grad
