"""``Tensor.__getitem__``: basic (ints, slices, None, ...) and advanced (integer lists,
integer Tensors, bool masks) indexing, as numpy and MindSpore do it.

Slices are encoded into hashable static attributes; index arrays become node inputs. Bool
masks become integer indices when the tensor is indexed (their values decide the result's
shape), so they need concrete values.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..core import Constant, Node
from . import _tracing


def _array(value: Any, handle_type: type) -> np.ndarray | Node:
    if isinstance(value, handle_type):
        return value.node
    return np.asarray(value)


def _check_int(item: int, items: tuple, position: int, shape: tuple) -> None:
    """numpy's IndexError for an integer out of range (JAX would clamp it silently)."""
    if any(i is Ellipsis for i in items[:position]):
        return  # counted from the right; leave it to the dims before it
    dim = sum(1 for i in items[:position] if i is not None)
    if dim < len(shape) and not -shape[dim] <= item < shape[dim]:
        raise IndexError(f"index {item} is out of bounds for dimension with size {shape[dim]}")


def encode(index: Any, handle_type: type, shape: tuple) -> tuple[tuple, list[Node]]:
    """(spec, array nodes): ``spec`` is hashable; ``("a", k)`` refers to the k-th array."""
    items = index if isinstance(index, tuple) else (index,)
    spec: list = []
    arrays: list[Node] = []
    for position, item in enumerate(items):
        if item is None:
            spec.append(("n",))
        elif item is Ellipsis:
            spec.append(("e",))
        elif isinstance(item, slice):
            spec.append(("s", item.start, item.stop, item.step))
        elif isinstance(item, (bool, np.bool_)) or not isinstance(item, (int, np.integer)):
            array = _array(item, handle_type)
            if isinstance(array, Node) and np.dtype(array.aval.dtype) == np.bool_:
                _tracing.note_value_read(array)  # the mask's values decide the shape
                array = np.asarray(array.value)
            if isinstance(array, np.ndarray) and array.dtype == np.bool_:
                for positions in np.nonzero(array):  # a mask selects its True positions
                    spec.append(("a", len(arrays)))
                    arrays.append(Constant(positions))
                continue
            spec.append(("a", len(arrays)))
            arrays.append(array if isinstance(array, Node) else Constant(array))
        else:
            _check_int(int(item), items, position, shape)
            spec.append(("i", int(item)))
    return tuple(spec), arrays


def _decode(item: tuple, arrays: tuple):
    kind = item[0]
    if kind == "n":
        return None
    if kind == "e":
        return Ellipsis
    if kind == "s":
        return slice(*item[1:])
    if kind == "a":
        return arrays[item[1]]
    return item[1]


def index(x, *arrays, spec: tuple):
    """``x[index]`` for an encoded index."""
    return x[tuple(_decode(item, arrays) for item in spec)]


def set_index(x, value, *arrays, spec: tuple):
    """``x`` with ``x[index] = value`` (value broadcast and cast to x's dtype)."""
    return x.at[tuple(_decode(item, arrays) for item in spec)].set(value.astype(x.dtype))
