"""Constant folding: the value of a deferred node computed from constants only.

Frameworks know such values while building a graph (TF's shape inference folds
``reduce_max(constant)`` into a slice bound); a dialect asks here when an attribute must
be a Python value and the tensor that gives it is deferred.
"""
from __future__ import annotations

from typing import Any

from .executor import run
from .graph import Constant, Node, Op

_LIMIT = 64  # nodes: folding is for small shape computations, not whole graphs


def constant_value(node: Node) -> Any | None:
    """``node``'s value if it depends only on (untraced) constants through ops, else None."""
    if node.value is not None and not node.traced:
        return node.value
    seen, stack = set(), [node]
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        if len(seen) > _LIMIT or n.traced:
            return None
        if isinstance(n, Constant):
            continue
        if not isinstance(n, Op):
            return None
        stack.extend(n.inputs)
    return run([node])[0]
