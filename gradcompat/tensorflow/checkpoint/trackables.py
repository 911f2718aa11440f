"""What an object-based checkpoint saves: the graph of objects reachable from a root by named
edges, as TensorFlow walks it. Variables are the leaves that hold values; ``tf.Module`` s,
Keras layers and other objects contribute their attributes in assignment order, lists and
tuples their items ("0", "1", ...), dicts their keys; plain Python values are skipped."""
from __future__ import annotations

from typing import Any

from ...formats.protobuf import field, fields, int_field

VALUE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE"


def is_variable(value: Any) -> bool:
    return hasattr(value, "_cell") and hasattr(value, "assign")


def _trackable(value: Any, seen: set | None = None) -> bool:
    """Whether a variable is reachable from ``value`` (objects on the way already looked at are not)."""
    if is_variable(value):
        return True
    seen = set() if seen is None else seen
    if id(value) in seen:
        return False
    seen.add(id(value))
    if isinstance(value, dict):
        return any(_trackable(v, seen) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_trackable(v, seen) for v in value)
    if not hasattr(value, "__dict__") or isinstance(value, type) or callable(value) and not hasattr(value, "variables"):
        return False
    return any(_trackable(v, seen) for k, v in vars(value).items() if not k.startswith("_"))


def children(obj: Any) -> list[tuple[str, Any]]:
    """``(local name, child)`` edges of one object, in TF's order."""
    if is_variable(obj):
        return []
    if hasattr(obj, "_checkpoint_children"):
        items = obj._checkpoint_children()
    elif isinstance(obj, dict):
        items = [(str(k), v) for k, v in obj.items()]
    elif isinstance(obj, (list, tuple)):
        items = [(str(i), v) for i, v in enumerate(obj)]
    else:
        items = [(k, v) for k, v in vars(obj).items() if not k.startswith("_")]
    return [(name, value) for name, value in items if _trackable(value)]


class Node:
    """One object of the walk: its id, its children's ids and, for a variable, its key."""

    def __init__(self, obj: Any, path: str):
        self.obj = obj
        self.path = path
        self.children: list[tuple[int, str]] = []

    @property
    def key(self) -> str | None:
        return self.path + VALUE_SUFFIX if is_variable(self.obj) else None


def walk(root: Any) -> list[Node]:
    """Breadth-first from ``root``: an object's id and path are those of its first discovery."""
    nodes, ids = [Node(root, "")], {id(root): 0}
    for node in nodes:  # grows while walking
        for name, child in children(node.obj):
            if id(child) not in ids:
                ids[id(child)] = len(nodes)
                nodes.append(Node(child, f"{node.path}/{name}" if node.path else name))
            node.children.append((ids[id(child)], name))
    return nodes


def variable_name(variable: Any) -> str:
    return str(getattr(variable, "name", "Variable")).rsplit(":", 1)[0]


def encode_graph(nodes: list[Node]) -> bytes:
    """The ``TrackableObjectGraph`` proto TF stores under ``_CHECKPOINTABLE_OBJECT_GRAPH``."""
    out = b""
    for node in nodes:
        body = b"".join(field(1, int_field(1, i) + field(2, name.encode())) for i, name in node.children)
        if node.key is not None:
            body += field(2, field(1, b"VARIABLE_VALUE") + field(2, variable_name(node.obj).encode())
                          + field(3, node.key.encode()))
        body += field(5, int_field(1, 1))  # has_checkpoint_values: true
        out += field(1, body)
    return out


def decode_graph(data: bytes) -> list[tuple[list[tuple[int, str]], dict[str, str]]]:
    """Per saved node: its ``(child id, local name)`` edges and ``{attribute: checkpoint key}``."""
    nodes = []
    for number, node in fields(data):
        if number != 1:
            continue
        edges, attributes = [], {}
        for inner, value in fields(node):
            if inner == 1:
                child = dict(fields(value))
                edges.append((child.get(1, 0), child.get(2, b"").decode()))
            elif inner == 2:
                attribute = dict(fields(value))
                attributes[attribute.get(1, b"").decode()] = attribute.get(3, b"").decode()
        nodes.append((edges, attributes))
    return nodes
