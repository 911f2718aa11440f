"""TF1's default graph: op names, collections, the variable store, and the mode flags.

Graph mode is core's deferred mode: ``disable_eager_execution`` switches the process-wide
default, ops then build nodes without values, and ``Session.run`` computes them.
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator

from ..core import recording


class GraphKeys:
    """``tf.compat.v1.GraphKeys``: standard collection names."""

    GLOBAL_VARIABLES = "variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    LOCAL_VARIABLES = "local_variables"
    UPDATE_OPS = "update_ops"


class Graph:
    """A minimal ``tf.Graph``: unique op names, collections and ``get_variable``'s store."""

    def __init__(self) -> None:
        self._names_in_use: dict[str, int] = {}
        self._collections: dict[str, list] = {}
        self._variable_store: dict[str, Any] = {}

    def unique_name(self, name: str) -> str:
        """TF's naming rule: ``add``, then ``add_1``, ``add_2``..."""
        key = name.lower()
        i = self._names_in_use.get(key, 0)
        self._names_in_use[key] = i + 1
        if i > 0:
            base = name
            while name.lower() in self._names_in_use:
                name = f"{base}_{i}"
                i += 1
            self._names_in_use[name.lower()] = 1
        return name

    def add_to_collection(self, key: str, value: Any) -> None:
        self._collections.setdefault(key, []).append(value)

    def get_collection(self, key: str, scope: str | None = None) -> list:
        return list(self._collections.get(key, []))

    @contextlib.contextmanager
    def as_default(self) -> Iterator["Graph"]:
        global _default_graph
        previous, _default_graph = _default_graph, self
        try:
            yield self
        finally:
            _default_graph = previous


_default_graph = Graph()
_flags = {"resource_variables": True, "v2_tensorshape": True}


def get_default_graph() -> Graph:
    """``tf.compat.v1.get_default_graph``."""
    return _default_graph


def reset_default_graph() -> None:
    """``tf.compat.v1.reset_default_graph``: a fresh graph (names, collections, variables)."""
    global _default_graph
    _default_graph = Graph()


def executing_eagerly() -> bool:
    """``tf.executing_eagerly``: false once eager execution is disabled (graph mode)."""
    return not recording.deferred()


def disable_eager_execution() -> None:
    """``tf.compat.v1.disable_eager_execution``: TF1 graph mode (deferred ops)."""
    recording.set_default_deferred(True)


def enable_eager_execution(*args, **kwargs) -> None:
    recording.set_default_deferred(False)


def disable_v2_behavior() -> None:
    """``tf.compat.v1.disable_v2_behavior``: graph mode and TF1 reference variables."""
    disable_eager_execution()
    _flags["resource_variables"] = False
    _flags["v2_tensorshape"] = False


def enable_v2_behavior() -> None:
    recording.set_default_deferred(False)
    _flags["resource_variables"] = True
    _flags["v2_tensorshape"] = True


def disable_resource_variables() -> None:
    _flags["resource_variables"] = False


def v2_tensorshape() -> bool:
    """False after ``disable_v2_behavior``: shapes then print unknown dims as ``?``."""
    return _flags["v2_tensorshape"]


def resource_variables_enabled() -> bool:
    return _flags["resource_variables"]
