"""TF1's ``Session`` and ``Operation``: ``Session.run`` is ``core.run(fetches, feeds)``.

Fetch structures (tensors, variables, operations, nested lists/tuples/dicts) come back
with numpy values (numpy scalars for rank 0) and None for operations, as in TF.
Core's missing-feed and uninitialized-state errors become TF's error classes and texts.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import core
from .errors import FailedPreconditionError, InvalidArgumentError
from .graph import get_default_graph, resource_variables_enabled
from . import placeholders
from .tensor import Tensor


class Operation:
    """A graph operation; fetching it runs its effect (if any) and yields None."""

    def __init__(self, name: str, type: str = "NoOp", effect: core.Node | None = None):  # noqa: A002
        self.name = name
        self.type = type
        self._effect = effect

    def run(self, feed_dict=None, session=None) -> None:
        """``Operation.run``: run in the given or the default session."""
        default_session_for(session, "operation using `run()`").run(self, feed_dict=feed_dict)

    def __repr__(self) -> str:
        return f"<tf.Operation '{self.name}' type={self.type}>"


def group(*inputs, name: str | None = None) -> Operation:
    """``tf.group``: one NoOp running the given operations' effects."""
    effects = [op._effect for op in inputs if isinstance(op, Operation) and op._effect is not None]
    return Operation(get_default_graph().unique_name(name or "group_deps"), "NoOp", core.Effect([], after=effects))


def global_variables_initializer() -> Operation:
    """``tf.compat.v1.global_variables_initializer``: the NoOp ``init`` grouping all initializers."""
    from .variables import global_variables
    effects = [v._init_effect for v in global_variables()]
    return Operation(get_default_graph().unique_name("init"), "NoOp", core.Effect([], after=effects))


def variables_initializer(var_list, name: str = "init") -> Operation:
    effects = [v._init_effect for v in var_list]
    return Operation(get_default_graph().unique_name(name), "NoOp", core.Effect([], after=effects))


_session_stack: list["Session"] = []


def get_default_session() -> "Session | None":
    return _session_stack[-1] if _session_stack else None


def default_session_for(session: "Session | None", what: str) -> "Session":
    session = session or get_default_session()
    if session is None:
        raise ValueError(f"Cannot execute {what}: No default session is registered. Use `with "
                         "sess.as_default()` or pass an explicit session to `run(session=sess)`")
    return session


class Session:
    """``tf.compat.v1.Session``: runs fetches of the default graph."""

    def __init__(self, target: str = "", graph=None, config=None):
        self.graph = graph or get_default_graph()
        self._closed = False

    def __enter__(self) -> "Session":
        _session_stack.append(self)
        return self

    def __exit__(self, *exc) -> None:
        if self in _session_stack:
            _session_stack.remove(self)
        self.close()

    def as_default(self):
        session = self

        class _Default:
            def __enter__(self_inner):
                _session_stack.append(session)
                return session

            def __exit__(self_inner, *exc):
                _session_stack.remove(session)
        return _Default()

    def close(self) -> None:
        self._closed = True

    def run(self, fetches: Any, feed_dict: dict | None = None, options=None, run_metadata=None):
        """Values of the fetch structure; feeds may replace any tensor (placeholders first)."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        nodes: list = []
        structure = _flatten(fetches, nodes)
        feeds = {}
        for key, value in (feed_dict or {}).items():
            tensor = key._as_tensor() if hasattr(key, "_as_tensor") else key
            if not isinstance(tensor, Tensor):
                raise TypeError(f"The value of a feed cannot be a tf.Tensor object. {key!r}")
            array = np.asarray(value, dtype=tensor.dtype.np)
            if not tensor.shape.compatible_with(array.shape):
                raise ValueError(f"Cannot feed value of shape {array.shape} for Tensor {tensor.name}, "
                                 f"which has shape {tensor.shape}")
            feeds[tensor.node] = array
        run_nodes = [n for n in nodes if n is not None]
        try:
            values = iter(core.run(run_nodes, feeds))
        except core.UninitializedState as exc:
            raise _uninitialized(exc.cell.name) from None
        except core.MissingFeed as exc:
            raise _missing_feed(exc.placeholder) from None
        results = [None if n is None else _numpy(next(values)) for n in nodes]
        return _rebuild(structure, iter(results))


def _numpy(value):
    if value is None:
        return None
    array = np.asarray(value)
    return array[()] if array.ndim == 0 else array


def _uninitialized(name: str) -> FailedPreconditionError:
    if resource_variables_enabled():
        message = (f"Graph execution error:\n\nCould not find variable {name}. This could mean that the "
                   "variable has been deleted. In TF1, it can also mean the variable is uninitialized. "
                   "Debug info: container=localhost, status error message=Container localhost does not "
                   f"exist. (Could not find resource: localhost/{name})\n\t [[{{{{node {name}/Read/ReadVariableOp}}}}]]")
    else:
        message = (f"Graph execution error:\n\nAttempting to use uninitialized value {name}\n"
                   f"\t [[{{{{node _retval_{name}_0_0}}}}]]")
    return FailedPreconditionError(None, None, message)


def _missing_feed(node) -> InvalidArgumentError:
    tensor = placeholders.tensor_of(node)
    name = node.name
    text = f"You must feed a value for placeholder tensor '{name}'"
    if tensor is not None:
        text += f" with dtype {tensor.dtype._op_name}"
        if tensor.shape.dims is not None:
            text += f" and shape {tensor.shape.feed_text()}"
    return InvalidArgumentError(None, None, f"Graph execution error:\n\n{text}\n\t [[{{{{node {name}}}}}]]")


def _flatten(fetches: Any, nodes: list):
    """The fetch structure with each leaf replaced by its index in ``nodes``."""
    if isinstance(fetches, (list, tuple)) and not hasattr(fetches, "_fields"):
        return (type(fetches), [_flatten(f, nodes) for f in fetches])
    if hasattr(fetches, "_fields"):  # namedtuple
        return (type(fetches), [_flatten(f, nodes) for f in fetches], "namedtuple")
    if isinstance(fetches, dict):
        return (dict, {k: _flatten(v, nodes) for k, v in fetches.items()})
    if isinstance(fetches, Operation):
        nodes.append(fetches._effect if fetches._effect is not None else None)
        return len(nodes) - 1
    if hasattr(fetches, "_as_tensor"):
        fetches = fetches._as_tensor()
    if isinstance(fetches, Tensor):
        nodes.append(fetches.node)
        return len(nodes) - 1
    if fetches is None:
        raise TypeError("Fetch argument None has invalid type <class 'NoneType'>")
    kind = type(fetches).__name__
    raise TypeError(f"Argument `fetch` = {fetches!r} has invalid type \"{kind}\" must be a string or "
                    f"Tensor. (Can not convert a {kind} into a Tensor or Operation.)")


def _rebuild(structure, values):
    if isinstance(structure, int):
        return _take(values, structure)
    kind = structure[0]
    if kind is dict:
        return {k: _rebuild(v, values) for k, v in structure[1].items()}
    items = [_rebuild(s, values) for s in structure[1]]
    if len(structure) == 3:
        return kind(*items)
    return kind(items)


def _take(values, index):
    return next(values)
