"""The one autodiff engine: replay a recorded subgraph and apply ``jax.vjp`` to it.

Every gradient API of every dialect reduces to ``vjp``. Its result is a *vjp node*: an op
whose function is the replayed vjp. Left connected (``create_graph``, an outer tape, a
deferred TF1 graph) it is differentiable like any other op, so higher derivatives are
JAX differentiating through ``jax.vjp``; otherwise its results are detached constants.
"""
from __future__ import annotations

from typing import Callable, Sequence

import functools
import operator

import jax

from . import recording
from .dependence import output_dependence
from .graph import Node, Op, apply, getitem, freeze, select, selected_inputs, stop_gradient
from . import backprop
from .backprop import backprop_apply, backprop_segments
from .program import Program, ancestors_within, trace_nodes, trace_ordered


def vjp_apply(*values, program: Program, n_wrt: int):
    """Cotangent-weighted gradients of ``program`` with respect to its first ``n_wrt`` inputs."""
    primals, rest = values[:n_wrt], values[n_wrt:program.n_inputs]
    cotangents = values[program.n_inputs:]
    _, pullback = jax.vjp(lambda *p: program(*p, *rest), *primals)
    return pullback(tuple(cotangents))


def _boundary(stop: Callable[[Node], bool] | None) -> Callable[[Node], bool]:
    def boundary(node: Node) -> bool:
        if not node.inputs or (isinstance(node, Op) and node.fn is stop_gradient):
            return True
        return stop is not None and stop(node)
    return boundary


def _taps(graph: dict[Node, set], wrt) -> set[Node]:
    """Intermediate wrt nodes downstream of another wrt node: those cannot simply be cut.
    ``graph`` is ``ancestors_within`` the outputs."""
    wanted = set(wrt)
    below: dict[Node, bool] = {}

    def has_wrt_below(node) -> bool:  # iterative post-order, graphs can be deep
        stack = [node]
        while stack:
            n = stack[-1]
            if n in below:
                stack.pop()
                continue
            pending = [i for i in graph.get(n, ()) if i not in below]
            if pending:
                stack.extend(pending)
                continue
            below[n] = any(i in wanted or below[i] for i in graph.get(n, ()))
            stack.pop()
        return below[node]

    return {w for w in wanted if w in graph and graph[w] and has_wrt_below(w)}


def _passthrough(outputs: Sequence[Node], wrt: Sequence[Node], graph: dict[Node, set]) -> dict[int, int]:
    """wrt positions that are exactly one output and that no other output's value uses
    -> that output: its gradient is its cotangent itself (torch returns the grad_output).
    ``graph`` is ``ancestors_within`` the outputs."""
    if not any(o is w for o in outputs for w in wrt):
        return {}
    used = set().union(*graph.values()) if graph else set()
    found = {}
    for i, w in enumerate(wrt):
        outs = [k for k, o in enumerate(outputs) if o is w]
        if len(outs) == 1 and w not in used:
            found[i] = outs[0]
    return found


def _reached(outputs: Sequence[Node], boundary: Callable[[Node], bool]) -> set[Node]:
    """Nodes the outputs' values depend on, within the boundary: a gradient that does not
    use an input (d(2x)/dx) does not reach it, although the vjp node takes it."""
    seen: set[Node] = set()
    stack = list(outputs)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if not boundary(node):
            stack.extend(selected_inputs(node))
    return seen


_value_of = operator.attrgetter("value")
_fn_of = operator.attrgetter("fn")
_is_none = functools.partial(operator.is_, None)


def vjp(outputs: Sequence[Node], wrt: Sequence[Node], cotangents: Sequence[Node], *,
        stop: Callable[[Node], bool] | None = None, create_graph: bool = False,
        order: Sequence[Node] | None = None) -> list[Node | None]:
    """Gradients of ``sum_i <cotangents[i], outputs[i]>`` with respect to each ``wrt`` node.

    The walk back from ``outputs`` stops at ``wrt`` nodes, at leaves, at stop_gradient
    ops and where ``stop(node)`` is true (nodes the caller's recorder did not record).
    A ``wrt`` node the outputs do not reach gets ``None``; dialects decide what that means.
    With ``create_graph`` the gradient nodes stay connected for higher derivatives.
    ``order``: the ops the walk back from ``outputs`` reaches within this boundary, users first,
    when the caller walked the graph already (see ``program.trace_ordered``; used for deep graphs).
    """
    outputs, cotangents = list(outputs), list(cotangents)
    unique = list(dict.fromkeys(wrt))  # the same node asked for twice gets the same gradient
    boundary = _boundary(stop)
    # the walk matters only for wrt nodes that have inputs (taps) or are outputs (passthrough)
    special = any(w.inputs for w in unique) or any(o is w for o in outputs for w in unique)
    graph = ancestors_within(outputs, boundary) if special else {}
    taps = _taps(graph, unique)
    traced = None
    if order is not None and not taps and len(order) > backprop.SEGMENT_THRESHOLD:
        traced = trace_ordered(order, outputs, unique, boundary)
    program, inputs, computed = traced if traced is not None else trace_nodes(outputs, unique, boundary, taps)
    # only a selection of one output of a multi-output op (whose outputs depend on some inputs
    # each) makes "reached" narrower than the traced program's inputs: walk again only then
    narrow = getitem in set(map(_fn_of, computed)) and any(
        n.fn is getitem and isinstance(n.inputs[0], Op) and n.inputs[0].deps is not None for n in computed)
    reached = _reached(outputs, boundary) if narrow else None
    connected = [program.uses_input(i) and (reached is None or w in reached) for i, w in enumerate(unique)]
    if not any(connected):
        return [None] * len(wrt)
    # an output asked for itself, and used nowhere else: its gradient is its cotangent
    passthrough = _passthrough(outputs, unique, graph)
    if len(passthrough) == len(unique):
        return [cotangents[passthrough[w_index]] for w_index in (unique.index(w) for w in wrt)]
    static = {"program": program, "n_wrt": len(unique)}
    # a gradient kept for higher order replays the forward inside jax.vjp (its derivatives
    # then flow to the inputs alone); otherwise the backward pass reuses the forward values
    fn, args = (vjp_apply, inputs) if create_graph else (backprop_apply, [*inputs, *computed])
    # a deep eager graph's backward runs in segments compiled by structure (one program of it
    # takes XLA minutes to compile); it calls the compile cache itself
    eager = (fn is backprop_apply and not recording.deferred() and not any(map(_is_none, map(_value_of, args)))
             and not any(map(_is_none, map(_value_of, cotangents))))
    # ops whose pullback runs as Python (a custom Function's backward in an eager pass) cut segments
    python = backprop.python_pullbacks(program.eqns, computed) if eager else None
    if python is not None:
        static["python"] = python
    if eager and (python is not None or len(program.eqns) > backprop.SEGMENT_THRESHOLD):
        fn = backprop_segments
    with recording.grad_mode(create_graph):
        node = apply(fn, [*args, *cotangents], static, name="vjp", compiled=True)
        if create_graph and isinstance(node, Op):  # kept for higher order: what each gradient uses
            node.deps = output_dependence(fn, freeze(static), [n.aval for n in node.inputs])
        grads = {w: (cotangents[passthrough[i]] if i in passthrough else select(node, i, name="grad"))
                 if c else None for i, (w, c) in enumerate(zip(unique, connected))}
    return [grads[w] for w in wrt]
