"""Mapping a function over the leaves of nested python containers (dicts, lists, tuples,
namedtuples), keeping each container's type: how batches travel between processes."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable


def is_namedtuple(obj: Any) -> bool:
    return isinstance(obj, tuple) and hasattr(obj, "_fields")


def map_leaves(fn: Callable[[Any], Any], obj: Any) -> Any:
    """``fn`` applied to every leaf of ``obj``; containers are rebuilt with their own type
    (a Mapping subclass that cannot be rebuilt from a dict becomes a dict)."""
    if isinstance(obj, Mapping):
        items = {k: map_leaves(fn, v) for k, v in obj.items()}
        try:
            return type(obj)(items)
        except TypeError:
            return items
    if is_namedtuple(obj):
        return type(obj)(*(map_leaves(fn, v) for v in obj))
    if isinstance(obj, (list, tuple)):
        return type(obj)(map_leaves(fn, v) for v in obj)
    return fn(obj)
