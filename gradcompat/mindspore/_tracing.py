"""What the GRAPH_MODE / ``jit`` call being traced collects while its Python body runs.

A traced call is replayed without running its Python again (see ``graph_mode``), so the
trace records what a replay needs (the deferred Parameter writes, the random draws) and
whether the body read a value that a later call may change (then it cannot be replayed).
Tensors and Parameters report here; this module imports neither, so both can.
"""
from __future__ import annotations

import contextlib
import threading
from typing import Iterator

from ..core import Effect, Node


class Trace:
    """One traced call: ``fed`` are the nodes of its Tensor arguments (fed anew on a replay)."""

    def __init__(self, fed: frozenset[Node] = frozenset()) -> None:
        self.fed = fed
        self.writes: list[Effect] = []
        self.draws = 0  # random draws made so far (each replay draws fresh numbers)
        self.reads_values = False  # the body read an argument's or a deferred Tensor's value
        # MindSpore's random kernels in this call (``_random.RandomSite``): each holds a node
        # fed with its kernel's next draw at every run; ``kernels``: their generators by key,
        # shared with earlier traces of the same call that a re-trace continues (one graph)
        self.random_sites: list = []
        self.kernels: dict = {}
        # the node last written into each state cell in this call: a later read in the same
        # call sees it, as MindSpore's graphs order a Parameter's reads after its writes
        self.latest: dict = {}


class _Current(threading.local):
    trace: Trace | None = None


_current = _Current()


def current() -> Trace | None:
    """The call being traced in this thread, if any (compiled calls do not nest)."""
    return _current.trace


@contextlib.contextmanager
def tracing(trace: Trace) -> Iterator[Trace]:
    previous, _current.trace = _current.trace, trace
    try:
        yield trace
    finally:
        _current.trace = previous


def note_value_read(node: Node) -> None:
    """Python is reading ``node``'s value: if the call being traced could see another value
    there next time (an argument, or anything computed in the call), its Python decided on
    a value and a replay would repeat that decision, so the call is traced again each time."""
    trace = current()
    if trace is not None and (node.value is None or node in trace.fed
                              or any(site.node is node for site in trace.random_sites)):
        trace.reads_values = True


def record_write(effect: Effect | None) -> None:
    """Keep a deferred Parameter write for the call being traced."""
    trace = current()
    if effect is not None and trace is not None:
        trace.writes.append(effect)
        trace.latest.update(effect.writes)


def latest_write(cell) -> Node | None:
    """The node written into ``cell`` earlier in the call being traced, if any."""
    trace = current()
    return None if trace is None else trace.latest.get(cell)
