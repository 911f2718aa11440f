"""TF1's graph operations: ``Operation``, ``group``, ``no_op``, ``control_dependencies``,
assignment outputs and variable initializers.

An operation wraps a core node (usually an ``Effect`` of state writes); running it in a
session computes that node with the control dependencies attached to it and yields None.
"""
from __future__ import annotations

import weakref

from .. import core
from ..core import kernels
from .graph import get_default_graph
from .tensor import Tensor


class Operation:
    """A graph operation; fetching it computes its node (an effect, or the op's output)
    with the control dependencies it has, and yields None."""

    def __init__(self, name: str, type: str = "NoOp", effect: core.Node | None = None):  # noqa: A002
        self.name = name
        self.type = type
        self._effect = effect

    def run(self, feed_dict=None, session=None) -> None:
        """``Operation.run``: run in the given or the default session."""
        from .session import run_operation  # the session module builds on this one
        run_operation(self, feed_dict, session)

    def colocation_groups(self) -> list[bytes]:
        """``Operation.colocation_groups``: ``[b"loc:@<name>"]``, or the groups of the op it was
        colocated with (gradients with ``colocate_gradients_with_ops``)."""
        groups = _COLOCATION.get(self._effect) if self._effect is not None else None
        return list(groups) if groups else [f"loc:@{self.name}".encode()]

    def get_attr(self, name: str):
        """``Operation.get_attr``: one of the op's attributes (``transpose_a`` of a MatMul...)."""
        attrs = dict(getattr(self._effect, "static", ()) or ())
        if name not in attrs:
            raise ValueError(f"Operation '{self.name}' has no attr named '{name}'.")
        return attrs[name]

    @property
    def _original_op(self):
        """The forward op a gradient op was made for (TF's ``_original_op``), or None."""
        return _ORIGINAL.get(self._effect) if self._effect is not None else None

    def __eq__(self, other) -> bool:
        return isinstance(other, Operation) and (self.name, self._effect) == (other.name, other._effect)

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"<tf.Operation '{self.name}' type={self.type}>"


_COLOCATION: "weakref.WeakKeyDictionary[core.Node, list[bytes]]" = weakref.WeakKeyDictionary()


_ORIGINAL: "weakref.WeakKeyDictionary[core.Node, Operation]" = weakref.WeakKeyDictionary()


def set_original_op(node: core.Node, op: "Operation") -> None:
    """Record that the op computing ``node`` is a gradient of ``op`` (its ``_original_op``)."""
    _ORIGINAL[node] = op


def colocate(node: core.Node, groups: list[bytes]) -> None:
    """Record that the op computing ``node`` is colocated with ops of ``groups``."""
    _COLOCATION[node] = list(groups)


def assign_result(value: Tensor, effect: core.Effect, op_type: str, name: str | None = None) -> Tensor:
    """A graph-mode assignment: a tensor holding the new value whose computation runs the
    write (TF1's ``Assign`` output), so fetching it, or anything made from it, assigns."""
    graph = get_default_graph()
    node = core.apply(kernels.identity, [value.node], name=op_type)
    graph.attach_control(node, [effect])
    return Tensor(node, value.dtype, value.shape, graph.unique_name(name or op_type) + ":0")


def control_nodes(inputs) -> list:
    """The nodes behind operations, tensors and variables (what running them computes)."""
    nodes = []
    for item in inputs:
        if isinstance(item, Operation):
            if item._effect is not None:
                nodes.append(item._effect)
        elif hasattr(item, "_as_tensor") or isinstance(item, Tensor):
            nodes.append(item.node)
        else:
            raise TypeError(f"Can not convert a {type(item).__name__} into a Tensor or Operation.")
    return nodes


def _no_op_after(nodes: list, name: str) -> Operation:
    """A NoOp that runs ``nodes`` and the current control dependencies."""
    graph = get_default_graph()
    effect = core.Effect([], after=[*nodes, *graph.current_control_inputs()])
    return named_operation(name, "NoOp", effect)


def named_operation(name: str, type: str, effect: core.Node) -> Operation:  # noqa: A002 - TF's word
    """A new operation of the default graph under a unique name, findable by that name."""
    graph = get_default_graph()
    op = Operation(graph.unique_name(name), type, effect)
    graph.register(op)
    return op


def group(*inputs, name: str | None = None) -> Operation:
    """``tf.group``: one NoOp running the given operations and tensors."""
    flat = [i for item in inputs for i in (item if isinstance(item, (list, tuple)) else [item])]
    return _no_op_after(control_nodes(flat), name or "group_deps")


def no_op(name: str | None = None) -> Operation:
    """``tf.no_op``: does nothing but run its control dependencies."""
    return _no_op_after([], name or "NoOp")


def control_dependencies(control_inputs):
    """``tf.control_dependencies``: ops made inside run after ``control_inputs`` (None: none)."""
    graph = get_default_graph()
    return graph.control_dependencies(None if control_inputs is None else control_nodes(control_inputs))


def global_variables_initializer() -> Operation:
    """``tf.compat.v1.global_variables_initializer``: the NoOp ``init`` grouping all initializers."""
    from .variables import global_variables
    return variables_initializer(global_variables())


def variables_initializer(var_list, name: str = "init") -> Operation:
    """``tf.compat.v1.variables_initializer``: the NoOp running these variables' initializers."""
    effects = [v._init_effect for v in var_list]
    return named_operation(name, "NoOp", core.Effect([], after=effects))


def local_variables_initializer() -> Operation:
    """``tf.compat.v1.local_variables_initializer``: the NoOp ``init_1``... for LOCAL_VARIABLES."""
    from .variables import local_variables
    return variables_initializer(local_variables())
