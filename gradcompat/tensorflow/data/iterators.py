"""Iterating a dataset: eagerly (``iter(ds)``, ``for x in ds``), inside a ``tf.function`` trace,
and in TF1 graphs (``make_one_shot_iterator`` / ``make_initializable_iterator``, whose
``get_next()`` tensors ``Session.run`` fills with the next element).

Inside ``tf.function`` (no AutoGraph here) a Python loop over a dataset is unrolled: each element
drawn while tracing becomes placeholders that each call of the traced function fills from a new
pass over the dataset (a known difference: TF runs one loop op; the pass must give as many
elements of the same shapes as when traced)."""
from __future__ import annotations

import weakref
from typing import Iterator

import numpy as np

from ... import core
from .. import tracing
from .. import errors
from ..errors import OutOfRangeError
from ..graph import executing_eagerly, get_default_graph
from ..nest import flatten, pack_sequence_as
from ..operations import Operation
from ..shapes import TensorShape
from ..tensor import Tensor, wrap
from . import structure


class OwnedIterator:
    """What ``iter(dataset)`` gives eagerly: elements as eager tensors, then StopIteration."""

    def __init__(self, dataset):
        self._dataset = dataset
        self._elements = dataset._start_iteration()

    @property
    def element_spec(self):
        return self._dataset.element_spec

    def __iter__(self) -> "OwnedIterator":
        return self

    def __next__(self):
        return structure.pack(self._dataset.element_spec, next(self._elements))

    def get_next(self):
        """The next element; TF's OutOfRangeError at the end."""
        try:
            return next(self)
        except StopIteration:
            raise OutOfRangeError(None, None, "End of sequence") from None

    def __repr__(self) -> str:
        return f"<tensorflow.python.data.ops.iterator_ops.OwnedIterator object at {hex(id(self))}>"


class NumpyIterator:
    """``as_numpy_iterator()``: elements as numpy values, structure kept."""

    def __init__(self, dataset):
        self._iterator = OwnedIterator(dataset)

    def __iter__(self) -> "NumpyIterator":
        return self

    def __next__(self):
        return structure.pack_numpy(self._iterator.element_spec, next(self._iterator._elements))

    def __repr__(self) -> str:
        return f"NumpyIterator(iterator={self._iterator!r})"


class _TracedIterator:
    """``iter(dataset)`` inside a ``tf.function`` trace: symbolic elements, fed at each call."""

    def __init__(self, dataset, trace: tracing.Trace):
        self._dataset = dataset
        self._probe = dataset._start_iteration()  # drawn while tracing: how many elements, which shapes
        self._placeholders: list[list[core.Placeholder]] = []
        self._exhausted = False
        trace.feeders.append(self._feeds)

    def __iter__(self) -> "_TracedIterator":
        return self

    def __next__(self):
        if len(self._placeholders) >= _UNROLL_LIMIT:
            raise ValueError(f"A loop over a tf.data.Dataset inside tf.function drew more than {_UNROLL_LIMIT} "
                             "elements while tracing. Without AutoGraph such a loop is unrolled here: iterate the "
                             "dataset outside the function and call the function once per element instead.")
        try:
            flat = next(self._probe)
        except StopIteration:
            self._exhausted = True
            raise
        specs = flatten(self._dataset.element_spec)
        nodes, leaves = [], []
        for value, spec in zip(flat, specs):
            shape = np.shape(value)
            node = core.Placeholder(shape, spec.dtype.np, name="IteratorGetNext")
            nodes.append(node)
            leaves.append(wrap(node, spec.dtype, TensorShape(shape), "IteratorGetNext"))
        self._placeholders.append(nodes)
        return pack_sequence_as(self._dataset.element_spec, leaves)

    def _feeds(self) -> dict:
        feeds = {}
        elements = self._dataset._start_iteration()
        for nodes in self._placeholders:
            flat = next(elements, None)
            if flat is None or any(np.shape(v) != n.aval.shape for v, n in zip(flat, nodes)):
                raise _changed()
            feeds.update(zip(nodes, (np.asarray(v) for v in flat)))
        if self._exhausted and next(elements, None) is not None:
            raise _changed()
        return feeds


_UNROLL_LIMIT = 1000  # elements a traced loop may unroll (an endless dataset must not hang the trace)


def _changed() -> ValueError:
    return ValueError("The dataset iterated inside this tf.function gave other elements than when the function "
                      "was traced (a known difference: without AutoGraph the loop is unrolled at trace time).")


def iterator_for(dataset):
    """``iter(dataset)``: eager, traced inside tf.function, refused in a TF1 graph as by TF."""
    trace = tracing.current()
    if trace is not None:
        return _TracedIterator(dataset, trace)
    if not executing_eagerly():
        raise RuntimeError("`tf.data.Dataset` only supports Python-style iteration in eager mode or within "
                           "tf.function.")
    return OwnedIterator(dataset)


# ---------------------------------------------------------------------- TF1 graph iterators

_get_next_nodes: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # placeholder -> _GetNext
_initializer_nodes: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # effect -> Iterator


class _GetNext:
    """One ``get_next()`` op: its placeholders, filled with one element per session run."""

    def __init__(self, iterator: "Iterator_", nodes: list):
        self.iterator = iterator
        self.nodes = nodes


class Iterator_:
    """``tf.compat.v1.data.Iterator``: ``get_next()`` gives graph tensors; each ``Session.run``
    that needs them draws the next element (TF's OutOfRangeError at the end)."""

    def __init__(self, dataset, initializable: bool, element_spec=None):
        self._dataset = dataset
        self._spec = dataset.element_spec if dataset is not None else element_spec
        self._elements: Iterator[tuple] | None = None if initializable else dataset._start_iteration()
        self._initializable = initializable
        self._initializer = None

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None) -> "Iterator_":
        """``tf.compat.v1.data.Iterator.from_structure``: an iterator that ``make_initializer(dataset)``
        points at a dataset of that structure (a reinitializable iterator)."""
        return Iterator_(None, True, structure.signature_of(output_types, output_shapes))

    def make_initializer(self, dataset, name: str | None = None) -> Operation:
        """An operation that starts a pass over ``dataset`` (TF's TypeError when its structure differs)."""
        if not structure.is_compatible(self._spec, dataset.element_spec):
            raise TypeError(f"Expected output types {_types(self._spec)!r} but got dataset with output types "
                            f"{_types(dataset.element_spec)!r}.")
        effect = core.Effect([], after=[])
        _initializer_nodes[effect] = (self, dataset)
        return Operation(get_default_graph().unique_name(name or "MakeIterator"), "MakeIterator", effect)

    @property
    def element_spec(self):
        return self._spec

    @property
    def output_types(self):
        return _types(self._spec)

    @property
    def output_shapes(self):
        return pack_sequence_as(self._spec, [s.shape for s in flatten(self._spec)])

    @property
    def initializer(self) -> Operation:
        if not self._initializable:
            raise ValueError("The iterator does not have an initializer. This means it was likely created using "
                             "`tf.data.Dataset.make_one_shot_iterator()`. For an initializable iterator, use "
                             "`tf.data.Dataset.make_initializable_iterator()` instead.")
        if self._initializer is None:
            self._initializer = self.make_initializer(self._dataset)
        return self._initializer

    def get_next(self, name: str | None = None):
        graph = get_default_graph()
        op_name = graph.unique_name(name or "IteratorGetNext")
        specs = flatten(self._spec)
        nodes, leaves = [], []
        for i, spec in enumerate(specs):
            dims = spec.shape.dims
            node = core.Placeholder(dims if dims is not None else (None,), spec.dtype.np, name=op_name)
            if dims is None or None in dims:
                node._aval = None
            nodes.append(node)
            tensor = Tensor(node, spec.dtype, spec.shape, f"{op_name}:{i}")
            graph.register(tensor)
            leaves.append(tensor)
        get_next = _GetNext(self, nodes)
        for node in nodes:
            _get_next_nodes[node] = get_next
        return pack_sequence_as(self._spec, leaves)

    def _reset(self, dataset, feeds: dict) -> None:
        bind_graph_inputs(dataset, feeds)
        self._dataset = dataset
        self._elements = dataset._start_iteration()

    def _next_flat(self) -> tuple:
        if self._elements is None:
            raise _graph_error("FailedPreconditionError", "GetNext() failed because the iterator has not been "
                               "initialized. Ensure that you have run the initializer operation for this iterator "
                               "before getting the next element.")
        flat = next(self._elements, None)
        if flat is None:
            raise _graph_error("OutOfRangeError", "End of sequence")
        return flat


def _types(spec):
    return pack_sequence_as(spec, [s.dtype for s in flatten(spec)])


def _graph_error(kind: str, text: str):
    return getattr(errors, kind)(None, None, f"Graph execution error:\n\n{text}\n\t [[{{{{node IteratorGetNext}}}}]]")


def bind_graph_inputs(dataset, feeds: dict) -> None:
    """TF1: give the graph tensors a pipeline was built from their values for these feeds (what
    running an iterator's initializer does)."""
    stack, seen = [dataset], set()
    while stack:
        d = stack.pop()
        if id(d) in seen:
            continue
        seen.add(id(d))
        if hasattr(d, "_bind"):
            d._bind(feeds)
        stack.extend(getattr(d, "_parts", ()))
        if hasattr(getattr(d, "_input", None), "_flat_elements"):
            stack.append(d._input)


def make_one_shot_iterator(dataset) -> Iterator_:
    """``tf.compat.v1.data.make_one_shot_iterator(dataset)``."""
    if executing_eagerly():
        raise RuntimeError("dataset.make_one_shot_iterator is not supported when eager execution is enabled. "
                           "Use `for element in dataset` instead.")
    try:
        bind_graph_inputs(dataset, {})
    except core.MissingFeed as exc:
        name = exc.placeholder.name
        raise ValueError(f"Cannot capture a placeholder (name:{name}, type:Placeholder) by value.") from None
    return Iterator_(dataset, initializable=False)


def make_initializable_iterator(dataset, shared_name=None) -> Iterator_:
    """``tf.compat.v1.data.make_initializable_iterator(dataset)``: run ``iterator.initializer``
    to start (or restart) a pass."""
    if executing_eagerly():
        raise RuntimeError("dataset.make_initializable_iterator is not supported when eager execution is "
                           "enabled. Use `for element in dataset` instead.")
    return Iterator_(dataset, initializable=True)


def session_feeds(fetched, inputs, feeds: dict) -> dict:
    """For ``Session.run``: restart the iterators whose initializer is fetched, then the next
    element of each ``get_next()`` op the run needs, as feeds."""
    for node in fetched:
        target = _initializer_nodes.get(node)
        if target is not None:
            iterator, dataset = target
            iterator._reset(dataset, feeds)
    extra: dict = {}
    seen: set = set()
    for node in inputs:
        get_next = _get_next_nodes.get(node) if isinstance(node, core.Placeholder) else None
        if get_next is None or node in feeds or id(get_next) in seen:
            continue
        seen.add(id(get_next))
        flat = get_next.iterator._next_flat()
        extra.update(zip(get_next.nodes, (np.asarray(v) for v in flat)))
    return extra
