"""TF1's default graph: op names, collections, the variable store, and the mode flags.

Graph mode is core's deferred mode: ``disable_eager_execution`` switches the process-wide
default, ops then build nodes without values, and ``Session.run`` computes them.
"""
from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator

from .. import core
from ..core import kernels, recording


class GraphKeys:
    """``tf.compat.v1.GraphKeys``: standard collection names."""

    GLOBAL_VARIABLES = "variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    LOCAL_VARIABLES = "local_variables"
    UPDATE_OPS = "update_ops"
    GLOBAL_STEP = "global_step"
    TRAIN_OP = "train_op"


class Graph:
    """A minimal ``tf.Graph``: unique op names, collections and ``get_variable``'s store."""

    def __init__(self) -> None:
        self._names_in_use: dict[str, int] = {}
        self._collections: dict[str, list] = {}
        self._variable_store: dict[str, Any] = {}
        self._name_stack = ""  # the current name scope, "" at the top
        self._control_inputs: list[list] = []  # nodes new ops must run after (control_dependencies)
        self._control_effects: dict = {}  # node -> core effects that run whenever it is computed
        self.version = 0  # bumped when control effects or collections change: a prepared run may differ
        self.var_scope = None  # the current scopes.VariableScope (None: the root scope)
        self.var_scope_counts: dict[str, int] = {}  # default_name uses per variable scope
        self._tensors: dict[str, Any] = {}  # "name:0" -> tensor or variable
        self._operations: dict[str, Any] = {}  # "name" -> operation (others come from tensors)
        self._tensor_of_node: dict = {}  # core node -> the named tensor made for it
        self._device_stack: list[str] = []  # Graph.device names, innermost last
        self._node_device: dict = {}  # core node -> the device string its op was made under

    def unique_name(self, name: str) -> str:
        """TF's naming rule within the current name scope: ``add``, then ``add_1``, ``add_2``..."""
        if self._name_stack:
            name = f"{self._name_stack}/{name}"
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

    def register(self, item: Any) -> None:
        """Make a named tensor, variable or operation findable by name (string fetches)."""
        table = self._tensors if ":" in item.name else self._operations
        table[item.name] = item
        if table is self._tensors and not hasattr(item, "_cell"):
            self._tensor_of_node.setdefault(item.node, item)
            self._node_device.setdefault(item.node, self.current_device())

    def current_device(self) -> str:
        """The device string ops made now are placed on (``""`` outside ``Graph.device``)."""
        return self._device_stack[-1] if self._device_stack else ""

    def device_of(self, node) -> str:
        """The device string the op of a named tensor was made under."""
        return self._node_device.get(node, "")

    def named_nodes(self) -> list:
        """The nodes of the named tensors, in creation order."""
        return list(self._tensor_of_node)

    def tensor_for(self, node):
        """The named tensor made for ``node`` (a KeyError if there is none)."""
        return self._tensor_of_node[node]

    def get_tensor_by_name(self, name: str):
        """``Graph.get_tensor_by_name``, with TF's errors."""
        if not isinstance(name, str) or ":" not in name:
            raise ValueError(f"The name {name!r} refers to an Operation, not a Tensor. Tensor names must be of "
                             'the form "<op_name>:<output_index>".')
        if name not in self._tensors:
            op = name.rsplit(":", 1)[0]
            raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. The operation, {op!r}, "
                           "does not exist in the graph.")
        return self._tensors[name]

    def get_operation_by_name(self, name: str):
        """``Graph.get_operation_by_name``, with TF's errors."""
        if ":" in name:
            raise ValueError(f"Name {name!r} appears to refer to a Tensor, not a Operation.")
        if name in self._operations:
            return self._operations[name]
        if name + ":0" in self._tensors:
            return self._tensors[name + ":0"].op
        raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")

    def as_graph_element(self, obj: Any, allow_tensor: bool = True, allow_operation: bool = True):
        """``Graph.as_graph_element``: a tensor, operation or variable of this graph, or its name."""
        if isinstance(obj, str):
            return self.get_tensor_by_name(obj) if ":" in obj else self.get_operation_by_name(obj)
        if hasattr(obj, "_as_graph_element"):
            return obj._as_graph_element()
        if hasattr(obj, "node") or hasattr(obj, "type"):
            return obj
        raise TypeError(f"Can not convert a {type(obj).__name__} into a Tensor or Operation.")

    def get_operations(self) -> list:
        """``Graph.get_operations``: the operations of the named tensors, in creation order."""
        seen, out = set(), []
        for name, item in self._tensors.items():
            op = item.op
            if op.name not in seen:
                seen.add(op.name)
                out.append(op)
        return out

    @contextlib.contextmanager
    def device(self, device_name_or_function) -> Iterator[None]:
        """``Graph.device``: recorded as the ops' device string (``Tensor.device``, gradient
        colocation); XLA places the whole program on one JAX device."""
        name = device_name_or_function if isinstance(device_name_or_function, str) else ""
        self._device_stack.append(name or "")
        try:
            yield
        finally:
            self._device_stack.pop()

    @contextlib.contextmanager
    def colocate_with(self, op, ignore_existing: bool = False) -> Iterator[None]:
        """``Graph.colocate_with``: accepted (one device holds the whole program)."""
        yield

    def add_to_collection(self, key: str, value: Any) -> None:
        self._collections.setdefault(key, []).append(value)
        self.version += 1

    def get_collection(self, key: str, scope: str | None = None) -> list:
        """The collection's items; with ``scope``, those whose name matches it from the start (``re.match``)."""
        items = list(self._collections.get(key, []))
        if scope is None:
            return items
        return [item for item in items if getattr(item, "name", None) and re.match(scope, item.name)]

    @contextlib.contextmanager
    def name_scope(self, name: str | None) -> Iterator[str]:
        """TF1 ``name_scope``: ``"a"`` opens a unique scope under the current one, ``"a/"``
        re-enters that exact scope, None or ``""`` goes back to the top. Yields ``"scope/"``."""
        previous = self._name_stack
        if not name:
            self._name_stack = ""
        elif name.endswith("/"):
            self._name_stack = name[:-1]
        else:
            self._name_stack = self.unique_name(name)
        try:
            yield self._name_stack + "/" if self._name_stack else ""
        finally:
            self._name_stack = previous

    @contextlib.contextmanager
    def control_dependencies(self, nodes: list | None) -> Iterator[None]:
        """Ops made inside run after ``nodes`` (None clears the outer dependencies)."""
        previous = self._control_inputs
        self._control_inputs = [] if nodes is None else [*previous, list(nodes)]
        try:
            yield
        finally:
            self._control_inputs = previous

    def current_control_inputs(self) -> list:
        return [n for group in self._control_inputs for n in group]

    def attach_control(self, node, effects=()) -> None:
        """Make computing ``node`` run ``effects`` and the current control dependencies."""
        pending = [*effects, *self.current_control_inputs()]
        if pending:
            self._control_effects.setdefault(node, []).extend(pending)
            self.version += 1

    def read_after_write(self, cell):
        """Inside control_dependencies on a write to ``cell``, a read sees the written value
        (as TF's ops made there run after the write): a node computing it that also runs
        the write. None when no current control input writes ``cell``."""
        found = None
        inputs = self.current_control_inputs()
        for effect in [*inputs, *self.control_closure(inputs)]:
            for written_cell, value in getattr(effect, "all_writes", list)():
                if written_cell is cell:
                    found = (effect, value)
        if found is None:
            return None
        node = core.apply(kernels.identity, [found[1]], name="read_after_write")
        self.attach_control(node, [found[0]])
        return node

    def control_closure(self, nodes, fed=()) -> list:
        """The effects (and their dependencies) that computing ``nodes`` must also run
        (a fed node is not computed: its dependencies do not run)."""
        found, seen, stack = [], set(fed), list(nodes)
        while stack:
            node = stack.pop()
            if node is None or node in seen:
                continue
            seen.add(node)
            for extra in self._control_effects.get(node, ()):
                if extra not in found:
                    found.append(extra)
                stack.append(extra)
            stack.extend(node.inputs)
            for _, written in getattr(node, "writes", ()):
                stack.append(written)
        return found

    @contextlib.contextmanager
    def as_default(self) -> Iterator["Graph"]:
        global _default_graph
        previous, _default_graph = _default_graph, self
        try:
            with recording.deferred_mode(True):  # ops made in a graph's context are graph ops, eager or not (as TF)
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
