"""State of the ``tf.function`` trace in progress (thread-local), shared by variables and functions.

While a function is traced, ops defer (core's deferred mode) and variable writes become
effects that the traced function runs with its outputs. TF orders a function's stateful
ops as written (automatic control dependencies): a read after an assignment inside the
function sees the assigned value, so the trace remembers each variable's latest value.
"""
from __future__ import annotations

import contextlib
import threading
from typing import Iterator

from .. import core


class Trace:
    """What one trace collected: state writes in program order, and each cell's latest value."""

    def __init__(self) -> None:
        self.effects: list[core.Effect] = []
        self.latest: dict[core.StateCell, core.Node] = {}
        self.feeders: list = []  # callables giving placeholder feeds at each run (datasets iterated inside)

    def record_write(self, cell: core.StateCell, effect: core.Effect, value: core.Node) -> None:
        self.effects.append(effect)
        self.latest[cell] = value


class _State(threading.local):
    def __init__(self) -> None:
        self.traces: list[Trace] = []


_state = _State()


def current() -> Trace | None:
    """The innermost trace in progress, or None when executing eagerly."""
    return _state.traces[-1] if _state.traces else None


@contextlib.contextmanager
def tracing(trace: Trace) -> Iterator[Trace]:
    """Trace ops into ``trace``: they defer until the function runs them through ``core.run``."""
    _state.traces.append(trace)
    try:
        with core.recording.deferred_mode(True):
            yield trace
    finally:
        _state.traces.remove(trace)


@contextlib.contextmanager
def init_scope() -> Iterator[None]:
    """``tf.init_scope``: leave the trace for a while (variables created here are eager)."""
    if not _state.traces:  # not tracing: nothing to leave (TF1 graph mode stays deferred)
        yield
        return
    saved, _state.traces = _state.traces, []
    try:
        with core.recording.deferred_mode(False):
            yield
    finally:
        _state.traces = saved


@contextlib.contextmanager
def substituted(values: dict[core.StateCell, core.Node]) -> Iterator[Trace]:
    """Variables read as the given nodes, writes kept apart (a custom_gradient kernel runs the
    user's function on its own inputs, variables included)."""
    trace = Trace()
    trace.latest.update(values)
    saved, _state.traces = _state.traces, [trace]
    try:
        yield trace
    finally:
        _state.traces = saved
