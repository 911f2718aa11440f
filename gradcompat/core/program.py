"""A subgraph replayed as a pure JAX function of its boundary nodes.

``trace`` walks back from output nodes to a boundary and returns a ``Program`` (the
structure: op identities, static attributes, edges) plus the boundary nodes in a
deterministic order. A Program never holds nodes or values, so it is hashable by
structure and serves as a compile-cache key: the same step traced again is the same key.
"""
from __future__ import annotations

from itertools import chain, repeat
from operator import attrgetter, itemgetter
from typing import Callable, Collection, Sequence

from .graph import Node, tap


_fn_of, _static_of, _refs_of = itemgetter(0), itemgetter(1), itemgetter(2)
_inputs_of = attrgetter("inputs")


class Program:
    """Equations ``(fn, static, argument refs)`` over an environment that starts with the inputs."""

    __slots__ = ("n_inputs", "eqns", "out_refs", "used", "_hash")

    def __init__(self, n_inputs: int, eqns: tuple, out_refs: tuple):
        self.n_inputs = n_inputs
        self.eqns = eqns
        self.out_refs = out_refs
        self.used = frozenset(chain(out_refs, chain.from_iterable(map(_refs_of, eqns))))
        # hashed when first asked (a deep graph's Program, run in segments, never is)
        self._hash = None if len(eqns) > _PROGRAM_KEPT_SIZE else hash((n_inputs, eqns, out_refs))

    def __call__(self, *values):
        env = list(values)
        for fn, static, refs in self.eqns:
            env.append(fn(*[env[r] for r in refs], **dict(static)))
        return tuple(env[r] for r in self.out_refs)

    def uses_input(self, position: int) -> bool:
        return position in self.used

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash((self.n_inputs, self.eqns, self.out_refs))
        return self._hash

    def __eq__(self, other) -> bool:
        return self is other or (isinstance(other, Program) and hash(self) == hash(other)
                and (self.n_inputs, self.eqns, self.out_refs)
                == (other.n_inputs, other.eqns, other.out_refs))

    def __repr__(self) -> str:
        return f"Program(inputs={self.n_inputs}, eqns={len(self.eqns)}, outputs={len(self.out_refs)})"


def trace(outputs: Sequence[Node], given: Sequence[Node], boundary: Callable[[Node], bool] | None,
          taps: Collection[Node] = (), fed: Collection[Node] = ()) -> tuple[Program, list[Node]]:
    """Program computing ``outputs`` from ``given`` nodes and the boundary nodes reached.

    ``given`` come first among the inputs, in order; boundary nodes found on the way
    follow in discovery order. A node in ``taps`` is computed from its own inputs and
    also receives the gradient of its ``given`` slot (see ``graph.tap``). ``boundary=None``
    and ``fed``: see ``trace_nodes``.
    """
    program, inputs, _ = trace_nodes(outputs, given, boundary, taps, fed)
    return program, inputs


_PROGRAMS_KEPT = 1024  # distinct structures remembered (a loop repeats a handful)
_PROGRAM_KEPT_SIZE = 4096  # equations of the largest program remembered
_programs: dict[tuple, Program] = {}  # a trace's raw structure -> its one Program


def _canonical(n_inputs: int, eqns: tuple, out_refs: tuple) -> Program:
    """The one Program of a traced structure (``eqns`` in the walk's numbering: input i as
    ~i, equation j as j). A training loop traces the same structure at every step: the Program
    is then found, not rebuilt (no renumbering, no hash of a new object), and being the same
    object, a compile-cache lookup that holds it compares by identity instead of deeply."""
    if len(eqns) > _PROGRAM_KEPT_SIZE:  # a deep graph: its walk costs far more than its Program
        return _renumbered(n_inputs, eqns, out_refs)
    key = (n_inputs, eqns, out_refs)
    program = _programs.get(key)
    if program is None:
        if len(_programs) >= _PROGRAMS_KEPT:
            _programs.clear()
        program = _programs[key] = _renumbered(n_inputs, eqns, out_refs)
    return program


def _renumbered(n: int, eqns: tuple, out_refs: tuple) -> Program:
    # walk reference r -> r + n (equation r) or ~r (input ~r), as a table indexed by r (a negative
    # r counts from its end): the whole renumbering then runs in C, which matters for deep graphs
    m = len(eqns)
    table = [*range(n, n + m), *range(n - 1, -1, -1)].__getitem__
    refs = map(tuple, map(map, repeat(table), map(_refs_of, eqns)))
    return Program(n, tuple(zip(map(_fn_of, eqns), map(_static_of, eqns), refs)), tuple(map(table, out_refs)))


def trace_nodes(outputs: Sequence[Node], given: Sequence[Node], boundary: Callable[[Node], bool] | None,
                taps: Collection[Node] = (), fed: Collection[Node] = ()) -> tuple[Program, list[Node], list[Node]]:
    """``trace``, and also the node each equation computes, in equation order.

    ``boundary=None`` is the executor's boundary, inlined (this walk runs at every lazy step):
    a node in ``fed``, a node that holds a value, or a leaf."""
    inputs = list(given)
    # while walking, input i is referred to as ~i and equation j as j (the number of inputs is
    # known only at the end); iterative, graphs can be deep
    ref: dict[Node, int] = {n: ~i for i, n in enumerate(given) if n not in taps}
    eqns: list[tuple] = []
    computed: list[Node] = []
    get, ref_of = ref.get, ref.__getitem__
    append_input, append_eqn, append_computed = inputs.append, eqns.append, computed.append

    for out in outputs:
        if out in ref:
            continue
        stack = [(out, False)]
        pop, push = stack.pop, stack.append
        while stack:
            node, expanded = pop()
            if node in ref:
                continue
            if not expanded:
                node_inputs = node.inputs
                if boundary is None:
                    stop = not node_inputs or node.value is not None or node in fed
                else:
                    stop = not node_inputs or boundary(node)
                if stop:
                    ref[node] = ~len(inputs)
                    append_input(node)
                    continue
                push((node, True))
                for i in reversed(node_inputs):
                    if get(i) is None:
                        push((i, False))
                continue
            ref[node] = len(eqns)
            append_eqn((node.fn, node.static, tuple(map(ref_of, node.inputs))))
            append_computed(node)
            if node in taps:
                append_eqn((tap, (), (ref[node], ~given.index(node))))
                append_computed(node)
                ref[node] = len(eqns) - 1

    return _canonical(len(inputs), tuple(eqns), tuple([ref[o] for o in outputs])), inputs, computed


def trace_ordered(order: Sequence[Node], outputs: Sequence[Node], given: Sequence[Node],
                  boundary: Callable[[Node], bool]) -> tuple[Program, list[Node], list[Node]] | None:
    """``trace_nodes`` (no taps, no ``fed``) from a walk the caller made already: ``order`` holds
    every op that the walk back from ``outputs`` reaches without crossing the boundary or a
    ``given`` node, users before their inputs (a dialect's engine walks the graph for its own
    checks; walking it again costs as much as the walk). The equations come in the order
    ``trace_nodes`` gives them (both are the same depth-first post-order); the boundary inputs
    are numbered in order of first use (``given`` first). None when ``order`` does not fit the boundary (an op in
    it is a boundary, an input not in it is not): then ``trace_nodes``."""
    # the inputs are the given nodes and the nodes the ops use that the walk did not list: counted
    # first (set operations, in C), the references are numbered as the Program's at once
    listed = set(order)
    given_set = set(given)
    if not listed.isdisjoint(given_set):  # a given op in the walk (then its inputs are not the program's)
        return None
    used = set(chain.from_iterable(map(_inputs_of, order)))
    n = len(given) + len(used - listed - given_set)
    inputs = list(given)
    ref: dict[Node, int] = {node: i for i, node in enumerate(given)}
    eqns: list[tuple] = []
    computed: list[Node] = []
    get = ref.get
    append_input, append_eqn, append_computed = inputs.append, eqns.append, computed.append
    for node in reversed(order):
        if boundary(node):
            return None
        refs = []
        for i in node.inputs:
            r = get(i)
            if r is None:
                if i.inputs and not boundary(i):  # an op the walk should have listed first
                    return None
                r = ref[i] = len(inputs)
                append_input(i)
            refs.append(r)
        ref[node] = n + len(eqns)
        append_eqn((node.fn, node.static, tuple(refs)))
        append_computed(node)
    if len(inputs) != n or any(out not in ref for out in outputs):  # (an output that is an input: rare)
        return None
    return Program(n, tuple(eqns), tuple([ref[o] for o in outputs])), inputs, computed


def ancestors_within(outputs: Sequence[Node], boundary: Callable[[Node], bool]) -> dict[Node, set]:
    """For each node reached from ``outputs`` (not crossing the boundary), its direct inputs."""
    seen: dict[Node, set] = {}
    stack = list(outputs)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        inner = () if boundary(node) else node.inputs
        seen[node] = set(inner)
        stack.extend(inner)
    return seen
