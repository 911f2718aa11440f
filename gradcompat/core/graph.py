"""The graph IR shared by every dialect.

Every tensor of every dialect is a handle on a ``Node``:

* leaves: ``Constant`` (an array), ``Placeholder`` (fed at run time), ``Read`` (the value
  of a ``StateCell``: mutable storage with identity);
* ``Op``: a pure JAX function of its input nodes plus hashable static attributes;
* ``Effect``: writes of node values into state cells (optimizer steps, assignments).

A node holds its value when it was computed eagerly, or ``None`` when deferred (TF1 graph
mode, compiled steps, placeholders); the executor computes deferred values.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Mapping, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from . import cache, eager, forward, recording


class Node:
    """One value in the graph; identity is the node object itself."""

    # ``notes``: a dict a dialect may hang on a node (torch's grad_fn hooks and metadata), set
    # on first use (see ``notes``): what it holds lives and dies with the node, so a hook whose
    # closure refers back to the node forms a cycle the garbage collector can free.
    # ``owner`` and ``storage``: two annotations a dialect sets on most nodes it records, kept in
    # slots rather than in ``notes`` (a dict per node costs its making, its freeing and the
    # garbage collector's time on deep graphs): ``owner`` a weak reference to the dialect's
    # object standing for the node (torch: the first tensor on it), ``storage`` the dialect's
    # record of which mutable storage the value belongs to (torch: its version counter entry)
    __slots__ = ("inputs", "value", "traced", "_aval", "notes", "owner", "storage", "__weakref__")
    _ANNOTATIONS = ("notes", "owner", "storage", "__weakref__")

    def __init__(self, inputs: tuple = (), value: Any = None, traced: bool = False, aval=None):
        self.inputs = inputs
        self.value = value
        self.traced = traced
        self._aval = aval
        self.notes = None  # set, not left unset: asking an unset slot raises, which costs per op
        self.owner = None
        self.storage = None

    def __getstate__(self):
        # a pickled node keeps its data, not its annotations (hooks, weak references to tensors)
        slots = {}
        for cls in type(self).__mro__:
            for name in getattr(cls, "__slots__", ()):
                if name not in Node._ANNOTATIONS and hasattr(self, name):
                    slots[name] = getattr(self, name)
        return None, slots

    def __setstate__(self, state) -> None:
        self.notes = self.owner = self.storage = None
        for name, value in state[1].items():
            setattr(self, name, value)

    @property
    def aval(self) -> jax.ShapeDtypeStruct | None:
        """Shape and dtype, known without computing the value (None if unknown)."""
        value = self.value
        if value is None or isinstance(value, tuple):
            return self._aval
        return shape_dtype(value.shape, value.dtype)

    @property
    def is_leaf(self) -> bool:
        return not self.inputs


def notes(node: Node) -> dict:
    """The node's dict of dialect annotations, made on first use."""
    table = getattr(node, "notes", None)  # unset on a node restored from a pickle
    if table is None:
        table = node.notes = {}
    return table


def peek_notes(node: Node) -> dict | None:
    """The node's annotations, or None if it has none (without making them)."""
    return getattr(node, "notes", None)


class Constant(Node):
    __slots__ = ()

    def __init__(self, value: Any, traced: bool = False):
        super().__init__((), value, traced)


class Scalar(Constant):
    """A Python number as a leaf, weakly typed as JAX treats Python scalars: it takes the
    dtype of the array it meets (a learning rate does not make float32 weights float64)."""

    __slots__ = ()

    @property
    def aval(self) -> jax.ShapeDtypeStruct:
        return _weak_scalar(type(self.value))


@functools.lru_cache(maxsize=None)
def _weak_scalar(kind: type) -> jax.ShapeDtypeStruct:
    return jax.ShapeDtypeStruct((), np.result_type(kind), weak_type=True)


class Placeholder(Node):
    """A leaf whose value is fed at run time (tf.placeholder)."""

    __slots__ = ("name", "partial_shape")

    def __init__(self, shape: Sequence[int | None], dtype, name: str = ""):
        known = all(d is not None for d in shape)
        super().__init__((), None, False,
                         jax.ShapeDtypeStruct(tuple(shape), dtype) if known else None)
        self.name = name
        self.partial_shape = tuple(shape) if not known else None


class StateCell:
    """Mutable storage with identity: a torch Parameter, a tf.Variable, a MindSpore Parameter.

    ``owner`` is the dialect object the cell stores (tapes hearing of a read may want it).
    """

    def __init__(self, value: Any = None, name: str = "", aval=None, owner: Any = None):
        self._value = value
        self.name = name
        self._aval = aval
        self.owner = owner
        self._current: Read | None = None

    @property
    def value(self) -> Any:
        return self._value

    @value.setter
    def value(self, value: Any) -> None:
        self._value = value
        if self._current is not None and self._current.value is not None:
            self._current = None  # a snapshot is stale; a deferred read reads at run time

    @property
    def aval(self) -> jax.ShapeDtypeStruct | None:
        if self._value is not None:
            return shape_dtype(np.shape(self._value), self._value.dtype)
        return self._aval

    def read(self) -> "Read":
        """The node for the cell's current value: a snapshot now, or deferred in deferred mode.

        Reads return the same node until the value changes, so every use of one value is
        one node to differentiate against. Active tapes hear of each read (``Tape.on_read``).
        """
        node, deferred = self._current, recording.deferred()
        if node is None or (node.value is None) != deferred:
            node = self._current = Read(self, None if deferred else self._value)
        for tape in recording.active_tapes():
            tape.on_read(self, node)
        return node

    def assign(self, node: Node) -> "Effect | None":
        """Write a node's value into the cell: now, or as a deferred effect."""
        if node.value is None or recording.deferred():
            return Effect([(self, node)])
        self.value = node.value
        return None


class Read(Node):
    """A leaf reading a state cell's value (a snapshot if it holds one)."""

    __slots__ = ("cell",)

    def __init__(self, cell: StateCell, value: Any = None):
        super().__init__((), value, False, cell.aval)
        self.cell = cell


class Op(Node):
    """A pure JAX function of input nodes plus hashable static attributes.

    ``deps``, when known, says for each output of a multi-output op which input positions
    it depends on (see ``dependence``); None means every output depends on every input.
    """

    __slots__ = ("fn", "static", "name", "deps")

    def __init__(self, fn: Callable, static: tuple, inputs: tuple, value, traced: bool, aval, name: str):
        # Node's fields set here, not through super().__init__: one call less on every op
        self.inputs = inputs
        self.value = value
        self.traced = traced
        self._aval = aval
        self.notes = None
        self.owner = None
        self.storage = None
        self.fn = fn
        self.static = static
        self.name = name
        self.deps: tuple[frozenset, ...] | None = None

    def output_inputs(self, index: int) -> tuple[Node, ...]:
        """The inputs output ``index`` depends on."""
        if self.deps is None:
            return self.inputs
        return tuple(self.inputs[j] for j in sorted(self.deps[index]))


class Effect(Node):
    """Writes of node values into state cells, applied when the executor runs it.

    ``after`` holds other effects (and nodes) that must run with it (tf.group,
    control dependencies); fetching an effect yields None.
    """

    __slots__ = ("writes",)

    def __init__(self, writes: Sequence[tuple[StateCell, Node]], after: Sequence[Node] = ()):
        super().__init__(tuple(after), None, False, None)
        self.writes = tuple(writes)

    def all_writes(self) -> list[tuple[StateCell, Node]]:
        """This effect's writes and those of the effects it groups, in order."""
        out, seen, stack = [], set(), [self]
        while stack:
            e = stack.pop()
            if e in seen:
                continue
            seen.add(e)
            out.extend(e.writes)
            stack.extend(reversed([a for a in e.inputs if isinstance(a, Effect)]))
        return out


def freeze(static: Mapping[str, Any] | None) -> tuple:
    """Static attributes as a hashable, order-independent tuple."""
    return tuple(sorted(static.items())) if static else ()


@functools.lru_cache(maxsize=4096)
def shape_dtype(shape: tuple, dtype) -> jax.ShapeDtypeStruct:
    """One shared ShapeDtypeStruct per (shape, dtype): avals are asked for on every op."""
    return jax.ShapeDtypeStruct(shape, dtype)


_avals_seen: dict[tuple, tuple] = {}  # (fn, static, ids of the input avals) -> (those avals, result)


def _infer_aval(fn: Callable, static: tuple, inputs: Sequence[Node]):
    avals = tuple([n.aval for n in inputs])
    for a in avals:
        if a is None:
            return None
    # a lazy step rebuilds the same ops on the same aval objects (interned by shape_dtype and
    # _eval_shape) at every step: look them up by identity first, since hashing a
    # ShapeDtypeStruct runs Python. The entry holds the avals, so no id in a key is reused.
    key = (fn, static, *map(id, avals))
    try:
        found = _avals_seen.get(key)
    except TypeError:  # unhashable static attributes
        return _eval_shape(fn, static, avals)
    if found is None:
        if len(_avals_seen) >= 16384:
            _avals_seen.clear()
        found = _avals_seen[key] = (avals, _eval_shape(fn, static, avals))
    return found[1]


@functools.lru_cache(maxsize=16384)
def _eval_shape(fn: Callable, static: tuple, avals: tuple):
    # deferred graphs are rebuilt on every call of a compiled step: abstract evaluation of
    # the same op on the same shapes is done once
    return jax.eval_shape(lambda *xs: fn(*xs, **dict(static)), *avals)


def apply(fn: Callable, inputs: Sequence[Node], static: Mapping[str, Any] | None = None,
          name: str | None = None, compiled: bool = False) -> Node:
    """Apply an op: compute it now (eager) or build a deferred node, and record it.

    Eager results that no recorder wants become plain constants, so no graph is kept
    for tensors that need no gradient. ``compiled`` routes eager evaluation through
    the structural compile cache (used for whole programs, such as vjps).
    """
    return apply_frozen(fn, tuple(inputs), freeze(static), name, compiled)


def apply_frozen(fn: Callable, inputs: tuple, frozen: tuple, name: str | None = None,
                 compiled: bool = False) -> Node:
    """``apply`` with the inputs as a tuple and the static attributes already frozen
    (``freeze``): the hot path of every eager op, which may keep its frozen attributes."""
    # one pass over the inputs, and the recording state read once: this runs for every op
    state = recording._state
    values = []
    traced = defer = False
    for n in inputs:
        value = n.value
        if value is None:
            defer = True
        if n.traced:
            traced = True
        values.append(value)
    traced = traced and state.grad_enabled
    tapes = state.tapes
    if tapes:
        tapes = [t for t in tapes if t.watches_any(inputs)]
    if not defer:
        defer = recording._default_deferred if state.deferred is None else state.deferred
    if defer:
        node = Op(fn, frozen, inputs, None, traced, _infer_aval(fn, frozen, inputs), name or fn.__name__)
    else:
        try:
            value = cache.call(fn, frozen, values) if compiled else eager.call(fn, frozen, values)
        except ValueError:
            _check_devices(values)
            raise
        if not (traced or tapes):
            node = Constant(value)
            if forward._levels:  # a tangent flows even where no gradient is recorded (no_grad)
                forward.propagate(fn, frozen, inputs, node)
            return node
        node = Op(fn, frozen, inputs, value, traced, None, name or fn.__name__)
    for tape in tapes:
        tape.record(node)
    if forward._levels:
        forward.propagate(fn, frozen, inputs, node)
    return node


class DeviceMismatch(RuntimeError):
    """An op's inputs live on different devices: JAX does not move committed arrays between
    devices implicitly, and neither does PyTorch. ``describe`` names a JAX device in the words of
    the dialect that placed arrays on chosen devices (torch: ``cuda:0``, ``cpu``)."""

    describe: Callable[[Any], str] = staticmethod(lambda d: f"{d.platform}:{d.id}")

    def __init__(self, first, second):
        super().__init__(f"Expected all tensors to be on the same device, but found at least two devices, "
                         f"{self.describe(first)} and {self.describe(second)}!")


def _check_devices(values: Sequence[Any]) -> None:
    """Raise DeviceMismatch if committed input arrays live on different devices (called only
    after an op failed, so the common path pays nothing)."""
    seen = None
    for v in values:
        if isinstance(v, jax.Array) and not isinstance(v, jax.core.Tracer) and v.committed:
            devices = v.devices()
            if seen is None:
                seen = devices
            elif devices != seen:
                raise DeviceMismatch(next(iter(devices)), next(iter(seen))) from None


# Ops the engine itself needs; dialect op functions live in the dialects.

@eager.run_directly
def getitem(x, *, index: int):
    """Select one result of a multi-output node."""
    return x[index]


def stop_gradient(x):
    """Identity whose gradient is absent (not zero): autodiff treats it as a leaf."""
    return jax.lax.stop_gradient(x)


def detached(node: Node) -> Node:
    """``node``'s value without its history: a constant, or for a deferred node an untraced
    stop_gradient op (its value is computed later, as the node's)."""
    if node.value is not None:
        value = node.value
        if isinstance(value, jax.core.Tracer):  # inside a JAX transform (a traced custom backward)
            value = jax.lax.stop_gradient(value)
        return Constant(value)
    with recording.grad_mode(False):
        return apply(stop_gradient, [node], name="detach")


def tap(computed, given):
    """``computed``'s value, with ``given`` receiving the gradient that flows here.

    Used for differentiating with respect to an intermediate node that depends on
    another differentiated node: both gradients then flow.
    """
    return computed + (given - jax.lax.stop_gradient(given))


def select(node: Node, index: int, name: str | None = None) -> Node:
    """Output ``index`` of a multi-output node; it is traced only if what it depends on is."""
    out = apply(getitem, [node], {"index": index}, name=name or "getitem")
    if isinstance(out, Op) and isinstance(node, Op) and node.deps is not None:
        out.traced = out.traced and any(n.traced for n in node.output_inputs(index))
    return out


def selected_inputs(node: Node) -> tuple[Node, ...]:
    """The nodes ``node``'s value depends on: for a selection of one output of a
    multi-output op, only the inputs that output depends on."""
    if isinstance(node, Op) and node.fn is getitem and isinstance(node.inputs[0], Op):
        return node.inputs[0].output_inputs(dict(node.static)["index"])
    return node.inputs


@functools.lru_cache(maxsize=256)
def _ones(shape: tuple, dtype) -> jax.Array:
    # made by numpy and copied to the device once per shape (arrays are immutable): jnp.ones
    # would compile an XLA fill, and a copy per backward call costs a transfer. Made outside
    # any trace (a gradient taken inside jax.vmap / jit): a cached tracer would leak.
    with jax.ensure_compile_time_eval():
        return jax.device_put(np.ones(shape, dtype))


def ones_for(node: Node) -> Node:
    """A constant of ones with the node's shape and dtype (the default cotangent)."""
    aval = node.aval
    if aval is not None:
        return Constant(_ones(aval.shape, aval.dtype))
    with recording.grad_mode(False):
        return apply(jnp.ones_like, [node], name="ones_like")
