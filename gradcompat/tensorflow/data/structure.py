"""Elements of a ``tf.data`` pipeline: nested structures (tuples, dicts, namedtuples) whose leaves
are tensors, described by a nested ``element_spec`` of ``TensorSpec`` (or ``DatasetSpec``).

Inside the pipeline an element travels as a flat tuple of numpy arrays, one per leaf of the spec
(``tf.nest`` order: dict values by sorted key); users see it packed, as eager tensors.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax.numpy as jnp
import numpy as np

from ... import core
from ..nest import flatten, pack_sequence_as
from ..dtypes import DType, as_dtype
from ..shapes import TensorShape
from ..tensor import Tensor, convert_to_tensor
from ..tensor_spec import TensorSpec


class DatasetSpec:
    """The spec of an element that is itself a dataset (``window``'s elements)."""

    def __init__(self, element_spec, dataset_shape=()):
        self.element_spec = element_spec
        self.shape = TensorShape(list(dataset_shape))

    def __repr__(self) -> str:
        return f"DatasetSpec({self.element_spec!r}, {self.shape!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, DatasetSpec) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))


def normalize(value: Any) -> Any:
    """``value`` with its leaves as tensors: tuples, dicts and namedtuples are structure, a list
    (or anything else) is one tensor, as TF reads a dataset's input."""
    if isinstance(value, dict):
        return type(value)((k, normalize(v)) for k, v in value.items())
    if isinstance(value, tuple):
        items = [normalize(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if hasattr(value, "_as_tensor"):
        return value._as_tensor()
    if isinstance(value, Tensor) or _is_dataset(value):
        return value
    if not isinstance(value, (list, core.Handle)) and hasattr(value, "__array__"):
        array = np.array(value)  # numpy arrays, pandas columns: their own dtype; a copy, as TF takes one
        if array.dtype.kind in "biuf":
            return Tensor(core.Constant(array), as_dtype(array.dtype), TensorShape(array.shape))
    return convert_to_tensor(value)


def any_symbolic(leaves: Sequence[Any]) -> bool:
    """Whether some leaf is a graph tensor without a value yet (TF1: a placeholder, or ops on one)."""
    return any(isinstance(v, Tensor) and v.node.value is None for v in leaves)


def evaluate(leaves: Sequence[Any], feeds: dict) -> list:
    """The values of (graph) tensor leaves for these core feeds."""
    return [np.asarray(v) for v in core.run([leaf.node for leaf in leaves], feeds)]


def _is_dataset(value: Any) -> bool:
    return hasattr(value, "element_spec") and hasattr(value, "_flat_elements")


def spec_of(value: Any):
    """The spec of one normalized leaf."""
    if _is_dataset(value):
        return DatasetSpec(value.element_spec)
    return TensorSpec(value.shape, value.dtype)


def specs_of(structure: Any) -> Any:
    """The nested spec of a normalized structure."""
    return pack_sequence_as(structure, [spec_of(v) for v in flatten(structure)])


def host(value: Any):
    """A leaf's value as the pipeline carries it (numpy on the host; datasets as they are)."""
    if isinstance(value, Tensor):
        if value.node.value is None:
            raise TypeError("A dataset can only be built from eager tensors here (a known difference: "
                            f"got the symbolic {value!r}).")
        return np.asarray(value.node.value)
    return value


def to_tensor(value: Any, spec) -> Any:
    """An eager tensor of ``spec``'s dtype holding ``value`` (a dataset leaf passes through)."""
    if isinstance(spec, DatasetSpec):
        return value
    array = jnp.asarray(value, dtype=spec.dtype.np)
    return Tensor(core.Constant(array), spec.dtype, TensorShape(array.shape))


def pack(spec: Any, flat: Sequence[Any]) -> Any:
    """A flat element as the user sees it: the spec's structure with eager tensors."""
    leaves = flatten(spec)
    return pack_sequence_as(spec, [to_tensor(v, s) for v, s in zip(flat, leaves)])


def pack_numpy(spec: Any, flat: Sequence[Any]) -> Any:
    """A flat element as ``as_numpy_iterator`` gives it (numpy scalars for rank 0)."""
    leaves = flatten(spec)
    out = []
    for v, s in zip(flat, leaves):
        if isinstance(s, DatasetSpec):
            out.append(v)
            continue
        array = np.asarray(v, dtype=s.dtype.np)
        out.append(array[()] if array.ndim == 0 else array)
    return pack_sequence_as(spec, out)


def spec_text(spec: Any) -> str:
    """A spec structure as TF prints it (``repr`` of tuples and dicts of specs)."""
    return repr(spec)


def is_compatible(a: Any, b: Any) -> bool:
    """Whether two nested specs have the same structure and dtypes."""
    try:
        fa, fb = flatten(a), flatten(b)
        if len(fa) != len(fb) or repr(pack_sequence_as(a, range(len(fa)))) != repr(pack_sequence_as(b, range(len(fb)))):
            return False
    except (TypeError, ValueError, StopIteration):
        return False
    return all(type(x) is type(y) and (not isinstance(x, TensorSpec) or x.dtype == y.dtype) for x, y in zip(fa, fb))


def most_specific_compatible(a: TensorSpec, b: TensorSpec) -> TensorSpec:
    """The shape two specs share (dims that differ become None), as ``concatenate`` gives."""
    da, db = a.shape.dims, b.shape.dims
    if da is None or db is None or len(da) != len(db):
        return TensorSpec(None, a.dtype)
    return TensorSpec([x if x == y else None for x, y in zip(da, db)], a.dtype)


def flatten_up_to(spec: Any, value: Any) -> list:
    """``value`` split at the spec's leaves (a leaf of ``value`` there may be a list: a shape)."""
    if isinstance(spec, dict):
        return [x for k in sorted(spec) for x in flatten_up_to(spec[k], value[k])]
    if isinstance(spec, tuple):
        return [x for s, v in zip(spec, value) for x in flatten_up_to(s, v)]
    return [value]


def signature_of(output_types, output_shapes) -> Any:
    """The TensorSpec structure of TF1-style ``output_types`` and ``output_shapes`` (unknown shapes
    when no shapes are given)."""
    types = flatten(output_types)
    if output_shapes is None:
        shapes = [None] * len(types)
    elif isinstance(output_types, DType):
        shapes = [output_shapes]
    else:
        shapes = flatten_up_to(output_types, output_shapes)
    return pack_sequence_as(output_types, [
        TensorSpec(s if s is None or isinstance(s, TensorShape) else list(s), t) for t, s in zip(types, shapes)])
