"""TF's shape, joining, gathering and creation ops (``tf.reshape``, ``tf.concat``, ``tf.gather``,
``tf.one_hot``, ``tf.range`` ...), with TF's argument semantics, dtypes, node names and errors.

Shapes, axes and sizes are static attributes: python values, or tensors whose value is
known (eager tensors, graph constants).
"""
from __future__ import annotations

import builtins
from typing import Any, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from ..core import kernels
from . import dtypes as _dt
from .graph import executing_eagerly
from .op_errors import dims_text, dtype_mismatch, kernel_error, unsupported_dtype
from .shapes import TensorShape
from .tensor import Tensor, convert_to_tensor, make_op, wrap

_INDEX_TYPES = ("uint8", "int8", "int32", "int64")

# ---------------------------------------------------------------------------- pure JAX ops


def _reshape(x, *, shape): return jnp.reshape(x, shape)  # noqa: E704
def _transpose(x, *, perm): return jnp.transpose(x, perm)  # noqa: E704
def _concat(*xs, axis): return jnp.concatenate(xs, axis=axis)  # noqa: E704
def _stack(*xs, axis): return jnp.stack(xs, axis=axis)  # noqa: E704
def _squeeze(x, *, axes): return jnp.squeeze(x, axes)  # noqa: E704
def _expand_dims(x, *, axis): return jnp.expand_dims(x, axis)  # noqa: E704
def _tile(x, *, multiples): return jnp.tile(x, multiples)  # noqa: E704
def _reverse(x, *, axes): return jnp.flip(x, axes)  # noqa: E704
def _shape(x, *, dtype): return jnp.asarray(x.shape, dtype)  # noqa: E704
def _size(x, *, dtype): return jnp.asarray(x.size, dtype)  # noqa: E704
def _rank(x): return jnp.asarray(x.ndim, jnp.int32)  # noqa: E704
def _fill_like(x, *, fill, dtype): return jnp.full(x.shape, fill, dtype)  # noqa: E704


def _take_along(x, *, axis: int, start: int, stop: int):
    return jax.lax.slice_in_dim(x, start, stop, axis=axis)


def _index_axis(x, *, axis: int, index: int):
    return jnp.take(x, index, axis=axis)


def _gather(x, indices, *, axis: int, batch_dims: int):
    def take(p, i):
        return jnp.take(p, i, axis=axis - batch_dims, mode="clip")
    for _ in builtins.range(batch_dims):
        take = jax.vmap(take)
    return take(x, indices)


def _gather_nd(x, indices):
    return x[tuple(jnp.moveaxis(indices, -1, 0))]


def _one_hot(indices, on, off, *, depth: int, axis: int):
    hot = indices[..., None] == jnp.arange(depth, dtype=indices.dtype)
    out = jnp.where(hot, on, off)
    return out if axis == -1 else jnp.moveaxis(out, -1, axis)


def _pad(x, *, paddings, mode: str, value):
    if mode == "constant":
        return jnp.pad(x, paddings, constant_values=value)
    return jnp.pad(x, paddings, mode=mode)


def _take_static(x, *, indices: tuple, axis: int):
    return jnp.take(x, jnp.asarray(indices, jnp.int32), axis=axis)


def _sort(x, *, axis: int, descending: bool):
    return -jnp.sort(-x, axis=axis) if descending else jnp.sort(x, axis=axis)


def _argsort(x, *, axis: int, descending: bool):
    return jnp.argsort(x, axis=axis, descending=descending, stable=True).astype(jnp.int32)


# ---------------------------------------------------------------------------- static arguments

def static_ints(value: Any) -> tuple[int, ...]:
    """Python ints from a list, an int, a TensorShape or a tensor whose value is known."""
    if isinstance(value, TensorShape):
        return tuple(value.as_list())
    if hasattr(value, "_as_tensor"):
        value = value._as_tensor()
    if isinstance(value, Tensor):
        value = core.folding.constant_value(value.node)  # TF too folds constants into static values
        if value is None:
            raise NotImplementedError("gradcompat needs a known value here (a python list, a constant or an "
                                      "eager tensor), not a tensor computed in the graph")
    elif isinstance(value, (list, tuple)) and any(hasattr(v, "_as_tensor") or isinstance(v, Tensor) for v in value):
        # a shape packed from scalars, some of them tensors (``(tf.shape(x)[0], T, -1)``), as TF packs it
        return tuple(n for v in value for n in static_ints(v))
    array = np.asarray(value)
    return tuple(int(v) for v in array.reshape(-1))


def static_axis(axis: Any, rank: int | None) -> int:
    """One axis as a non-negative int when the rank is known."""
    axis = static_ints(axis)[0]
    return axis % rank if rank and axis < 0 else axis


def _static_scalar(value: Any):
    if hasattr(value, "_as_tensor"):
        value = value._as_tensor()
    if isinstance(value, Tensor):
        return static_ints(value)[0] if value.dtype.is_integer else float(value.numpy())
    return value


# ---------------------------------------------------------------------------- reshaping

def reshape(tensor, shape, name: str | None = None) -> Tensor:
    """``tf.reshape``: one -1 allowed; TF's errors for a size mismatch."""
    x = convert_to_tensor(tensor)
    dims = static_ints(shape)
    unknown = [i for i, d in enumerate(dims) if d == -1]
    if len(unknown) > 1:
        raise kernel_error("Reshape", f"Only one input size may be -1, not both {unknown[0]} and {unknown[1]}",
                           name=None)
    if x.shape.is_fully_defined():
        n = int(np.prod(x.shape.as_list()))
        known = int(np.prod([d for d in dims if d != -1]))
        if (not unknown and known != n) or (unknown and (known == 0 or n % known)):
            if executing_eagerly():
                raise kernel_error("Reshape", f"Input to reshape is a tensor with {n} values, but the requested "
                                              f"shape {'requires a multiple of' if unknown else 'has'} {known}",
                                   name=None)
            raise ValueError(f"Cannot reshape a tensor with {n} elements to shape {dims_text(dims)} "
                             f"({known} elements) for '{{{{node Reshape}}}}' = Reshape[]")
    return make_op(_reshape, [x], {"shape": dims}, op_type="Reshape", name=name)


def transpose(a, perm=None, conjugate: bool = False, name: str | None = None) -> Tensor:
    """``tf.transpose`` (reverses the axes by default)."""
    a = convert_to_tensor(a)
    perm = tuple(reversed(builtins.range(a.shape.rank))) if perm is None else static_ints(perm)
    if a.shape.rank is not None:
        missing = [i for i in builtins.range(a.shape.rank) if i not in perm]
        if missing:
            listed = ",".join(str(p) for p in perm)
            raise kernel_error("Transpose", f"{missing[0]} is missing from {{{listed}}}.", name=None)
    return make_op(_transpose, [a], {"perm": perm}, op_type="transpose", name=name)


def squeeze(input, axis=None, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.squeeze``: all size-1 dims, or the given ones (TF's error if one is not 1)."""
    x = convert_to_tensor(input)
    dims, rank = x.shape.dims, x.shape.rank
    if axis is None:  # every size-1 dim, found when the shape is known (at run time in a graph)
        axes = None if dims is None or None in dims else tuple(i for i, d in enumerate(dims) if d == 1)
    else:
        axes = tuple(sorted(static_axis(a, rank) for a in static_ints(axis)))
        for a in axes:
            if dims is not None and dims[a] is not None and dims[a] != 1:
                raise kernel_error("Squeeze", f"Can not squeeze dim[{a}], expected a dimension of 1, got {dims[a]}")
    return make_op(_squeeze, [x], {"axes": axes}, op_type="Squeeze", name=name)


def expand_dims(input, axis, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.expand_dims``."""
    x = convert_to_tensor(input)
    return make_op(_expand_dims, [x], {"axis": static_ints(axis)[0]}, op_type="ExpandDims", name=name)


def tile(input, multiples, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.tile``."""
    x = convert_to_tensor(input)
    return make_op(_tile, [x], {"multiples": static_ints(multiples)}, op_type="Tile", name=name)


def reverse(tensor, axis, name: str | None = None) -> Tensor:
    """``tf.reverse``."""
    x = convert_to_tensor(tensor)
    axes = tuple(static_axis(a, x.shape.rank) for a in static_ints(axis))
    return make_op(_reverse, [x], {"axes": axes}, op_type="ReverseV2", name=name)


def pad(tensor, paddings, mode: str = "CONSTANT", constant_values=0, name: str | None = None) -> Tensor:
    """``tf.pad``: CONSTANT, REFLECT or SYMMETRIC."""
    x = convert_to_tensor(tensor)
    flat = static_ints(paddings)
    pairs = tuple((flat[i], flat[i + 1]) for i in builtins.range(0, len(flat), 2))
    static = {"paddings": pairs, "mode": mode.lower(), "value": _static_scalar(constant_values)}
    return make_op(_pad, [x], static, op_type="Pad", name=name)


# ---------------------------------------------------------------------------- joining and splitting

def concat(values: Sequence, axis, name: str = "concat") -> Tensor:
    """``tf.concat`` (TF op ConcatV2): same dtypes and ranks required."""
    tensors = [convert_to_tensor(v) for v in values]
    for i, t in enumerate(tensors[1:], 1):
        if t.dtype != tensors[0].dtype:
            raise dtype_mismatch("ConcatV2", tensors[0].dtype, t.dtype, index=i, name=name)
    if len(tensors) == 1:
        return identity(tensors[0], name=name)
    rank = tensors[0].shape.rank
    for i, t in enumerate(tensors[1:], 1):
        if rank is not None and t.shape.rank is not None and t.shape.rank != rank:
            raise kernel_error("ConcatV2", f"ConcatOp : Ranks of all input tensors should match: shape[0] = "
                                           f"{dims_text(tensors[0].shape.dims)} vs. shape[{i}] = "
                                           f"{dims_text(t.shape.dims)}", kernel=f"ConcatV2_N_{len(tensors)}", name=name)
    return make_op(_concat, tensors, {"axis": static_axis(axis, rank)}, op_type="concat",
                   name=None if name == "concat" else name)


def stack(values: Sequence, axis: int = 0, name: str = "stack") -> Tensor:
    """``tf.stack`` (TF op Pack): same shapes required."""
    tensors = [convert_to_tensor(v) for v in values]
    for i, t in enumerate(tensors[1:], 1):
        if t.dtype != tensors[0].dtype:
            raise dtype_mismatch("Pack", tensors[0].dtype, t.dtype, index=i, name=name)
        a, b = tensors[0].shape, t.shape
        if a.is_fully_defined() and b.is_fully_defined() and a.as_list() != b.as_list():
            raise kernel_error("Pack", f"Shapes of all inputs must match: values[0].shape = {dims_text(a.dims)} != "
                                       f"values[{i}].shape = {dims_text(b.dims)}", kernel=f"Pack_N_{len(tensors)}",
                               name=name)
    return make_op(_stack, tensors, {"axis": int(axis)}, op_type="stack", name=None if name == "stack" else name)


def unstack(value, num: int | None = None, axis: int = 0, name: str = "unstack") -> list[Tensor]:
    """``tf.unstack``: a list of the slices along ``axis``."""
    x = convert_to_tensor(value)
    rank = x.shape.rank
    if rank is not None and not -rank <= axis < rank:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-rank}, {rank})")
    axis = axis % rank if rank else axis
    count = num if num is not None else x.shape.dims[axis]
    if count is None:
        raise ValueError(f"Cannot infer argument `num` from shape {x.shape}")
    return [make_op(_index_axis, [x], {"axis": axis, "index": i}, op_type="unstack") for i in builtins.range(count)]


def split(value, num_or_size_splits, axis=0, num: int | None = None, name: str = "split") -> list[Tensor]:
    """``tf.split``: into ``n`` equal pieces, or pieces of the given sizes (one may be -1)."""
    x = convert_to_tensor(value)
    axis = static_axis(axis, x.shape.rank)
    total = x.shape.dims[axis] if x.shape.dims is not None else None
    sizes = static_ints(num_or_size_splits)
    if np.ndim(num_or_size_splits) == 0 and not isinstance(num_or_size_splits, Tensor):
        n = sizes[0]
        if total is not None and total % n:
            raise kernel_error("Split", f"Number of ways to split should evenly divide the split dimension, but got "
                                        f"split_dim {axis} (size = {total}) and num_split {n}",
                               kernel=f"Split_num_split_{n}", name=name)
        sizes = (total // n,) * n
    elif -1 in sizes:
        sizes = tuple(total - (sum(sizes) + 1) if s == -1 else s for s in sizes)
    pieces, start = [], 0
    for s in sizes:
        pieces.append(make_op(_take_along, [x], {"axis": axis, "start": start, "stop": start + s}, op_type="split"))
        start += s
    return pieces


# ---------------------------------------------------------------------------- gathering

def _check_indices(op_type: str, indices: Tensor, size: int | None) -> None:
    if size is None or indices.node.value is None:
        return
    values = np.asarray(indices.numpy())
    bad = np.argwhere((values < 0) | (values >= size))
    if bad.size:
        where = ",".join(str(i) for i in bad[0])
        raise kernel_error(op_type, f"indices[{where}] = {values[tuple(bad[0])]} is not in [0, {size})", name=None)


def gather(params, indices, validate_indices=None, axis=None, batch_dims: int = 0, name: str | None = None) -> Tensor:
    """``tf.gather`` (GatherV2) with ``axis`` and ``batch_dims``; out-of-range indices are TF's error.

    Known difference: the gradient is a dense tensor, not ``tf.IndexedSlices``.
    """
    x, idx = convert_to_tensor(params), convert_to_tensor(indices)
    rank = x.shape.rank
    axis = batch_dims if axis is None else static_axis(axis, rank)
    batch_dims = batch_dims % idx.shape.rank if batch_dims < 0 and idx.shape.rank else batch_dims
    _check_indices("GatherV2", idx, x.shape.dims[axis] if x.shape.dims is not None else None)
    return make_op(_gather, [x, idx], {"axis": axis, "batch_dims": int(batch_dims)}, op_type="GatherV2", name=name)


def gather_nd(params, indices, batch_dims: int = 0, name: str | None = None) -> Tensor:
    """``tf.gather_nd`` (batch_dims 0): the last index axis addresses the leading params axes."""
    if batch_dims:
        raise NotImplementedError("gradcompat's gather_nd supports batch_dims=0 only")
    x, idx = convert_to_tensor(params), convert_to_tensor(indices)
    return make_op(_gather_nd, [x, idx], op_type="GatherNd", name=name)


def boolean_mask(tensor, mask, axis=None, name: str = "boolean_mask") -> Tensor:
    """``tf.boolean_mask`` (eager or a known mask: the result's size depends on its values)."""
    x = convert_to_tensor(tensor)
    flags = np.asarray(static_ints(mask)).astype(bool)
    axis = 0 if axis is None else static_axis(axis, x.shape.rank)
    mask_dims = np.shape(convert_to_tensor(mask).numpy())
    if len(mask_dims) > 1:
        x = reshape(x, (*x.shape.as_list()[:axis], -1, *x.shape.as_list()[axis + len(mask_dims):]))
    indices = tuple(int(i) for i in np.flatnonzero(flags))
    return make_op(_take_static, [x], {"indices": indices, "axis": axis}, op_type="boolean_mask")


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name: str | None = None) -> Tensor:
    """``tf.one_hot``: float32 by default (or the on/off values' dtype); -1 gives all off."""
    idx = convert_to_tensor(indices)
    if idx.dtype.name not in _INDEX_TYPES:
        raise unsupported_dtype("OneHot", idx.dtype, allowed=_INDEX_TYPES, attr="TI",
                                signature="indices:TI, depth:int32, on_value:T, off_value:T -> output:T")
    given = next((v for v in (on_value, off_value) if v is not None), None)
    if dtype is not None:
        target = _dt.as_dtype(dtype)
    else:
        target = convert_to_tensor(given).dtype if given is not None else _dt.float32
    on = convert_to_tensor(1 if on_value is None else on_value, dtype=target)
    off = convert_to_tensor(0 if off_value is None else off_value, dtype=target)
    return make_op(_one_hot, [idx, on, off], {"depth": static_ints(depth)[0], "axis": -1 if axis is None else int(axis)},
                   op_type="one_hot", name=name)


def sort(values, axis: int = -1, direction: str = "ASCENDING", name: str | None = None) -> Tensor:
    """``tf.sort``."""
    x = convert_to_tensor(values)
    return make_op(_sort, [x], {"axis": int(axis), "descending": direction == "DESCENDING"}, op_type="sort", name=name)


def argsort(values, axis: int = -1, direction: str = "ASCENDING", stable: bool = False,
            name: str | None = None) -> Tensor:
    """``tf.argsort`` (int32 indices; ties keep their order)."""
    x = convert_to_tensor(values)
    return make_op(_argsort, [x], {"axis": int(axis), "descending": direction == "DESCENDING"},
                   op_type="argsort", name=name)


# ---------------------------------------------------------------------------- shape queries

def shape(input, out_type=_dt.int32, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.shape``: the dynamic shape as an int32 (or ``out_type``) tensor."""
    x = convert_to_tensor(input)
    return make_op(_shape, [x], {"dtype": _dt.as_dtype(out_type).np}, op_type="Shape", name=name)


def size(input, out_type=_dt.int32, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.size``."""
    x = convert_to_tensor(input)
    return make_op(_size, [x], {"dtype": _dt.as_dtype(out_type).np}, op_type="Size", name=name)


def rank(input, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.rank`` (int32)."""
    return make_op(_rank, [convert_to_tensor(input)], op_type="Rank", name=name)


def identity(input, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.identity``."""
    return make_op(kernels.identity, [convert_to_tensor(input)], op_type="Identity", name=name)


# ---------------------------------------------------------------------------- creation

def _constant_op(array, dtype: _dt.DType, op_type: str, name: str | None) -> Tensor:
    array = jnp.asarray(array, dtype.np)
    return wrap(core.Constant(array), dtype, TensorShape(array.shape), op_type, name)


def _shape_arg(shape_value) -> tuple[int, ...]:
    return static_ints(shape_value) if np.ndim(shape_value) or isinstance(shape_value, (Tensor, TensorShape)) \
        else (int(shape_value),)


def ones(shape, dtype=_dt.float32, name: str | None = None) -> Tensor:
    """``tf.ones`` (float32 by default)."""
    return _constant_op(np.ones(_shape_arg(shape)), _dt.as_dtype(dtype), "ones", name)


def zeros(shape, dtype=_dt.float32, name: str | None = None) -> Tensor:
    """``tf.zeros`` (float32 by default)."""
    return _constant_op(np.zeros(_shape_arg(shape)), _dt.as_dtype(dtype), "zeros", name)


def fill(dims, value, name: str | None = None) -> Tensor:
    """``tf.fill``: the value's dtype (python ints int32, floats float32)."""
    v = convert_to_tensor(value)
    return _constant_op(np.full(static_ints(dims), v.numpy()), v.dtype, "Fill", name)


def _like(input, dtype, fill_value: int, op_type: str, name) -> Tensor:  # noqa: A002
    x = convert_to_tensor(input)
    target = x.dtype if dtype is None else _dt.as_dtype(dtype)
    with core.recording.grad_mode(False):  # TF registers no gradient for ZerosLike / OnesLike
        return make_op(_fill_like, [x], {"fill": fill_value, "dtype": target.np}, op_type=op_type, name=name)


def ones_like(input, dtype=None, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.ones_like``."""
    return _like(input, dtype, 1, "ones_like", name)


def zeros_like(input, dtype=None, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.zeros_like``."""
    return _like(input, dtype, 0, "zeros_like", name)


def range(start, limit=None, delta=1, dtype=None, name: str = "range") -> Tensor:  # noqa: A001 - TF's name
    """``tf.range``: int32 for ints, float32 if any bound is a float (or ``dtype``)."""
    if limit is None:
        start, limit = 0, start
    bounds = [convert_to_tensor(v) for v in (start, limit, delta)]
    if dtype is not None:
        target = _dt.as_dtype(dtype)
    else:
        order = [_dt.int32, _dt.int64, _dt.float32, _dt.float64]
        target = max((b.dtype for b in bounds), key=lambda d: order.index(d) if d in order else 0)
    values = [np.asarray(b.numpy()).item() for b in bounds]
    if values[2] == 0:
        raise kernel_error("Range", f"Requires delta != 0: {values[2]}")
    return _constant_op(np.arange(*values, dtype=target.np), target, "range", None if name == "range" else name)


def linspace(start, stop, num, name: str | None = None, axis: int = 0) -> Tensor:
    """``tf.linspace`` (``tf.lin_space``): the start's dtype."""
    first = convert_to_tensor(start)
    last = convert_to_tensor(stop, dtype=first.dtype) if not isinstance(stop, Tensor) else stop
    values = np.linspace(first.numpy(), last.numpy(), static_ints(num)[0], axis=axis)
    return _constant_op(values, first.dtype, "LinSpace", name)


def eye(num_rows: int, num_columns: int | None = None, batch_shape=None, dtype=_dt.float32,
        name: str | None = None) -> Tensor:
    """``tf.eye``, optionally batched."""
    matrix = np.eye(int(num_rows), None if num_columns is None else int(num_columns))
    if batch_shape is not None:
        matrix = np.broadcast_to(matrix, (*static_ints(batch_shape), *matrix.shape))
    return _constant_op(matrix, _dt.as_dtype(dtype), "eye", name)
