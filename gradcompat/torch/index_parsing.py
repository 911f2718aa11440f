"""torch's parsing of an index ``x[index]`` into a basic part and an advanced part.

torch (``applySlicing`` in python_variable_indexing.cpp) applies the basic items first
(ints select, slices, ``None`` and python / 0-d bools unsqueeze), then indexes the result
with the tensor items at the dims they landed on. This differs from numpy, where ints
count as advanced indices: ``z[0, :, [0, 1]]`` is (3, 2) in torch and (2, 3) in numpy.
So an index becomes ``y = x[basic]`` (basic indexing only) and then ``y[key]`` with
integer arrays at the dims in ``advanced`` and full slices elsewhere.

Bool masks (and python bools, which index a new dim of size 1 with ``[0]`` or ``[]``)
become integer arrays here, so masks need concrete values. torch's bounds, shape and
type errors are raised before JAX sees the index (JAX clamps out-of-range indices).
"""
from __future__ import annotations

import builtins
import dataclasses
import warnings

import numpy as np

from .tensor import Tensor

_SEQUENCE_WARNING = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed in pytorch 2.9; use "
    "x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be interpreted as tensor index, x[torch.tensor(seq)], "
    "which will result either in an error or a different result (Triggered internally at "
    "/__w/pytorch/pytorch/torch/csrc/autograd/python_variable_indexing.cpp:{}.)")
_UINT8_WARNING = ("indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead. "
                  "(Triggered internally at /__w/pytorch/pytorch/aten/src/ATen/native/IndexingUtils.h:37.)")
_BAD_ITEM = "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got {})"
_BAD_TENSOR = "tensors used as indices must be long, int, byte or bool tensors"


@dataclasses.dataclass
class ParsedIndex:
    """``x[index]`` as ``x[basic][key]``: ``basic`` holds ints, slices and None only (no
    ellipsis), ``arrays[k]`` (int64) indexes dim ``advanced[k]`` of ``x[basic]``."""

    basic: tuple
    advanced: tuple[int, ...]
    arrays: list[np.ndarray]
    basic_shape: tuple[int, ...]


def parse(index, shape: tuple[int, ...]) -> ParsedIndex:
    """Parse ``index`` for a tensor of ``shape`` as torch does; raises torch's errors."""
    parts = _top_level_parts(index)
    ndim = len(shape)
    if ndim == 0 and not isinstance(index, tuple):  # torch's fast paths for a lone int or slice
        if _is_int(index):
            if index == 0:
                raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                                 "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
            raise IndexError(f"index {index} is out of bounds for dimension 0 with size 0")
        if isinstance(index, slice):
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    items = [_classify(p) for p in parts]
    specified = builtins.sum(n for _, _, n in items)
    if specified > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    basic, advanced, arrays, masks = [], [], [], []
    src, out = 0, 0  # dims of x consumed; dims of x[basic] made
    seen_ellipsis = False
    for position, (kind, value, consumed) in enumerate(items):
        if kind == "none":
            basic.append(None)
            out += 1
        elif kind == "ellipsis":
            rest = ndim - specified
            if seen_ellipsis and rest and builtins.any(n for _, _, n in items[position + 1:]):
                raise IndexError("gradcompat.torch does not support a second '...' followed by more indices")
            if not seen_ellipsis:
                basic.extend([slice(None)] * rest)
                src, out = src + rest, out + rest
            seen_ellipsis = True
        elif kind == "bool":  # unsqueeze, then index the new dim with [0] (True) or [] (False)
            basic.append(None)
            advanced.append(out)
            arrays.append(np.zeros(1 if value else 0, np.int64))
            out += 1
        elif kind == "int":
            size = shape[src]
            if not -size <= value < size:  # torch names the item's position in the index
                raise IndexError(f"index {value} is out of bounds for dimension {position} with size {size}")
            basic.append(value)
            src += 1
        elif kind == "slice":
            basic.append(value)
            src, out = src + 1, out + 1
        elif kind == "mask":
            basic.extend([slice(None)] * consumed)
            masks.append((value, out, len(arrays)))
            for k, nz in enumerate(np.nonzero(value)):
                advanced.append(out + k)
                arrays.append(nz.astype(np.int64))
            src, out = src + consumed, out + consumed
        else:  # an integer array
            basic.append(slice(None))
            advanced.append(out)
            arrays.append(value)
            src, out = src + 1, out + 1
    basic_shape = np.empty(shape, np.bool_)[tuple(basic)].shape
    _check_masks(masks, basic_shape)
    _check_arrays(arrays, advanced, basic_shape)
    return ParsedIndex(tuple(basic), tuple(advanced), arrays, basic_shape)


def _top_level_parts(index) -> tuple:
    """torch's ``treatSequenceAsTuple``: a list holding tensors, sequences, slices, ``...``
    or None is a tuple of items (with torch's deprecation warning); other lists are one index."""
    if isinstance(index, tuple):
        return index
    if isinstance(index, (list, str)) and len(index) < 32:
        for v in index:  # the first item that makes it a tuple picks torch's source line
            if isinstance(v, (Tensor, np.ndarray, list, tuple, str, slice)) or v is None or v is Ellipsis:
                line = 349 if v is not None and v is not Ellipsis else 359
                warnings.warn(_SEQUENCE_WARNING.format(line), UserWarning, stacklevel=4)
                return tuple(index)
    return (index,)


def _is_int(item) -> bool:
    return isinstance(item, (int, np.integer)) and not isinstance(item, (builtins.bool, np.bool_))


def _classify(item) -> tuple[str, object, int]:
    """``(kind, value, dims of x it consumes)`` for one index item."""
    if item is None:
        return "none", None, 0
    if item is Ellipsis:
        return "ellipsis", None, 0
    if isinstance(item, (builtins.bool, np.bool_)):
        return "bool", builtins.bool(item), 0
    if _is_int(item):
        return "int", int(item), 1
    if isinstance(item, slice):
        return "slice", _slice(item), 1
    if isinstance(item, str):
        raise TypeError("new(): invalid data type 'str'")
    array = _as_array(item)
    if array is None:
        raise IndexError(_BAD_ITEM.format(type(item).__name__))
    if array.dtype == np.uint8:
        if array.ndim:
            warnings.warn(_UINT8_WARNING, UserWarning, stacklevel=5)
        array = array.astype(np.bool_)
    if array.dtype == np.bool_:
        if array.ndim == 0:
            return "bool", builtins.bool(array), 0
        return "mask", array, array.ndim
    if array.dtype not in (np.int64, np.int32):
        raise IndexError(_BAD_TENSOR)
    if array.ndim == 0 and not isinstance(item, list):
        return "int", int(array), 1  # a 0-d integer tensor selects, as an int does
    return "array", array.astype(np.int64), 1


def _as_array(item) -> np.ndarray | None:
    """A Tensor / numpy array / list (or nested tuple) index item as a numpy array (None if it is none of them).
    Lists are int64 (floats truncated, as torch's ``legacy_new_from_sequence``) unless all bools."""
    if isinstance(item, Tensor):
        return np.asarray(item._value)
    if isinstance(item, np.ndarray):
        return item
    if isinstance(item, (list, tuple)):  # a tuple inside the index is a sequence, as a list
        values = np.asarray([np.asarray(v._value) if isinstance(v, Tensor) else v for v in item])
        return values if values.dtype == np.bool_ else values.astype(np.int64)
    return None


def _slice(item: slice) -> slice:
    bounds = tuple(None if v is None else _slice_bound(v) for v in (item.start, item.stop, item.step))
    if bounds[2] is not None:
        if bounds[2] == 0:
            raise ValueError("slice step cannot be zero")
        if bounds[2] < 0:
            raise ValueError("step must be greater than zero")
    return slice(*bounds)


def _slice_bound(v) -> int:
    if isinstance(v, Tensor):
        if np.asarray(v._value).dtype.kind not in "iu" or v.numel() != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(v.item())
    return int(v)


def _check_masks(masks: list, basic_shape: tuple) -> None:
    for mask, dim, _ in masks:
        for k in range(mask.ndim):
            if dim + k >= len(basic_shape) or mask.shape[k] != basic_shape[dim + k]:
                raise IndexError(f"The shape of the mask {list(mask.shape)} at index {k} does not match the shape "
                                 f"of the indexed tensor {list(basic_shape)} at index {dim + k}")


def _check_arrays(arrays: list, advanced: list, basic_shape: tuple) -> None:
    try:
        np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        shapes = ", ".join(str(list(a.shape)) for a in arrays)
        raise IndexError(f"shape mismatch: indexing tensors could not be broadcast together with shapes "
                         f"{shapes}") from None
    if arrays:
        indexed = np.broadcast_shapes(*(a.shape for a in arrays))
        rest = [n for d, n in enumerate(basic_shape) if d not in advanced]
        if 0 in indexed or 0 in rest:
            return  # torch's kernel checks bounds per output element: none here
    for position, (array, dim) in enumerate(zip(arrays, advanced)):
        size = basic_shape[dim]
        bad = array[(array >= size) | (array < -size)]
        if bad.size:
            raise IndexError(f"index {bad.reshape(-1)[0]} is out of bounds for dimension {position} with size {size}")
