"""``mindspore.numpy`` shape and indexing functions: ``reshape``, ``transpose``,
``concatenate``, ``stack``, ``split``, ``expand_dims``, ``squeeze``, ``where``, ``take`` ...;
the dialect's ops where one exists, ``jax.numpy``'s function through one kernel otherwise."""
from __future__ import annotations

import builtins
from typing import Any, Sequence

import numpy as np

from ..ops import functional as F
from ..ops.array_ops import split_tensor
from ..tensor import Tensor
from ._common import numpy_op, to_tensor


def reshape(x: Any, new_shape: Any) -> Tensor:
    """``mindspore.numpy.reshape(x, new_shape)`` (one ``-1`` is inferred)."""
    return F.reshape(to_tensor(x), (new_shape,) if isinstance(new_shape, builtins.int) else tuple(new_shape))


def ravel(x: Any) -> Tensor:
    """``mindspore.numpy.ravel(x)``."""
    return reshape(x, (-1,))


def transpose(a: Any, axes: Any = None) -> Tensor:
    """``mindspore.numpy.transpose(a, axes=None)``: reversed axes by default."""
    a = to_tensor(a)
    return F.transpose(a, tuple(range(a.ndim))[::-1] if axes is None else tuple(axes))


def swapaxes(x: Any, axis1: int, axis2: int) -> Tensor:
    """``mindspore.numpy.swapaxes(x, axis1, axis2)``."""
    x = to_tensor(x)
    perm = list(range(x.ndim))
    perm[axis1], perm[axis2] = perm[axis2], perm[axis1]
    return F.transpose(x, tuple(perm))


def moveaxis(a: Any, source: Any, destination: Any) -> Tensor:
    """``mindspore.numpy.moveaxis(a, source, destination)``."""
    a = to_tensor(a)
    as_list = lambda v: [int(x) % a.ndim for x in (v if isinstance(v, (list, tuple)) else [v])]  # noqa: E731
    source, destination = as_list(source), as_list(destination)
    perm = [n for n in range(a.ndim) if n not in source]
    for dest, src in sorted(zip(destination, source)):
        perm.insert(dest, src)
    perm = tuple(perm)
    return F.transpose(a, perm)


def expand_dims(a: Any, axis: Any) -> Tensor:
    """``mindspore.numpy.expand_dims(a, axis)`` (an int or a tuple of ints)."""
    a = to_tensor(a)
    for ax in sorted(axis if isinstance(axis, (list, tuple)) else (axis,)):
        a = F.expand_dims(a, ax)
    return a


def squeeze(a: Any, axis: Any = None) -> Tensor:
    """``mindspore.numpy.squeeze(a, axis=None)``."""
    return F.squeeze(to_tensor(a), axis)


def concatenate(arrays: Sequence[Any], axis: int | None = 0) -> Tensor:
    """``mindspore.numpy.concatenate(arrays, axis=0)`` (``axis=None`` joins flattened arrays)."""
    tensors = [to_tensor(a) for a in arrays]
    if axis is None:
        tensors, axis = [t.reshape(-1) for t in tensors], 0
    return F.concat(tensors, axis)


def stack(arrays: Sequence[Any], axis: int = 0) -> Tensor:
    """``mindspore.numpy.stack(arrays, axis=0)``."""
    return F.stack([to_tensor(a) for a in arrays], axis)


def atleast_1d(*arys: Any) -> Any:
    """``mindspore.numpy.atleast_1d(*arys)``."""
    out = [to_tensor(a).reshape(-1) if to_tensor(a).ndim == 0 else to_tensor(a) for a in arys]
    return out[0] if len(out) == 1 else out


def atleast_2d(*arys: Any) -> Any:
    """``mindspore.numpy.atleast_2d(*arys)``."""
    out = []
    for a in arys:
        a = to_tensor(a)
        out.append(a.reshape((1,) * (2 - a.ndim) + a.shape) if a.ndim < 2 else a)
    return out[0] if len(out) == 1 else out


def atleast_3d(*arys: Any) -> Any:
    """``mindspore.numpy.atleast_3d(*arys)`` (a 1-D array becomes (1, N, 1), a 2-D one (M, N, 1))."""
    out = []
    for a in arys:
        a = to_tensor(a)
        shape = {0: (1, 1, 1), 1: (1,) + a.shape + (1,), 2: a.shape + (1,)}.get(a.ndim, a.shape)
        out.append(a.reshape(shape))
    return out[0] if len(out) == 1 else out


def hstack(tup: Sequence[Any]) -> Tensor:
    """``mindspore.numpy.hstack(tup)``."""
    tensors = [to_tensor(t) for t in tup]
    return concatenate(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tup: Sequence[Any]) -> Tensor:
    """``mindspore.numpy.vstack(tup)``."""
    return concatenate(atleast_2d(*tup) if len(tup) > 1 else [atleast_2d(tup[0])], 0)


def column_stack(tup: Sequence[Any]) -> Tensor:
    """``mindspore.numpy.column_stack(tup)``."""
    tensors = [to_tensor(t) for t in tup]
    return concatenate([t.reshape(-1, 1) if t.ndim == 1 else t for t in tensors], 1)


def _pieces(x: Tensor, sizes: Sequence[int], axis: int) -> tuple:
    return split_tensor(x, tuple(sizes), axis % x.ndim)


def split(x: Any, indices_or_sections: Any, axis: int = 0) -> tuple:
    """``mindspore.numpy.split(x, indices_or_sections, axis=0)``: equal sections, or pieces
    cut at the given indices."""
    x = to_tensor(x)
    total = x.shape[axis]
    if isinstance(indices_or_sections, builtins.int):
        if total % indices_or_sections:
            raise ValueError(f"array split does not result in an equal division. {total} is not divisible by "
                             f"{indices_or_sections}.")
        return _pieces(x, [total // indices_or_sections] * indices_or_sections, axis)
    bounds = [0] + [builtins.min(int(i), total) for i in indices_or_sections] + [total]
    return list(_pieces(x, [b - a for a, b in zip(bounds, bounds[1:])], axis))  # a list here, as MindSpore


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> tuple:
    """``mindspore.numpy.array_split``: as ``split``, sections may be unequal (the first larger)."""
    x = to_tensor(x)
    if not isinstance(indices_or_sections, builtins.int):
        return split(x, indices_or_sections, axis)
    n, total = indices_or_sections, x.shape[axis]
    sizes = [total // n + (1 if k < total % n else 0) for k in range(n)]
    return _pieces(x, sizes, axis)


def hsplit(x: Any, indices_or_sections: Any) -> tuple:
    """``mindspore.numpy.hsplit``."""
    return split(x, indices_or_sections, 0 if to_tensor(x).ndim == 1 else 1)


def vsplit(x: Any, indices_or_sections: Any) -> tuple:
    """``mindspore.numpy.vsplit``."""
    return split(x, indices_or_sections, 0)


def where(condition: Any, x: Any = None, y: Any = None) -> Any:
    """``mindspore.numpy.where(condition, x, y)``: ``x`` where ``condition``, else ``y``."""
    if x is None and y is None:
        return tuple(to_tensor(i.astype(np.int32).tolist()) for i in np.nonzero(to_tensor(condition).asnumpy()))
    return F.where(to_tensor(condition), x if isinstance(x, (Tensor, builtins.int, builtins.float)) else to_tensor(x),
                   y if isinstance(y, (Tensor, builtins.int, builtins.float)) else to_tensor(y))


def broadcast_to(array: Any, shape: Any) -> Tensor:
    """``mindspore.numpy.broadcast_to(array, shape)``."""
    return F.broadcast_to(to_tensor(array), tuple(shape))


def tile(a: Any, reps: Any) -> Tensor:
    """``mindspore.numpy.tile(a, reps)``."""
    a = to_tensor(a)
    reps = (reps,) if isinstance(reps, builtins.int) else tuple(reps)
    if len(reps) > a.ndim:
        a = a.reshape((1,) * (len(reps) - a.ndim) + a.shape)
    return F.tile(a, (1,) * (a.ndim - len(reps)) + reps)


def flip(m: Any, axis: Any = None) -> Tensor:
    """``mindspore.numpy.flip(m, axis=None)``."""
    return numpy_op("flip", [m], "ReverseV2", axis=tuple(axis) if isinstance(axis, list) else axis)


def fliplr(m: Any) -> Tensor:
    """``mindspore.numpy.fliplr(m)``."""
    return flip(m, 1)


def flipud(m: Any) -> Tensor:
    """``mindspore.numpy.flipud(m)``."""
    return flip(m, 0)


def roll(a: Any, shift: Any, axis: Any = None) -> Tensor:
    """``mindspore.numpy.roll(a, shift, axis=None)``."""
    as_tuple = lambda v: tuple(v) if isinstance(v, (list, tuple)) else v  # noqa: E731
    return numpy_op("roll", [a], "Roll", shift=as_tuple(shift), axis=as_tuple(axis))


def repeat(a: Any, repeats: int, axis: int | None = None) -> Tensor:
    """``mindspore.numpy.repeat(a, repeats, axis=None)``."""
    return numpy_op("repeat", [a], "Repeat", repeats=int(repeats), axis=axis)


def take(a: Any, indices: Any, axis: int | None = None, mode: str = "clip") -> Tensor:
    """``mindspore.numpy.take(a, indices, axis=None, mode='clip')``."""
    return numpy_op("take", [a, indices], "Take", axis=axis, mode=mode)


def take_along_axis(arr: Any, indices: Any, axis: int) -> Tensor:
    """``mindspore.numpy.take_along_axis(arr, indices, axis)``."""
    return numpy_op("take_along_axis", [arr, indices], "GatherD", axis=int(axis))


def unique(x: Any, return_inverse: bool = False) -> Any:
    """``mindspore.numpy.unique(x, return_inverse=False)``: the distinct values in order of
    first appearance, as MindSpore's Unique gives them (not sorted)."""
    values = to_tensor(x).asnumpy().reshape(-1)
    _, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    order = np.argsort(first)
    out = Tensor(values[np.sort(first)])
    if not return_inverse:
        return out
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return out, Tensor(rank[inverse].astype(np.int32))


def ndim(a: Any) -> int:
    """``ndim(a)``: the number of dimensions."""
    return to_tensor(a).ndim


def size(a: Any, axis: int | None = None) -> int:
    """``mindspore.numpy.size(a, axis=None)``."""
    a = to_tensor(a)
    return a.size if axis is None else a.shape[axis]


def shape(a: Any) -> tuple:
    """``shape(a)``."""
    return to_tensor(a).shape


def isscalar(element: Any) -> bool:
    """``mindspore.numpy.isscalar(element)``."""
    return isinstance(element, (builtins.int, builtins.float, builtins.bool, builtins.complex, str, bytes))
