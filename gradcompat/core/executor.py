"""One executor for every deferred computation.

``run(fetches, feeds)`` turns the subgraph behind the fetches into one pure function of
(state values, feeds, constants) -> (fetch values, new state values), runs it through
the structural compile cache, and applies the state writes. TF1 ``Session.run``,
materializing a deferred tensor and running a compiled step are all this call.
"""
from __future__ import annotations

import os
from typing import Any, Collection, Mapping, Sequence

import jax
import numpy as np

from . import cache, donation
from .graph import Constant, Effect, Node, Placeholder, Read, Scalar, StateCell, apply, select
from .program import Program, trace


class MissingFeed(LookupError):
    """A placeholder the fetches need was not fed."""

    def __init__(self, placeholder: Placeholder):
        super().__init__(placeholder.name)
        self.placeholder = placeholder


class UninitializedState(LookupError):
    """A state cell the fetches read holds no value yet."""

    def __init__(self, cell: StateCell):
        super().__init__(cell.name)
        self.cell = cell


_REFUSALS_KEPT = 16  # calls in a row whose state was shared, after which a prepared run stops trying
DONATE = os.environ.get("GRADCOMPAT_STEP_DONATION", "1") != "0"  # 0: never donate (a diagnostic switch)


def run_program(*values, program: Program):
    return program(*values)


def run_aliased(*values, program: Program, order: tuple[int, ...], outputs: tuple[int, ...]):
    """``run_program`` with its inputs given in ``order`` (positions of the program's inputs) and
    its results returned with ``outputs`` (positions of the program's results) first, then the
    others in order: a donating call puts its donated inputs first, in the order of the results
    written into them, so that JAX pairs each with its own result (it gives a result the first
    donated input of the same shape and dtype: a parameter's result would otherwise take its
    momentum's buffer, and XLA copy the one it still reads)."""
    ordered = [None] * len(values)
    for value, position in zip(values, order):
        ordered[position] = value
    results = program(*ordered)
    chosen = set(outputs)
    return [results[i] for i in outputs] + [r for i, r in enumerate(results) if i not in chosen]


_aliasings: dict[tuple, tuple[tuple, tuple]] = {}  # (static, count, donate) -> ``_aliasing``'s answer


def _aliasing(static: tuple, count: int, donate: tuple[tuple[int, int], ...]) -> tuple[tuple, tuple]:
    """``run_aliased``'s static attributes and input order for ``donate`` (pairs of an input
    position and the result position written into its buffer) over ``count`` inputs (the same
    objects at every replay of one step: remembered)."""
    key = (static, count, donate)
    found = _aliasings.get(key)
    if found is None:
        first = [position for position, _ in donate]
        chosen = set(first)
        order = tuple(first + [i for i in range(count) if i not in chosen])
        if len(_aliasings) >= 256:
            _aliasings.clear()
        found = _aliasings[key] = (
            static + (("order", order), ("outputs", tuple(result for _, result in donate))), order)
    return found


def _aliased_call(static: tuple, values: Sequence[Any], donate: tuple[tuple[int, int], ...]) -> list:
    """``run_program``'s results, by the executable donating the inputs of ``donate``."""
    static, order = _aliasing(static, len(values), donate)
    ordered = cache.call(run_aliased, static, [values[i] for i in order], tuple(range(len(donate))))
    results = [None] * len(ordered)
    for k, (_, result) in enumerate(donate):
        results[result] = ordered[k]
    rest = iter(ordered[len(donate):])
    for i, r in enumerate(results):
        if r is None:
            results[i] = next(rest)
    return results


_PY_SCALARS = (float, int, bool, complex)
_scalars: dict[tuple, jax.Array] = {}  # (device, type, value) -> that Python number on the device
_SCALARS_KEPT = 1024  # distinct numbers kept (a value that changes at every call is not kept forever)


def _scalar_key(device, value) -> tuple:
    kind = type(value)
    if kind is float and (value == 0.0 or value != value) or kind is complex:
        return device, kind, repr(value)  # == cannot tell -0.0 from 0.0, and nan is not == itself
    return device, kind, value


def on_device(values: Sequence[Any]) -> Sequence[Any]:
    """``values`` with each Python number (a learning rate, a momentum: a ``Scalar`` leaf) replaced
    by the same number as a weakly typed device array, made once per distinct value.

    Handed to an executable as a Python number, it would be copied to the device at every call:
    a host round trip per compiled step (``jax.transfer_guard`` refuses it), and on the CPU the
    slower argument path. Weak typing keeps the program and its cache key unchanged. The arrays
    go where the call's committed arrays live (a program on a GPU gets its scalars there)."""
    if not any(type(v) in _PY_SCALARS or type(v) is np.ndarray for v in values):
        return values
    device = None
    for v in values:
        if isinstance(v, jax.Array):
            if isinstance(v, jax.core.Tracer):
                return values  # inside a JAX transformation: numbers are folded in, nothing moves
            if v.committed:
                devices = v.devices()
                device = next(iter(devices)) if len(devices) == 1 else None
            break
    out = list(values)
    for i, v in enumerate(values):
        if type(v) is np.ndarray:
            out[i] = _placed_host_array(v, device)
        elif type(v) in _PY_SCALARS:
            key = _scalar_key(device, v)
            array = _scalars.get(key)
            if array is None:
                if len(_scalars) >= _SCALARS_KEPT:
                    _scalars.clear()
                with jax.ensure_compile_time_eval():  # never a tracer, even under an outer trace
                    array = _scalars[key] = jax.device_put(v, device)
            out[i] = array
    return out


_host_arrays: dict[tuple, tuple] = {}  # (id of a read-only numpy value, device) -> (the value, its device copy)

try:  # the placement ``jax.device_put`` ends in, without its dispatch (a TF1 feed at every step: ~8x less time)
    from jax._src.config import explicit_device_put_scope as _explicit
    from jax._src.core import shaped_abstractify as _abstract
    from jax._src.interpreters.pxla import batched_device_put as _batched_put
except ImportError:  # another JAX: the public path
    _batched_put = None
_default_place: list = []  # [(device, its sharding)] of the default device, found at the first put


def _put(value: np.ndarray, device):
    """``jax.device_put(value, device)`` of a writable numpy value (a TF1 feed); onto the default
    device (uncommitted, as ``device_put(value)``) by the call ``device_put`` itself ends in."""
    if device is not None or _batched_put is None or jax.config.jax_default_device is not None:
        return jax.device_put(value, device)
    if not _default_place:
        device = jax.local_devices()[0]
        _default_place.append((device, jax.sharding.SingleDeviceSharding(device)))
    device, sharding = _default_place[0]
    with _explicit():  # an explicit transfer, as ``device_put``'s (a transfer guard lets it through)
        return _batched_put(_abstract(value), sharding, [value], [device], committed=False)


def _placed_host_array(value: np.ndarray, device):
    """A node's numpy value (a small op's result on the host, ``core.host``) on the device, copied
    once per array: read-only values never change, so a compiled step that takes one at every call
    makes no host-to-device transfer after the first (a writable array is copied at each call)."""
    if value.flags.writeable:
        return _put(value, device)
    key = (id(value), device)
    entry = _host_arrays.get(key)
    if entry is None or entry[0] is not value:
        if len(_host_arrays) >= _SCALARS_KEPT:
            _host_arrays.clear()
        with jax.ensure_compile_time_eval():
            entry = _host_arrays[key] = (value, jax.device_put(value, device))
    return entry[1]


_shared: dict[tuple, tuple[Program, tuple[int, ...]]] = {}  # (program, numbers' pattern) -> shared program, kept


def _share_numbers(program: Program, inputs: list[Node], fed: Collection[Node]) -> tuple[Program, list[Node]]:
    """The program with one input per distinct Python number: an optimizer's update takes its
    learning rate, momentum, ... once per parameter, each a ``Scalar`` leaf of its own, and every
    input costs the executable's argument handling at each call.

    Remembered by the program and which inputs are equal numbers (a lazy step shares alike at
    every step): the shared program is then the same object each time."""
    first: dict[tuple, int] = {}
    pattern: list[int] = []  # per input: -1, or the position of the first input with its number
    for i, node in enumerate(inputs):
        if type(node) is Scalar and type(node.value) in _PY_SCALARS and node not in fed:
            pattern.append(first.setdefault(_scalar_key(None, node.value), i))
        else:
            pattern.append(-1)
    if len(first) == sum(1 for p in pattern if p >= 0):
        return program, inputs  # no number repeats
    key = (program, tuple(pattern))
    found = _shared.get(key)
    if found is None:
        if len(_shared) >= 1024:
            _shared.clear()
        found = _shared[key] = _shared_program(program, pattern)
    shared, kept = found
    return shared, [inputs[i] for i in kept]


def _shared_program(program: Program, pattern: list[int]) -> tuple[Program, tuple[int, ...]]:
    kept: list[int] = []
    where: list[int] = []  # the new position of each old input
    for i, p in enumerate(pattern):
        if p >= 0 and p != i:
            where.append(where[p])
            continue
        where.append(len(kept))
        kept.append(i)
    n, shift = len(pattern), len(pattern) - len(kept)

    def move(ref: int) -> int:
        return where[ref] if ref < n else ref - shift

    eqns = tuple((fn, static, tuple(map(move, refs))) for fn, static, refs in program.eqns)
    return Program(len(kept), eqns, tuple(map(move, program.out_refs))), tuple(kept)


def _input_value(node: Node, feeds: Mapping[Node, Any]):
    if node in feeds:
        return feeds[node]
    if node.value is not None:
        return node.value
    if isinstance(node, Read):
        if node.cell.value is None:
            raise UninitializedState(node.cell)
        return node.cell.value
    if isinstance(node, Placeholder):
        raise MissingFeed(node)
    raise ValueError(f"cannot evaluate leaf {node!r}")


class Prepared:
    """``run`` of fixed fetches, with the graph walked once: each call runs the same program
    on the values fed then and the state cells' values then, and applies the writes.

    For a dialect that caches a traced call (MindSpore GRAPH_MODE): ``fed`` names the nodes
    whose values a call may feed anew (the call's arguments). Every other node that holds a
    value stays an input with that value; the graph behind the fetches must not change.
    """

    def __init__(self, fetches: Sequence[Node], fed: Collection[Node] = ()):
        fed = frozenset(fed)
        targets: list[Node] = []
        self._writes: list[tuple[StateCell, ...] | None] = []  # per fetch: the cells an effect writes
        for f in fetches:
            if isinstance(f, Effect):
                writes = f.all_writes()
                targets.extend(node for _, node in writes)
                self._writes.append(tuple(cell for cell, _ in writes))
            else:
                targets.append(f)
                self._writes.append(None)

        # the boundary: a fed node, a node that holds a value, a leaf (inlined in the walk)
        self.program, self.inputs = _share_numbers(*trace(targets, [], None, (), fed), fed)
        self._static = (("program", self.program),)
        self._calls = 0
        self._donor: donation.Donor | None = None  # see ``_adopt``
        self._donated: tuple[tuple[Read, StateCell], ...] = ()

    def __call__(self, feeds: Mapping[Node, Any] | None = None) -> list:
        """Values of the fetches (None for effects), after applying the effects' state writes.

        Reads see the state as it was when the run started; writes land when it ends. From the
        second call on, the old buffers of the state cells the run rewrites are donated to the
        program when nothing else reads them (``core.donation``; see ``_adopt``).
        """
        feeds = feeds or {}
        donor, donate = self._donor, ()
        if donor is not None and all(read.value is None and read not in feeds for read, _ in self._donated):
            donate = donor.ready([cell.value for _, cell in self._donated])  # before ``values`` holds them
        values = []
        for n in self.inputs:  # the common cases inline (this runs at every step)
            if n in feeds:
                values.append(feeds[n])
            else:
                value = n.value
                values.append(value if value is not None else _input_value(n, feeds))
        if donor is not None:
            out = self.run_values(values, donate=donate)
            if donor.refused < _REFUSALS_KEPT:
                donor.wrote([cell.value for _, cell in self._donated])
            else:  # the caller keeps the values elsewhere too (a TF1 session's variable store)
                self._donor = None
            return out
        if self._calls:
            return self.run_values(values)
        self._calls = 1
        clock = cache.compile_clock()
        out = self.run_values(values)
        self._adopt(values, cache.cold_seconds(clock))
        return out

    def _adopt(self, values: list, compiled: float) -> None:
        """After the first call: the state cells this program reads (a ``Read`` input without a
        snapshot) and rewrites with one result, whose old buffers a later call may donate (a
        TF1 ``Session.run`` training step, a ``tf.function``, MindSpore GRAPH_MODE). The first
        call's results are owned unless one is an input passed through; ``compiled``: the
        seconds the first call compiled cold (``donation.payback_wait``)."""
        if not DONATE or not self.program.eqns or all(cells is None for cells in self._writes):
            return
        outputs: dict[StateCell, list[int]] = {}
        k = 0
        for cells in self._writes:
            for cell in (None,) if cells is None else cells:
                if cell is not None:
                    outputs.setdefault(cell, []).append(k)
                k += 1
        reads: dict[StateCell, list[tuple[int, Read]]] = {}
        for i, n in enumerate(self.inputs):
            if type(n) is Read and n.value is None and len(outputs.get(n.cell, ())) == 1:
                reads.setdefault(n.cell, []).append((i, n))
        chosen = [(found[0], cell) for cell, found in reads.items() if len(found) == 1]
        if not chosen:
            return
        passed = {id(v) for v in values}
        owned = [cell.value if id(cell.value) not in passed else None for _, cell in chosen]
        nbytes = sum(getattr(cell.value, "nbytes", 0) for _, cell in chosen)
        if not donation.worth(nbytes):
            return
        self._donated = tuple((read, cell) for (_, read), cell in chosen)
        self._donor = donation.Donor(tuple((i, outputs[cell][0]) for (i, _), cell in chosen),
                                     donation.payback_wait(compiled, nbytes), owned)

    def run_values(self, values: Sequence[Any], placed: bool = False,
                   donate: tuple[tuple[int, int], ...] = ()) -> list:
        """``__call__`` with the values of ``self.inputs`` given in order (a replayed step);
        ``placed``: the caller already put its Python numbers on the device (``on_device``);
        ``donate``: (input position, program result position) pairs (the program's results: the
        fetches, each effect's writes in their place): the input's buffer may take that result
        (the same shape and dtype). The donated arrays are deleted: ``core.donation`` says when
        that is safe."""
        if not placed:
            values = on_device(values)
        if not self.program.eqns:
            results = self.program(*values)
        elif donate:
            results = _aliased_call(self._static, values, donate)
        else:
            results = cache.call(run_program, self._static, values)
        return self._land(results, lambda value: value)

    def compiled(self, values: Sequence[Any], donate: tuple[tuple[int, int], ...] = ()) -> bool:
        """Whether ``run_values(values, donate=donate)`` finds its executable compiled already."""
        if not donate:
            return cache.compiled(run_program, self._static, values)
        static, order = _aliasing(self._static, len(values), donate)
        return cache.compiled(run_aliased, static, [values[i] for i in order], tuple(range(len(donate))))

    def recorded(self, feeds: Mapping[Node, Node], name: str) -> list[Node | None]:
        """``__call__`` as one recorded op over nodes: its inputs are the fed nodes and fresh
        reads of the state cells, so tapes and traced inputs see a differentiable call (a
        ``tf.function`` called under a GradientTape). Writes land as plain values."""
        def input_node(node: Node) -> Node:
            if node in feeds:
                return feeds[node]
            if isinstance(node, Read):
                if node.cell.value is None:
                    raise UninitializedState(node.cell)
                return node.cell.read()
            return Constant(_input_value(node, {}))

        count = sum(1 if cells is None else len(cells) for cells in self._writes)
        call = apply(run_program, [input_node(n) for n in self.inputs], {"program": self.program}, name=name)
        return self._land([select(call, i) for i in range(count)], lambda node: node.value)

    def _land(self, results, value_of) -> list:
        """The fetches' results (None for effects), after writing the effects' results into
        their cells (``value_of`` turns a result into the value a cell holds)."""
        results, out, writes = iter(results), [], []
        for cells in self._writes:
            if cells is None:
                out.append(next(results))
            else:
                writes.extend((cell, next(results)) for cell in cells)
                out.append(None)
        for cell, result in writes:
            cell.value = value_of(result)
        return out


def run(fetches: Sequence[Node], feeds: Mapping[Node, Any] | None = None) -> list:
    """Values of ``fetches`` (None for effects), after applying the effects' state writes.

    Reads see the state as it was when the run started; writes land when it ends.
    """
    feeds = dict(feeds or {})
    return Prepared(fetches, feeds)(feeds)
