"""torch indexing: basic (ints, slices, None, ...) and advanced (integer tensors / lists,
bool masks) ``x[index]``, index assignment ``x[index] = v`` (an in-place op), ``gather``,
``scatter``, ``index_select``, ``masked_fill``, ``select``, ``nonzero``.

Bool masks become integer indices when the tensor is indexed (their values decide the
result's shape), so masks need concrete values; torch's bounds and shape errors are
raised before JAX sees the index (JAX would clamp out-of-range indices silently).
"""
from __future__ import annotations

import builtins

import numpy as np

from .. import core
from . import dtypes, ops
from .tensor import Tensor, wrap


def _as_index_tensor(item):
    """A list / numpy array / Tensor index item as a numpy array (or None for basic items)."""
    if isinstance(item, Tensor):
        return np.asarray(item._value)
    if isinstance(item, np.ndarray):
        return item
    if isinstance(item, (list, tuple)):
        flat = np.asarray([np.asarray(v._value) if isinstance(v, Tensor) else v for v in item]) \
            if builtins.any(isinstance(v, Tensor) for v in item) else np.asarray(item)
        if flat.size == 0:
            return flat.astype(np.int64)
        return flat
    return None


def _normalize(input: Tensor, index) -> tuple[tuple, list[np.ndarray], bool]:
    """Index items with advanced parts replaced by ``TensorIndex`` placeholders, the arrays,
    and whether any advanced part is present. Raises torch's errors."""
    # a list of ints/slices at the top level is an advanced index, as in torch
    parts = index if isinstance(index, tuple) else (index,)
    shape = tuple(input.shape)
    consumed = builtins.sum(_consumes(p) for p in parts)
    if consumed > len(shape):
        raise IndexError(f"too many indices for tensor of dimension {len(shape)}")
    out, arrays, dim = [], [], 0
    for p in parts:
        array = _as_index_tensor(p)
        if p is None:
            out.append(None)
        elif p is Ellipsis:
            out.append(Ellipsis)
            dim += len(shape) - consumed
        elif array is not None:
            if array.dtype == np.bool_:
                for k in range(array.ndim):
                    if array.shape[k] != shape[dim + k]:
                        raise IndexError(f"The shape of the mask {list(array.shape)} at index {k} does not match "
                                         f"the shape of the indexed tensor {list(shape)} at index {dim + k}")
                if array.ndim == 0:
                    raise IndexError("gradcompat.torch does not support 0-d bool indices")
                for nz in np.nonzero(array):
                    out.append(ops.TensorIndex(len(arrays)))
                    arrays.append(nz.astype(np.int64))
                dim += array.ndim
                continue
            if array.dtype.kind not in "iu":
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            size = shape[dim]
            bad = array[(array >= size) | (array < -size)]
            if bad.size:
                raise IndexError(f"index {bad.reshape(-1)[0]} is out of bounds for dimension {dim} with size {size}")
            out.append(ops.TensorIndex(len(arrays)))
            arrays.append(array.astype(np.int64))
            dim += 1
        elif isinstance(p, (builtins.bool, np.bool_)):
            raise IndexError("gradcompat.torch does not support python bool indices")
        elif isinstance(p, (int, np.integer)):
            size = shape[dim]
            if not -size <= p < size:
                raise IndexError(f"index {p} is out of bounds for dimension {dim} with size {size}")
            out.append(int(p))
            dim += 1
        elif isinstance(p, slice):
            if p.step is not None and _int(p.step) <= 0:
                raise ValueError("step must be greater than zero")
            out.append(slice(*(None if v is None else _int(v) for v in (p.start, p.stop, p.step))))
            dim += 1
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                             "valid indices (got " f"{type(p).__name__})")
    return tuple(out), arrays, builtins.bool(arrays)


def _consumes(item) -> int:
    """How many of the tensor's dims an index item uses up."""
    if item is None or item is Ellipsis:
        return 0
    array = _as_index_tensor(item)
    return array.ndim if array is not None and array.dtype == np.bool_ else 1


def _int(v) -> int:
    return int(v.item()) if isinstance(v, Tensor) else int(v)


def _basic_name(index, parts: tuple, shape: tuple) -> str:
    """torch's grad_fn for basic indexing: that of the last item doing something (a full
    ``:`` or ``...`` in a tuple does nothing; a lone slice is always a SliceBackward0)."""
    if isinstance(index, slice):
        return "SliceBackward0"
    name, dim = "AliasBackward0", 0
    consumed = builtins.sum(1 for p in parts if p is not None and p is not Ellipsis)
    for p in parts:
        if p is None:
            name = "UnsqueezeBackward0"
        elif p is Ellipsis:
            dim += len(shape) - consumed
        elif isinstance(p, int):
            name, dim = "SelectBackward0", dim + 1
        else:
            if p.indices(shape[dim]) != (0, shape[dim], 1):
                name = "SliceBackward0"
            dim += 1
    return name


def getitem(input: Tensor, index) -> Tensor:
    """``x[index]``: basic indexing (Select/Slice...) or advanced indexing (IndexBackward0)."""
    parts, arrays, advanced = _normalize(input, index)
    if not advanced:
        return wrap(core.apply(ops.getitem, [input.node], {"index": ops.encode_index(parts)},
                               name=_basic_name(index, parts, tuple(input.shape))))
    nodes = [core.Constant(a) for a in arrays]
    return wrap(core.apply(ops.getitem_adv, [input.node, *nodes], {"index": ops.encode_index(parts)},
                           name="IndexBackward0"))


def setitem(input: Tensor, index, value) -> None:
    """``x[index] = value``: an in-place op on ``x`` (value broadcast and cast to x's dtype)."""
    parts, arrays, _ = _normalize(input, index)
    if isinstance(value, Tensor):
        v = value.node
    else:
        v = core.Constant(np.asarray(value, dtype=input.dtype.np))
    nodes = [core.Constant(a) for a in arrays]
    target_shape = np.empty(tuple(input.shape), dtype=np.bool_)[ops.decode_index(ops.encode_index(parts),
                                                                                   tuple(arrays))].shape
    vshape = tuple(value.shape) if isinstance(value, Tensor) else ()
    if not _broadcastable(vshape, target_shape):
        from .shape import expand
        expand(value, target_shape)  # raises torch's error
    name = "IndexPutBackward0" if arrays else "torch::autograd::CopySlices"
    result = wrap(core.apply(ops.setitem, [input.node, v, *nodes], {"index": ops.encode_index(parts)}, name=name))
    input._inplace(result)


def _broadcastable(src: tuple, dst: tuple) -> bool:
    if len(src) > len(dst):
        src = src[len(src) - len(dst):] if builtins.all(s == 1 for s in src[:len(src) - len(dst)]) else None
        if src is None:
            return False
    return builtins.all(s in (1, d) for s, d in zip(reversed(src), reversed(dst)))


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """``torch.select``: the ``index``-th slice along ``dim`` (that dim removed)."""
    from .shape import _dim
    axis = _dim(input, dim)
    size = input.shape[axis]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input.shape)} at "
                         f"dimension {axis}")
    parts = (slice(None),) * axis + (int(index),)
    return wrap(core.apply(ops.getitem, [input.node], {"index": ops.encode_index(parts)}, name="SelectBackward0"))


def _index_tensor(index, fn: str) -> Tensor:
    if not isinstance(index, Tensor):
        raise TypeError(f"{fn}(): argument 'index' (position 3) must be Tensor, not {type(index).__name__}")
    if index.dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError(f"{fn}(): Expected dtype int32/int64 for index")
    return index


def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    """``torch.gather``: out[i][j] = input[index[i][j]][j] (dim 0); index int64, same rank."""
    from .shape import _dim
    _index_tensor(index, "gather")
    axis = _dim(input, dim)
    if index.dim() != input.dim():
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for d in range(input.dim()):
        if d != axis and index.shape[d] > input.shape[d]:
            raise RuntimeError(f"Size does not match at dimension {d} expected index {list(index.shape)} to be "
                               f"smaller than self {list(input.shape)} apart from dimension {axis}")
    _check_range(index, input.shape[axis], "gather")
    return wrap(core.apply(ops.take_along, [input.node, index.node], {"axis": axis}, name="GatherBackward0"))


def _check_range(index: Tensor, size: int, fn: str) -> None:
    values = np.asarray(index._value)
    bad = values[(values >= size) | (values < -size)]
    if bad.size:
        raise RuntimeError(f"index {bad.reshape(-1)[0]} is out of bounds for dimension 0 with size {size}") \
            if fn != "gather" else RuntimeError(f"index {bad.reshape(-1)[0]} is out of bounds for dimension "
                                                f"with size {size}")


def scatter(input: Tensor, dim: int, index: Tensor, src=None, *, value=None, reduce: str | None = None) -> Tensor:
    """``torch.scatter``: a copy of ``input`` with ``src`` (or ``value``) written at ``index`` along ``dim``."""
    from .shape import _dim
    _index_tensor(index, "scatter")
    if src is None:
        src = value
    axis = _dim(input, dim)
    if index.dim() != input.dim():
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    _check_range(index, input.shape[axis], "scatter")
    if isinstance(src, Tensor):
        if src.dtype is not input.dtype:
            raise RuntimeError(f"scatter(): Expected self.dtype to be equal to src.dtype")
        src_node, name = src.node, "ScatterBackward0"
    else:
        src_node, name = core.Constant(np.asarray(src, dtype=input.dtype.np)), "ScatterBackward1"
    mode = {"add": "add", "multiply": "multiply", None: None}[reduce]
    return wrap(core.apply(ops.scatter, [input.node, index.node, src_node], {"axis": axis, "reduce": mode},
                           name=name))


def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """``torch.scatter_add``: values at repeated indices are summed."""
    out = scatter(input, dim, index, src, reduce="add")
    if isinstance(out.node, core.Op):
        out.node.name = "ScatterAddBackward0"
    return out


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """``torch.index_select``: a 1-D (or 0-d) int index along ``dim``."""
    from .shape import _dim
    if not isinstance(index, Tensor) or index.dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if index.dim() > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    axis = _dim(input, dim)
    values = np.asarray(index._value)
    size = input.shape[axis]
    bad = values[(values >= size) | (values < 0)]
    if bad.size:
        raise IndexError(f"index out of range in self")
    return wrap(core.apply(ops.take, [input.node, index.node], {"axis": axis}, name="IndexSelectBackward0"))


def masked_fill(input: Tensor, mask: Tensor, value) -> Tensor:
    """``torch.masked_fill``: ``value`` where the bool ``mask`` is true."""
    if mask.dtype is not dtypes.bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype.name if mask.dtype.name != 'uint8' else 'unsigned char'}")
    from .functions import _check_broadcast
    _check_broadcast(input, mask)
    if isinstance(value, Tensor):
        if value.dim() != 0:
            raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                               f"{value.dim()} dimension(s).")
        v, name = value.node, "MaskedFillBackward1"
    else:
        v, name = core.Constant(np.asarray(value, dtype=input.dtype.np)), "MaskedFillBackward0"
    return wrap(core.apply(ops.masked_fill, [input.node, mask.node, v], name=name))


def nonzero(input: Tensor, *, as_tuple: bool = False):
    """``torch.nonzero``: int64 indices of the nonzero elements (needs concrete values)."""
    from .functions import from_jax
    idx = np.nonzero(np.asarray(input._value))
    if as_tuple:
        return tuple(from_jax(i.astype(np.int64)) for i in idx)
    return from_jax(np.stack(idx, axis=1).astype(np.int64) if idx else np.zeros((1, 0), np.int64))


def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    from .functions import _check_broadcast
    _check_broadcast(input, mask)
    import jax.numpy as jnp
    shape = jnp.broadcast_shapes(tuple(input.shape), tuple(mask.shape))
    from .shape import expand
    return getitem(expand(input, shape), expand(mask, shape))


__all__ = ["gather", "index_select", "masked_fill", "masked_select", "nonzero", "scatter",
           "scatter_add", "select"]
