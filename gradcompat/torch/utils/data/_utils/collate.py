"""``default_collate`` and ``default_convert``: torch's rules for turning a list of samples
into a batch (and a single sample into tensors), with torch's output structures and errors.

- tensors are stacked (``torch.stack``); numpy arrays and numpy scalars are stacked in numpy and
  become one tensor of their dtype; python ints -> int64 (bools -> bool), floats -> float64;
- strings (and bytes) stay a list; dicts are collated per key, namedtuples per field, tuples
  and lists per position (tuples become lists, as in torch);
- anything else is torch's TypeError.
"""
from __future__ import annotations

import collections.abc
import copy
import re
from typing import Any, Callable

import numpy as np

from ..... import data as _data
from .... import dtypes
from ....functions import _leaf
from ....tensor import Tensor

_STRING_DTYPE = re.compile(r"[SaUO]")
_ERR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


def _from_numpy(array: np.ndarray) -> Tensor:
    return _leaf(array, dtypes.from_numpy(array.dtype), False)


def _check_sizes(shapes: list[tuple]) -> None:
    for i, shape in enumerate(shapes[1:], 1):
        if shape != shapes[0]:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(shapes[0])} at "
                               f"entry 0 and {list(shape)} at entry {i}")


def collate_tensor_fn(batch, *, collate_fn_map=None) -> Tensor:
    from .... import stack
    return stack(list(batch), 0)


def collate_numpy_array_fn(batch, *, collate_fn_map=None) -> Tensor:
    """Arrays (not of strings) stacked in numpy: one tensor of their dtype."""
    elem = batch[0]
    if _STRING_DTYPE.search(elem.dtype.str) is not None:
        raise TypeError(_ERR.format(elem.dtype))
    _check_sizes([tuple(np.shape(b)) for b in batch])
    return _from_numpy(np.stack(batch))


def collate_numpy_scalar_fn(batch, *, collate_fn_map=None) -> Tensor:
    return _from_numpy(np.asarray(batch))


def collate_float_fn(batch, *, collate_fn_map=None) -> Tensor:
    return _from_numpy(np.asarray(batch, dtype=np.float64))


def collate_int_fn(batch, *, collate_fn_map=None) -> Tensor:
    from .... import tensor
    return tensor(batch)


def collate_str_fn(batch, *, collate_fn_map=None) -> list:
    return batch


def collate(batch, *, collate_fn_map: dict[type | tuple, Callable] | None = None):
    """Collate ``batch`` by the type of its first element, looking types up in
    ``collate_fn_map`` (exact type first, then ``isinstance`` in the map's order), and
    recursing into mappings, namedtuples and sequences (torch's ``collate``)."""
    elem = batch[0]
    elem_type = type(elem)
    if collate_fn_map is not None:
        if elem_type in collate_fn_map:
            return collate_fn_map[elem_type](batch, collate_fn_map=collate_fn_map)
        for collate_type, fn in collate_fn_map.items():
            if isinstance(elem, collate_type):
                return fn(batch, collate_fn_map=collate_fn_map)
    if isinstance(elem, collections.abc.Mapping):
        try:
            if isinstance(elem, collections.abc.MutableMapping):
                clone = copy.copy(elem)
                clone.update({key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map)
                              for key in elem})
                return clone
            return elem_type({key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map)
                              for key in elem})
        except TypeError:
            return {key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map) for key in elem}
    if _data.structure.is_namedtuple(elem):
        return elem_type(*(collate(samples, collate_fn_map=collate_fn_map) for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        it = iter(batch)
        elem_size = len(next(it))
        if not all(len(e) == elem_size for e in it):
            raise RuntimeError("each element in list of batch should be of equal size")
        transposed = list(zip(*batch))
        if isinstance(elem, tuple):
            return [collate(samples, collate_fn_map=collate_fn_map) for samples in transposed]
        try:
            if isinstance(elem, collections.abc.MutableSequence):
                clone = copy.copy(elem)
                for i, samples in enumerate(transposed):
                    clone[i] = collate(samples, collate_fn_map=collate_fn_map)
                return clone
            return elem_type([collate(samples, collate_fn_map=collate_fn_map) for samples in transposed])
        except TypeError:
            return [collate(samples, collate_fn_map=collate_fn_map) for samples in transposed]
    raise TypeError(_ERR.format(elem_type))


default_collate_fn_map: dict[type | tuple, Callable] = {
    Tensor: collate_tensor_fn,
    np.ndarray: collate_numpy_array_fn,
    (np.bool_, np.number, np.object_): collate_numpy_scalar_fn,
    float: collate_float_fn,
    int: collate_int_fn,
    str: collate_str_fn,
    bytes: collate_str_fn,
}


def default_collate(batch):
    """``torch.utils.data.default_collate``: see the module docstring."""
    return collate(batch, collate_fn_map=default_collate_fn_map)


def default_convert(data):
    """``torch.utils.data.default_convert``: numpy arrays (not of strings) and numpy scalars
    become tensors, containers are converted per element (tuples become lists), anything else
    is returned as it is."""
    if isinstance(data, Tensor):
        return data
    if isinstance(data, np.ndarray) or (isinstance(data, np.generic) and not isinstance(data, (np.str_, np.bytes_))):
        array = np.asarray(data)
        if array.dtype.kind in "SaUO" or _STRING_DTYPE.search(array.dtype.str) is not None:
            return data
        return _from_numpy(array)
    if isinstance(data, collections.abc.Mapping):
        try:
            if isinstance(data, collections.abc.MutableMapping):
                clone = copy.copy(data)
                clone.update({key: default_convert(data[key]) for key in data})
                return clone
            return type(data)({key: default_convert(data[key]) for key in data})
        except TypeError:
            return {key: default_convert(data[key]) for key in data}
    if _data.structure.is_namedtuple(data):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        try:
            if isinstance(data, collections.abc.MutableSequence):
                clone = copy.copy(data)
                for i, d in enumerate(data):
                    clone[i] = default_convert(d)
                return clone
            return type(data)([default_convert(d) for d in data])
        except TypeError:
            return [default_convert(d) for d in data]
    return data

