"""Lazy execution: eager-looking code builds deferred nodes, computed when a value is needed.

While lazy mode is on (``active()``), ops defer (``recording.deferred``), dialect handles on
deferred nodes are registered here (weakly), and writes of deferred values into existing
nodes (an optimizer updating a parameter in place) are kept as pending writes. ``sync()``
computes every live pending handle and every pending write as ONE executor run, so a whole
training step (forward, backward, optimizer update) is one program, compiled once per
structure. A dialect calls ``sync`` where the framework would need a value (``item()``,
printing, ``numpy()``) and at step boundaries, so the pending graph cannot grow across steps.
"""
from __future__ import annotations

import threading
import weakref

from . import recording
from .executor import run
from .graph import Node, Op


class _State(threading.local):
    def __init__(self) -> None:
        self.depth = 0
        self.handles: "weakref.WeakValueDictionary[int, object]" = weakref.WeakValueDictionary()
        self.writes: dict[Node, Node] = {}


_state = _State()


def active() -> bool:
    """Whether lazy mode is on in this thread."""
    return _state.depth > 0


class lazy_mode:
    """Defer ops and register handles until the outermost exit, which syncs. A class, not a
    generator: a mode entered by ``__enter__()`` alone stays on even when this object is
    dropped (a generator context would be closed, and the mode left, by the collector)."""

    def __enter__(self) -> "lazy_mode":
        _state.depth += 1
        self._previous = recording.swap_deferred(True)
        return self

    def __exit__(self, *exc) -> None:
        recording.swap_deferred(self._previous)
        _state.depth -= 1
        if _state.depth == 0:
            sync()


def register(handle) -> None:
    """Remember a handle (an object with ``.node``) whose node is deferred, to compute it at
    the next sync if it is still alive then."""
    _state.handles[id(handle)] = handle


def write(target: Node, source: Node) -> None:
    """At the next sync, ``target.value`` becomes ``source``'s value (a later write to the same
    target replaces an earlier one). Reads of ``target`` before that see its old value."""
    _state.writes[target] = source


def sync() -> None:
    """Compute every live registered handle's node and apply the pending writes, as one run."""
    handles = [h for h in list(_state.handles.values()) if h.node.value is None]
    writes, _state.writes = _state.writes, {}
    _state.handles = weakref.WeakValueDictionary()
    fetches = list(dict.fromkeys([h.node for h in handles] + list(writes.values())))
    if not fetches:
        return
    for node, value in zip(fetches, run(fetches)):
        node.value = value
        if isinstance(node, Op) and not node.traced:
            node.inputs = ()  # never differentiated: drop its history so the step's graph is freed
    for target, source in writes.items():
        target.value = source.value
