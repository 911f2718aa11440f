"""The one recording context: what is recorded for autodiff, and whether ops defer.

Dialects express their own notions through it: torch's grad mode (``grad_enabled``
plus ``Node.traced`` on leaves that require grad), TensorFlow's and MindSpore's tapes
(``Tape``: ops whose inputs a tape watches are recorded while it is active), and TF1
graph mode / compiled modes (``deferred``: ops build nodes without values).
Grad mode and tapes are thread-local, as in the frameworks; the deferred default is
process-wide (TF's ``disable_eager_execution`` is) with a thread-local override.
"""
from __future__ import annotations

import contextlib
import threading
from typing import Iterator

_default_deferred = False


class _State(threading.local):
    def __init__(self) -> None:
        self.grad_enabled = True
        self.deferred: bool | None = None  # None: use the process-wide default
        self.tapes: list[Tape] = []


_state = _State()


def grad_enabled() -> bool:
    return _state.grad_enabled


@contextlib.contextmanager
def grad_mode(enabled: bool) -> Iterator[None]:
    """Temporarily switch recording of traced ops on or off (torch no_grad/enable_grad)."""
    previous, _state.grad_enabled = _state.grad_enabled, bool(enabled)
    try:
        yield
    finally:
        _state.grad_enabled = previous


def set_grad_enabled(enabled: bool) -> None:
    _state.grad_enabled = bool(enabled)


def deferred() -> bool:
    """Whether new ops build deferred nodes (values computed later by the executor)."""
    return _default_deferred if _state.deferred is None else _state.deferred


def set_default_deferred(flag: bool) -> None:
    global _default_deferred
    _default_deferred = bool(flag)


@contextlib.contextmanager
def deferred_mode(flag: bool) -> Iterator[None]:
    previous = swap_deferred(flag)
    try:
        yield
    finally:
        swap_deferred(previous)


def swap_deferred(flag: bool | None) -> bool | None:
    """Set this thread's deferred override (None: the process-wide default); returns the
    previous one, to restore (for contexts that are entered and left by separate calls)."""
    previous, _state.deferred = _state.deferred, None if flag is None else bool(flag)
    return previous


class Tape:
    """Records the ops computed from watched nodes while the tape is active.

    Serves TF's GradientTape and MindSpore's grad functions: gradients taken for a tape
    flow only through nodes it knows (watched or recorded).
    """

    def __init__(self) -> None:
        self._known: set = set()
        self.recording = True

    def watch(self, node) -> None:
        self._known.add(node)

    def knows(self, node) -> bool:
        return node in self._known

    def watches_any(self, nodes) -> bool:
        return self.recording and any(n in self._known for n in nodes)

    def record(self, node) -> None:
        self._known.add(node)

    def reset(self) -> None:
        self._known.clear()

    def on_read(self, cell, node) -> None:
        """Told of every state-cell read while active (TF watches accessed variables here)."""

    def __enter__(self) -> "Tape":
        _state.tapes.append(self)
        return self

    def __exit__(self, *exc) -> None:
        _state.tapes.remove(self)


def records(nodes) -> bool:
    """Whether an op on these input nodes is recorded for a gradient now: grad mode with a
    traced input (as ``graph.apply`` decides), or an active tape watching one of them."""
    if _state.grad_enabled and any(n.traced for n in nodes):
        return True
    return any(t.watches_any(nodes) for t in _state.tapes)


def active_tapes() -> list[Tape]:
    return _state.tapes


@contextlib.contextmanager
def paused(tape: Tape) -> Iterator[None]:
    """Stop one tape from recording for a while (tf.GradientTape.stop_recording)."""
    previous, tape.recording = tape.recording, False
    try:
        yield
    finally:
        tape.recording = previous
