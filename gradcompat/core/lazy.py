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
from .executor import Prepared
from .graph import Node, Op


_COMPACT_AT = 4096  # registered handles before dead references are dropped (a loop that never syncs)


class _State(threading.local):
    def __init__(self) -> None:
        self.depth = 0
        # weak references to the registered handles (a plain list: a WeakValueDictionary entry
        # costs several Python calls, and every op of a lazy step registers its result)
        self.handles: list[weakref.ref] = []
        self.compact_at = _COMPACT_AT
        self.writes: dict[Node, Node] = {}
        self.observer: "Observer | None" = None


class Observer:
    """What the syncs of a stretch of lazy code did (see ``observe``): each run as
    ``(prepared, fetches, writes, results)``, and how many times a value was read to Python
    (``note_read``). A dialect uses it to record a step for replay."""

    def __init__(self) -> None:
        self.runs: list[tuple[Prepared, list[Node], dict[Node, Node], list]] = []
        self.reads = 0
        self.checks: list[tuple[Node, object]] = []


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


class observe:
    """Record this thread's syncs into an ``Observer`` while the context is open."""

    def __enter__(self) -> Observer:
        self._previous, _state.observer = _state.observer, Observer()
        return _state.observer

    def __exit__(self, *exc) -> None:
        _state.observer = self._previous


def note_read() -> None:
    """A value went to Python (``item()``, ``bool()``, printing): a recorded step that did this
    cannot be replayed without its Python."""
    observer = _state.observer
    if observer is not None:
        observer.reads += 1


def note_check(node: Node, check) -> None:
    """A data-dependent check of ``node``'s values (``check(node)`` raises for bad values, as
    the framework's error): a replayed step runs it again on the node standing in its place."""
    observer = _state.observer
    if observer is not None:
        observer.checks.append((node, check))


class unobserved:
    """Reads inside this context are not counted (a check registered with ``note_check``)."""

    def __enter__(self) -> None:
        self._previous, _state.observer = _state.observer, None

    def __exit__(self, *exc) -> None:
        _state.observer = self._previous


def register(handle) -> None:
    """Remember a handle (an object with ``.node``) whose node is deferred, to compute it at
    the next sync if it is still alive then."""
    handles = _state.handles
    handles.append(weakref.ref(handle))
    if len(handles) >= _state.compact_at:  # drop the dead ones; amortized, the list stays near the live count
        handles[:] = [r for r in handles if r() is not None]
        _state.compact_at = max(_COMPACT_AT, 2 * len(handles))


def write(target: Node, source: Node) -> None:
    """At the next sync, ``target.value`` becomes ``source``'s value (a later write to the same
    target replaces an earlier one). Reads of ``target`` before that see its old value."""
    _state.writes[target] = source


def sync() -> None:
    """Compute every live registered handle's node and apply the pending writes, as one run."""
    refs, _state.handles, _state.compact_at = _state.handles, [], _COMPACT_AT
    writes, _state.writes = _state.writes, {}
    pending = []
    for r in refs:
        handle = r()
        if handle is not None:
            node = handle.node
            if node.value is None:
                pending.append(node)
    fetches = list(dict.fromkeys(pending + list(writes.values())))
    if not fetches:
        return
    prepared = Prepared(fetches)
    results = prepared()
    if _state.observer is not None:
        _state.observer.runs.append((prepared, fetches, writes, results))
    for node, value in zip(fetches, results):
        node.value = value
        if isinstance(node, Op) and not node.traced:
            node.inputs = ()  # never differentiated: drop its history so the step's graph is freed
    for target, source in writes.items():
        target.value = source.value
