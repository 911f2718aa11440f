"""The one autodiff engine: replay a recorded subgraph and apply ``jax.vjp`` to it.

Every gradient API of every dialect reduces to ``vjp``. Its result is a *vjp node*: an op
whose function is the replayed vjp. Left connected (``create_graph``, an outer tape, a
deferred TF1 graph) it is differentiable like any other op, so higher derivatives are
JAX differentiating through ``jax.vjp``; otherwise its results are detached constants.
"""
from __future__ import annotations

from typing import Callable, Sequence

import jax

from . import recording
from .graph import Node, Op, apply, select, stop_gradient
from .program import Program, ancestors_within, trace


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


def _taps(outputs, wrt, boundary) -> set[Node]:
    """Intermediate wrt nodes downstream of another wrt node: those cannot simply be cut."""
    graph = ancestors_within(outputs, boundary)
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


def vjp(outputs: Sequence[Node], wrt: Sequence[Node], cotangents: Sequence[Node], *,
        stop: Callable[[Node], bool] | None = None, create_graph: bool = False) -> list[Node | None]:
    """Gradients of ``sum_i <cotangents[i], outputs[i]>`` with respect to each ``wrt`` node.

    The walk back from ``outputs`` stops at ``wrt`` nodes, at leaves, at stop_gradient
    ops and where ``stop(node)`` is true (nodes the caller's recorder did not record).
    A ``wrt`` node the outputs do not reach gets ``None``; dialects decide what that means.
    With ``create_graph`` the gradient nodes stay connected for higher derivatives.
    """
    outputs, cotangents = list(outputs), list(cotangents)
    unique = list(dict.fromkeys(wrt))  # the same node asked for twice gets the same gradient
    boundary = _boundary(stop)
    program, inputs = trace(outputs, unique, boundary, _taps(outputs, unique, boundary))
    connected = [program.uses_input(i) for i in range(len(unique))]
    if not any(connected):
        return [None] * len(wrt)
    with recording.grad_mode(create_graph):
        node = apply(vjp_apply, [*inputs, *cotangents], {"program": program, "n_wrt": len(unique)},
                     name="vjp", compiled=True)
        grads = {w: select(node, i, name="grad") if c else None
                 for i, (w, c) in enumerate(zip(unique, connected))}
    return [grads[w] for w in wrt]
