"""``mindspore.jit`` and GRAPH_MODE: a call traced once per input signature, then replayed.

MindSpore compiles a Cell's ``construct`` (GRAPH_MODE) or a ``@jit`` function into one graph
per input signature, Parameter writes (optimizer updates) included, and does not run the
Python again for that signature. Here the first call with a signature runs the Python body
with deferred ops: every op builds a node without a value, Parameter reads are deferred
reads and Parameter writes deferred effects (``_tracing``). The outputs and the writes
become one prepared program (``core.executor.Prepared``); that call and every later call
with the same signature run it on their arguments' values and the Parameters' values at
that time, through the structural compile cache, so a training loop compiles once.

The signature (what MindSpore recompiles on, as ``tf.function``'s retracing rule): the Cell
or function called, the Cell's phase (``set_train``), the structure of the arguments, each
Tensor argument's shape and dtype (and which arguments are one same Tensor), Parameter
arguments by identity, and other Python arguments by value. What else the body reads is
fixed at the first call, as in MindSpore 2.x: a Cell attribute changed later (a float, a
Tensor, a Python counter) is not seen until a new signature traces again. Parameters are
state, read when the program runs: the optimizer's ``global_step``, learning-rate tables
and schedules advance every step. Random ops draw MindSpore's numbers: each call site is
its own kernel, seeded when the call is traced and continuing its stream at every replay
(``_random.graph_draw``), as MindSpore's compiled graphs do.

A body that reads a value (``if x.sum() > 0``, ``asnumpy``, ``print`` of a Tensor) is traced
again on every call instead, since its Python decided on values: MindSpore compiles such
control flow into the graph and prints at run time, and re-running the Python gives the
same results. Known difference: Python side effects that read no Tensor value (``print``
of a string, appending to a list) happen when tracing only; MindSpore prints on every run.
"""
from __future__ import annotations

import functools
import math
import weakref
from typing import Any, Callable, Hashable

from ..core import Constant, Read, recording
from ..core.executor import Prepared
from . import _random, _tracing, context
from .tensor import Tensor


def compiling() -> bool:
    """Whether a compiled call is being traced (nested Cells then just build nodes)."""
    return _tracing.current() is not None


def can_compile() -> bool:
    """A call compiles unless it is already inside a compiled call, or a gradient is being
    taken of it (the gradient transforms then need its ops, so it runs as in PyNative)."""
    return not compiling() and not recording.deferred() and not recording.active_tapes()


class _Slot:
    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


def _flatten(value: Any, tensors: list) -> Any:
    """The output structure with each Tensor replaced by its index in ``tensors``."""
    if isinstance(value, Tensor):
        tensors.append(value)
        return _Slot(len(tensors) - 1)
    if isinstance(value, (tuple, list)):
        return type(value)(_flatten(v, tensors) for v in value)
    return value


def _rebuild(structure: Any, values: list) -> Any:
    if isinstance(structure, _Slot):
        return Tensor._from_node(Constant(values[structure.index]))
    if isinstance(structure, (tuple, list)):
        return type(structure)(_rebuild(v, values) for v in structure)
    return structure


class _Identity:
    """A key part that compares by identity (Tensors compare elementwise)."""

    __slots__ = ("obj",)

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, _Identity) and other.obj is self.obj


class _Unkeyable(Exception):
    """An argument no signature can hold (unhashable): the call is traced each time."""


def _signature(value: Any, tensors: list[Tensor], positions: dict[int, int]) -> Hashable:
    """``value``'s part of the call signature; its Tensors (not Parameters) are appended to
    ``tensors``, each Tensor object once."""
    if isinstance(value, Tensor):
        if hasattr(value, "_cell"):  # a Parameter: state, read when the program runs
            return _Identity(value)
        index = positions.setdefault(id(value), len(tensors))
        if index == len(tensors):
            tensors.append(value)
        aval = value.node.aval
        return ("tensor", aval.shape, aval.dtype, index)
    if isinstance(value, (tuple, list)):
        return (type(value), tuple(_signature(v, tensors, positions) for v in value))
    if isinstance(value, dict):
        return (dict, tuple((k, _signature(v, tensors, positions)) for k, v in value.items()))
    try:
        hash(value)
    except TypeError:
        raise _Unkeyable from None
    if isinstance(value, float) and math.isnan(value):
        raise _Unkeyable  # never equal to itself: it would never find its trace
    return (type(value), value)


class _TracedCall:
    """One traced call: its prepared program, the output structure, and the argument nodes
    that later calls feed with their own Tensors' values."""

    def __init__(self, program: Prepared, structure: Any, fed: list, trace: _tracing.Trace, seeds: dict) -> None:
        self.program = program
        self.structure = structure
        self.fed = fed
        self.sites = trace.random_sites  # its random kernels (``_random.RandomSite``): fresh draws each run
        self.kernels = trace.kernels
        self.seeds = seeds  # the op seeds when it was first traced
        self.replayable = not trace.reads_values
        # the Parameters the program reads, with the shape and dtype it was traced for
        self.state = [(n.cell, n.aval.shape, n.aval.dtype) for n in program.inputs
                      if isinstance(n, Read) and n.aval is not None]

    def fits_state(self) -> bool:
        """Whether every Parameter read still has its traced shape and dtype (``set_data``
        may change them: MindSpore compiles again then)."""
        for cell, shape, dtype in self.state:
            value = cell.value
            if value is None or value.shape != shape or value.dtype != dtype:
                return False
        return True

    def run(self, tensors: list[Tensor]) -> Any:
        feeds = {node: t._jax_value() for node, t in zip(self.fed, tensors)}
        feeds.update((site.node, site.next()) for site in self.sites)
        return _rebuild(self.structure, self.program(feeds))


# per Cell / jit function / gradient function: its traced calls by signature
_traced: "weakref.WeakKeyDictionary[Any, dict[Hashable, _TracedCall]]" = weakref.WeakKeyDictionary()


def _trace(fn: Callable, args: tuple, kwargs: dict, tensors: list[Tensor],
           earlier: _TracedCall | None = None) -> tuple[_TracedCall, Any]:
    """Run ``fn`` with deferred ops, then its program: (the traced call, the outputs).
    ``earlier``: the call's previous trace when its body read a value; MindSpore compiled it
    once, so its random kernels continue and its op seeds do not advance again."""
    fed = [t.node for t in tensors]
    trace = _tracing.Trace(frozenset(fed))
    if earlier is None:
        first_seeds, later = _random.kernel_seeds(), None
    else:
        trace.kernels, first_seeds = earlier.kernels, earlier.seeds
        later = _random.retrace_seeds(first_seeds)
    try:
        with _tracing.tracing(trace), recording.deferred_mode(True):
            out = fn(*args, **kwargs)
    finally:
        if later is not None:
            _random.merge_seeds(later)
    outputs: list[Tensor] = []
    structure = _flatten(out, outputs)
    drawn = [site.node for site in trace.random_sites]
    traced = _TracedCall(Prepared([t.node for t in outputs] + trace.writes, fed + drawn), structure, fed,
                         trace, first_seeds)
    return traced, _rebuild(structure, traced.program())


def compiled_call(fn: Callable, args: tuple, kwargs: dict, owner: Any, phase: Hashable = None) -> Any:
    """``fn(*args, **kwargs)`` run as one program (outputs and Parameter writes together),
    traced at the first call of ``owner`` (the Cell or function) with this signature and
    ``phase``, replayed after; the outputs come back as Tensors holding values."""
    tensors: list[Tensor] = []
    try:
        key = (phase, _signature((args, kwargs), tensors, {}))
    except _Unkeyable:
        key = None
    try:
        calls = _traced.setdefault(owner, {})
    except TypeError:  # an owner that cannot be a weak key (a Cell defining __eq__): no replays
        calls, key = {}, None
    found = calls.get(key) if key is not None else None
    if found is not None and found.replayable and found.fits_state():
        return found.run(tensors)
    traced, out = _trace(fn, args, kwargs, tensors, found if found is not None and not found.replayable else None)
    if key is not None:
        calls[key] = traced
    return out


def call(fn: Callable, args: tuple, kwargs: dict, owner: Any, phase: Hashable = None) -> Any:
    """``fn(*args, **kwargs)`` as MindSpore's mode runs it: in GRAPH_MODE, at the outermost call
    (no compiled call or gradient around it), one compiled program per signature of ``owner``
    (see ``compiled_call``); otherwise op by op."""
    if context.get_context("mode") == context.GRAPH_MODE and can_compile():
        return compiled_call(fn, args, kwargs, owner, phase)
    return fn(*args, **kwargs)


def jit(function: Callable | None = None, *args: Any, **kwargs: Any) -> Callable:
    """``mindspore.jit``: a decorator (with or without arguments) that compiles the function
    (or a Cell's ``construct``) into one program per input signature.

    Its options (``mode``, ``jit_config``, ``input_signature``, ``backend``...) are accepted
    and ignored. Under a gradient transform the function runs op by op, as MindSpore's
    PyNative gradient of a jit function gives the same numbers.
    """
    if function is None:
        return lambda f: jit(f, *args, **kwargs)

    @functools.wraps(function)
    def compiled(*call_args: Any, **call_kwargs: Any) -> Any:
        if can_compile():
            return compiled_call(function, call_args, call_kwargs, owner=compiled)
        return function(*call_args, **call_kwargs)
    return compiled


__all__ = ["call", "can_compile", "compiled_call", "compiling", "jit"]
