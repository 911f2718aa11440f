"""``mindspore.jit`` and GRAPH_MODE: a call traced into one deferred graph, run by ``core.run``.

MindSpore compiles a Cell's ``construct`` (GRAPH_MODE) or a ``@jit`` function into one graph,
Parameter writes (optimizer updates) included. Here the call runs with deferred ops: every op
builds a node without a value, Parameter reads are deferred reads and Parameter writes are
deferred effects collected while the call runs. ``core.run`` then executes the outputs and
the writes as one program, keyed by structure, so a loop of identical steps compiles once.

Known difference: the Python body runs on every call (MindSpore parses it once); side
effects in it (prints of Tensors, ``asnumpy``) see deferred Tensors that have no value.
"""
from __future__ import annotations

import functools
import threading
from typing import Any, Callable

from .. import core
from ..core import Constant, Effect, recording
from . import context
from .tensor import Tensor


class _Writes(threading.local):
    def __init__(self) -> None:
        self.stack: list[list[Effect]] = []


_writes = _Writes()


def record_write(effect: Effect | None) -> None:
    """Keep a deferred Parameter write for the compiled call being traced."""
    if effect is not None and _writes.stack:
        _writes.stack[-1].append(effect)


def compiling() -> bool:
    """Whether a compiled call is being traced (nested Cells then just build nodes)."""
    return bool(_writes.stack)


def can_compile() -> bool:
    """A call compiles unless it is already inside a compiled call, or a gradient is being
    taken of it (the gradient transforms then need its ops, so it runs as in PyNative)."""
    return not compiling() and not recording.deferred() and not recording.active_tapes()


def _flatten(value: Any, tensors: list) -> Any:
    """The output structure with each Tensor replaced by its index in ``tensors``."""
    if isinstance(value, Tensor):
        tensors.append(value)
        return _Slot(len(tensors) - 1)
    if isinstance(value, (tuple, list)):
        return type(value)(_flatten(v, tensors) for v in value)
    return value


class _Slot:
    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


def _rebuild(structure: Any, values: list) -> Any:
    if isinstance(structure, _Slot):
        return Tensor._from_node(Constant(values[structure.index]))
    if isinstance(structure, (tuple, list)):
        return type(structure)(_rebuild(v, values) for v in structure)
    return structure


def compiled_call(fn: Callable, args: tuple, kwargs: dict) -> Any:
    """``fn(*args, **kwargs)`` traced with deferred ops and run as one program (outputs and
    Parameter writes together); the outputs come back as Tensors holding values."""
    _writes.stack.append([])
    try:
        with recording.deferred_mode(True):
            out = fn(*args, **kwargs)
    finally:
        writes = _writes.stack.pop()
    tensors: list[Tensor] = []
    structure = _flatten(out, tensors)
    values = core.run([t.node for t in tensors] + writes)
    return _rebuild(structure, values[:len(tensors)])


def call(fn: Callable, args: tuple, kwargs: dict) -> Any:
    """``fn(*args, **kwargs)`` as MindSpore's mode runs it: in GRAPH_MODE, at the outermost call
    (no compiled call or gradient around it), one compiled program; otherwise op by op."""
    if context.get_context("mode") == context.GRAPH_MODE and can_compile():
        return compiled_call(fn, args, kwargs)
    return fn(*args, **kwargs)


def jit(function: Callable | None = None, *args: Any, **kwargs: Any) -> Callable:
    """``mindspore.jit``: a decorator (with or without arguments) that compiles the function
    (or a Cell's ``construct``) into one program per call structure.

    Its options (``mode``, ``jit_config``, ``input_signature``, ``backend``...) are accepted
    and ignored. Under a gradient transform the function runs op by op, as MindSpore's
    PyNative gradient of a jit function gives the same numbers.
    """
    if function is None:
        return lambda f: jit(f, *args, **kwargs)

    @functools.wraps(function)
    def compiled(*call_args: Any, **call_kwargs: Any) -> Any:
        if can_compile():
            return compiled_call(function, call_args, call_kwargs)
        return function(*call_args, **call_kwargs)
    return compiled


__all__ = ["call", "can_compile", "compiled_call", "compiling", "jit", "record_write"]
