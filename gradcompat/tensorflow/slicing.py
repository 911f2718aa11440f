"""TF's slicing: ``tensor[...]``, ``tf.strided_slice`` and ``tf.slice`` (TF op StridedSlice / Slice).

An index is ints, slices, ``...``, ``tf.newaxis`` and scalar int tensors, as in TF; it
becomes a hashable spec (a static attribute). Int tensors of unknown value (TF1 graph
mode) are inputs of the op, indexed dynamically.
"""
from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from .array_ops import static_ints
from .op_errors import kernel_error
from .tensor import Tensor, convert_to_tensor, make_op

_INDEX_HELP = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar tf.int32/tf.int64 "
               "tensors are valid indices, got ")


def _index_from_spec(spec: tuple, dynamic: tuple):
    index = []
    for item in spec:
        kind = item[0]
        if kind == "int":
            index.append(item[1])
        elif kind == "slice":
            index.append(builtins.slice(*item[1:]))
        elif kind == "new":
            index.append(None)
        elif kind == "ellipsis":
            index.append(Ellipsis)
        else:
            index.append(dynamic[item[1]])
    return tuple(index)


def _getitem(x, *dynamic, spec: tuple):
    return x[_index_from_spec(spec, dynamic)]


def _slice_bound(value: Any):
    if value is None:
        return None
    if hasattr(value, "_as_tensor") or isinstance(value, Tensor):
        return static_ints(value)[0]
    return int(value)


def _spec_item(item: Any, dynamic: list) -> tuple:
    if item is None:
        return ("new",)
    if item is Ellipsis:
        return ("ellipsis",)
    if isinstance(item, builtins.slice):
        return ("slice", _slice_bound(item.start), _slice_bound(item.stop), _slice_bound(item.step))
    if isinstance(item, (bool, np.bool_)) or not isinstance(item, (int, np.integer, Tensor)) \
            and not hasattr(item, "_as_tensor"):
        raise TypeError(_INDEX_HELP + repr(item))
    if isinstance(item, (int, np.integer)):
        return ("int", int(item))
    t = convert_to_tensor(item)
    if not t.dtype.is_integer or t.shape.rank != 0:
        raise TypeError(_INDEX_HELP + repr(item))
    if t.node.value is not None:
        return ("int", int(t.numpy()))
    dynamic.append(t)
    return ("tensor", len(dynamic) - 1)


def _check_bounds(x: Tensor, spec: tuple) -> None:
    """TF's error for an int index outside its dimension."""
    dims = x.shape.dims
    if dims is None:
        return
    consumed = [item for item in spec if item[0] != "new"]
    if any(item[0] == "ellipsis" for item in consumed):
        at = [item[0] for item in consumed].index("ellipsis")
        positions = list(range(at)) + list(range(len(dims) - (len(consumed) - at - 1), len(dims)))
        consumed = consumed[:at] + consumed[at + 1:]
    else:
        positions = list(range(len(consumed)))
    for axis, item in zip(positions, consumed):
        if item[0] == "int" and dims[axis] is not None and not -dims[axis] <= item[1] < dims[axis]:
            raise kernel_error("StridedSlice", f"slice index {item[1]} of dimension {axis} out of bounds.",
                               name="strided_slice/")


def _slice_with_spec(x: Tensor, spec: tuple, dynamic: list, op_type: str, name: str | None) -> Tensor:
    _check_bounds(x, spec)
    return make_op(_getitem, [x, *dynamic], {"spec": spec}, op_type=op_type, name=name)


def getitem(tensor, index) -> Tensor:
    """``tensor[index]`` with TF's semantics (basic indexing; no lists or bool masks)."""
    x = convert_to_tensor(tensor)
    items = index if isinstance(index, tuple) else (index,)
    dynamic: list = []
    spec = tuple(_spec_item(item, dynamic) for item in items)
    return _slice_with_spec(x, spec, dynamic, "strided_slice", None)


def strided_slice(input_, begin, end, strides=None, begin_mask: int = 0, end_mask: int = 0, ellipsis_mask: int = 0,
                  new_axis_mask: int = 0, shrink_axis_mask: int = 0, var=None, name: str | None = None) -> Tensor:
    """``tf.strided_slice`` with its five bit masks."""
    x = convert_to_tensor(input_)
    begin, end = static_ints(begin), static_ints(end)
    strides = static_ints(strides) if strides is not None else (1,) * len(begin)
    spec = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            spec.append(("ellipsis",))
        elif new_axis_mask & bit:
            spec.append(("new",))
        elif shrink_axis_mask & bit:
            spec.append(("int", b))
        else:
            spec.append(("slice", None if begin_mask & bit else b, None if end_mask & bit else e, s))
    return _slice_with_spec(x, tuple(spec), [], "StridedSlice", name)


def slice(input_, begin, size, name: str | None = None) -> Tensor:  # noqa: A001 - TF's name
    """``tf.slice``: ``size`` -1 takes the rest of the dimension."""
    x = convert_to_tensor(input_)
    spec = tuple(("slice", b, None if s == -1 else b + s, None)
                 for b, s in zip(static_ints(begin), static_ints(size)))
    return _slice_with_spec(x, spec, [], "Slice", name)
