"""Constant folding: the value of a deferred node computed from constants only.

Frameworks know such values while building a graph (TF's shape inference folds
``reduce_max(constant)`` or ``shape(placeholder)[0]`` into a static value); a dialect asks here
when an attribute must be a Python value and the tensor that gives it is deferred. An op input
whose value the op does not use (a shape read from a placeholder of known shape) needs no value:
``dependence`` tells, from the op's jaxpr.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from .dependence import output_dependence
from .graph import Constant, Node, Op

_LIMIT = 64  # nodes: folding is for small shape computations, not whole graphs


def _used_inputs(op: Op) -> set[int] | None:
    """Positions of the inputs whose values ``op``'s outputs depend on (None: unknown)."""
    avals = [n.aval for n in op.inputs]
    if any(a is None or isinstance(a, tuple) for a in avals):
        return None
    try:
        deps = output_dependence(op.fn, op.static, avals)
    except Exception:  # noqa: BLE001 - an op that cannot trace abstractly is not folded
        return None
    return None if deps is None else set().union(*deps) if deps else set()


def constant_value(node: Node) -> Any | None:
    """``node``'s value if it depends only on (untraced) constants, else None."""
    if node.value is not None and not node.traced:
        return node.value
    plan: dict[Node, set[int]] = {}  # op -> the inputs it needs values of
    stack = [node]
    while stack:
        n = stack.pop()
        if n in plan or (isinstance(n, Constant) and not n.traced):
            continue
        if len(plan) >= _LIMIT or n.traced or not isinstance(n, Op):
            return None
        used = set(range(len(n.inputs))) if n.value is not None else _used_inputs(n)
        if used is None:
            return None
        plan[n] = used
        stack.extend(n.inputs[i] for i in used)
    values: dict[Node, Any] = {}

    def value(n: Node):
        if n.value is not None:
            return n.value
        if n not in values:
            used = plan[n]
            args = [value(x) if i in used else jnp.zeros(x.aval.shape, x.aval.dtype) for i, x in enumerate(n.inputs)]
            values[n] = n.fn(*args, **dict(n.static))
        return values[n]

    order = list(plan)  # inputs were pushed after their users: evaluate deepest first
    for n in reversed(order):
        value(n)
    return value(node)
