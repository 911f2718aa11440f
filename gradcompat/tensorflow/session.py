"""TF1's ``Session``: ``Session.run`` is one ``core.run(fetches, feeds)``.

Fetch structures (tensors, variables, operations, nested lists/tuples/dicts) come back
with numpy values (numpy scalars for rank 0) and None for operations, as in TF.
Core's missing-feed and uninitialized-state errors become TF's error classes and texts.
A run holds its session's variable values in the graph's cells alone (not in the store), so a
replayed training step donates their old buffers (``core.donation``); runs take turns.
"""
from __future__ import annotations

import collections
import contextlib
import threading
from typing import Any

import numpy as np

from .. import core
from .errors import FailedPreconditionError, InvalidArgumentError
from .graph import GraphKeys, get_default_graph, resource_variables_enabled
from . import placeholders
from .data import iterators as data_iterators
from .indexed_slices import IndexedSlices
from .operations import Operation
from .tensor import Tensor


IndexedSlicesValue = collections.namedtuple("IndexedSlicesValue", ["values", "indices", "dense_shape"])
IndexedSlicesValue.__doc__ = "``tf.compat.v1.IndexedSlicesValue``: what ``Session.run`` gives for IndexedSlices."

_session_stack: list["Session"] = []
# Runs take turns: a run puts its session's values into the graph's cells (shared by every
# session of the graph) and moves them out of the store, so a run from another thread must not
# see them half-way (reentrant: a Python op may run a session inside a run).
_running = threading.RLock()


def get_default_session() -> "Session | None":
    return _session_stack[-1] if _session_stack else None


_NO_SESSION_FOR_RUN = ("Cannot execute operation using `run()`: No default session is registered. Use "
                       "`with sess.as_default():` or pass an explicit session to `run(session=sess)`")
_NO_SESSION_FOR_EVAL = ("Cannot evaluate tensor using `eval()`: No default session is registered. Use "
                        "`with sess.as_default()` or pass an explicit session to `eval(session=sess)`")


def default_session_for(session: "Session | None", error: str) -> "Session":
    """The given session, else the default one, else TF's ValueError text ``error``."""
    session = session or get_default_session()
    if session is None:
        raise ValueError(error)
    return session


def run_operation(op, feed_dict=None, session=None) -> None:
    """``Operation.run``: run the operation in the given or the default session."""
    default_session_for(session, _NO_SESSION_FOR_RUN).run(op, feed_dict=feed_dict)


def eval_tensor(tensor, feed_dict=None, session=None):
    """``Tensor.eval`` / ``Variable.eval``: run the tensor in the given or the default session."""
    return default_session_for(session, _NO_SESSION_FOR_EVAL).run(tensor, feed_dict=feed_dict)


class Session:
    """``tf.compat.v1.Session``: runs fetches of the default graph."""

    def __init__(self, target: str = "", graph=None, config=None):
        self.graph = graph or get_default_graph()
        self._closed = False
        self._state: dict = {}  # each session holds its own variable values, as in TF
        self._runs = _PreparedRuns()

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
        """Closing twice is allowed; ``run`` on a closed session is TF's RuntimeError."""
        self._closed = True

    def run(self, fetches: Any, feed_dict: dict | None = None, options=None, run_metadata=None):
        """Values of the fetch structure; feeds may replace any tensor (placeholders first)."""
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        nodes: list = []
        structure = _flatten(fetches, nodes, self.graph)
        feeds = _feeds(feed_dict or {}, self.graph)
        fetched = tuple(dict.fromkeys(n for n, _ in nodes if n is not None))
        run = self._runs.get(self.graph, fetched, feeds)
        feeds.update(data_iterators.session_feeds(fetched, run.prepared.inputs, feeds))  # get_next() tensors
        try:
            with _running, self._own_state(run.cells):
                values = dict(zip(run.nodes, run.prepared(feeds))) if run.nodes else {}
        except core.UninitializedState as exc:
            raise _uninitialized(exc.cell.name) from None
        except core.MissingFeed as exc:
            raise _missing_feed(exc.placeholder) from None
        results = [_numpy(values[n]) if n is not None and keep else None for n, keep in nodes]
        return _rebuild(structure, iter(results))


    @contextlib.contextmanager
    def _own_state(self, cells: list):
        """The graph's variables that a run uses (``cells``) hold this session's values while it runs.

        The values move out of the session's store for the run (and the results back in), so a
        training step's cells are the only holders of their old arrays: a replayed step may then
        donate those buffers (``core.donation``: it checks that nothing else references them)."""
        state = self._state
        outside = [cell.value for cell in cells]
        for cell in cells:
            cell.value = state.pop(cell, None)
        try:
            yield
        finally:
            for cell, value in zip(cells, outside):
                if cell.value is not None:
                    state[cell] = cell.value
                cell.value = value


class _PreparedRun:
    """One run of a session's graph, traced once: the nodes to run (the fetches plus the
    effects they depend on: assignments read, control dependencies), the prepared core run,
    and the graph variables' cells it reads or writes (those hold the session's values)."""

    def __init__(self, graph, fetched: tuple, feeds: dict):
        self.nodes = list(fetched)
        self.nodes += [e for e in graph.control_closure(self.nodes, fed=feeds)
                       if isinstance(e, core.Effect) and e not in self.nodes]
        self.prepared = core.executor.Prepared(self.nodes, feeds)
        used = {n.cell for n in self.prepared.inputs if isinstance(n, core.Read)}
        used.update(cell for e in self.nodes if isinstance(e, core.Effect) for cell, _ in e.all_writes())
        variables = {id(v): v for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES)
                     for v in graph.get_collection(key)}
        self.cells = [v._cell for v in variables.values() if v._cell in used]


class _PreparedRuns:
    """A session's runs by (fetched nodes, fed nodes, graph version): a training loop
    re-walks nothing per step."""

    _LIMIT = 256  # distinct runs kept: a loop that fetches new tensors each step does not grow this

    def __init__(self) -> None:
        self._runs: dict[tuple, _PreparedRun] = {}

    def get(self, graph, fetched: tuple, feeds: dict) -> _PreparedRun:
        key = (fetched, tuple(feeds), graph.version)
        run = self._runs.get(key)
        if run is None:
            if len(self._runs) >= self._LIMIT:
                self._runs.pop(next(iter(self._runs)))
            run = self._runs[key] = _PreparedRun(graph, fetched, feeds)
        return run


class InteractiveSession(Session):
    """``tf.compat.v1.InteractiveSession``: a session that is the default one until closed."""

    def __init__(self, target: str = "", graph=None, config=None):
        super().__init__(target, graph, config)
        _session_stack.append(self)

    def close(self) -> None:
        super().close()
        if self in _session_stack:
            _session_stack.remove(self)


def _feeds(feed_dict: dict, graph) -> dict:
    """feed_dict as core feeds: values converted to the tensors' dtypes, shapes checked;
    keys may be tensors, variables or tensor names."""
    feeds = {}
    for key, value in feed_dict.items():
        tensor = key
        if isinstance(key, str) and ":" in key:
            try:
                tensor = graph.get_tensor_by_name(key)
            except KeyError as exc:
                raise TypeError(f"Cannot interpret feed_dict key as Tensor: {exc.args[0]}") from None
        tensor = tensor._as_tensor() if hasattr(tensor, "_as_tensor") else tensor
        if not isinstance(tensor, Tensor):
            raise TypeError(f"Cannot interpret feed_dict key as Tensor: {_not_a_tensor(key)}")
        if isinstance(value, (Tensor, core.Handle)):
            raise TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed values include "
                            "Python scalars, strings, lists, numpy ndarrays, or TensorHandles. For reference, "
                            f"the tensor object was {value} which was passed to the argument `feed_dict` with "
                            f"key {tensor}.")
        array = np.asarray(value, dtype=tensor.dtype.np)
        if not tensor.shape.compatible_with(array.shape):
            raise ValueError(f"Cannot feed value of shape {array.shape} for Tensor {tensor.name}, "
                             f"which has shape {tensor.shape}")
        feeds[tensor.node] = array
    return feeds


def _not_a_tensor(key) -> str:
    if isinstance(key, str):
        return (f"The name '{key}' looks like an (invalid) Operation name, not a Tensor. Tensor names must "
                'be of the form "<op_name>:<output_index>".')
    return f"Can not convert a {type(key).__name__} into a Tensor."


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


def _flatten(fetches: Any, nodes: list, graph):
    """The fetch structure with each leaf replaced by its index in ``nodes``; names
    (``"loss:0"``, ``"init"``) are looked up in ``graph``."""
    if isinstance(fetches, (list, tuple)) and not hasattr(fetches, "_fields"):
        return (type(fetches), [_flatten(f, nodes, graph) for f in fetches])
    if hasattr(fetches, "_fields"):  # namedtuple
        return (type(fetches), [_flatten(f, nodes, graph) for f in fetches], "namedtuple")
    if isinstance(fetches, dict):
        return (dict, {k: _flatten(v, nodes, graph) for k, v in fetches.items()})
    if isinstance(fetches, str):
        fetches = _by_name(graph, fetches)
    if isinstance(fetches, Tensor) and fetches.graph is not None and fetches.graph is not graph:
        raise ValueError(f"Argument `fetch` = {fetches} cannot be interpreted as a Tensor. (Tensor {fetches} "
                         "is not an element of this graph.)")
    if isinstance(fetches, Operation):  # computed for its effects, fetched as None
        nodes.append((fetches._effect, False))
        return len(nodes) - 1
    if isinstance(fetches, IndexedSlices):  # fetched as TF's IndexedSlicesValue
        flat = [_flatten(p, nodes, graph) for p in (fetches.values, fetches.indices)]
        if fetches.dense_shape is None:  # fetched as None, as TF's
            nodes.append((core.Effect([]), False))
            flat.append(len(nodes) - 1)
        else:
            flat.append(_flatten(fetches.dense_shape, nodes, graph))
        return (IndexedSlicesValue, flat, "namedtuple")
    if hasattr(fetches, "_as_tensor"):
        fetches = fetches._as_tensor()
    if isinstance(fetches, Tensor):
        nodes.append((fetches.node, True))
        return len(nodes) - 1
    if fetches is None:
        raise TypeError('Argument `fetch` = None has invalid type "NoneType". Cannot be None')
    kind = type(fetches).__name__
    raise TypeError(f"Argument `fetch` = {fetches!r} has invalid type \"{kind}\" must be a string or "
                    f"Tensor. (Can not convert a {kind} into a Tensor or Operation.)")


def _by_name(graph, name: str):
    """A fetch given by name: a tensor ``"op:0"`` or an operation ``"op"``."""
    try:
        return graph.get_tensor_by_name(name) if ":" in name else graph.get_operation_by_name(name)
    except (KeyError, ValueError) as exc:
        raise ValueError(f"Argument `fetch` = {name} cannot be interpreted as a Tensor. ({exc})") from None


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
