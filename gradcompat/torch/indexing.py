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
from . import dtypes, index_parsing, ops, views
from .tensor import Tensor, wrap


def _basic_name(index, basic: tuple, shape: tuple) -> str:
    """torch's grad_fn for basic indexing: that of the last item doing something (a full
    ``:`` in a tuple does nothing; a lone slice is always a SliceBackward0)."""
    if isinstance(index, slice):
        return "SliceBackward0"
    name, dim = "AliasBackward0", 0
    for p in basic:
        if p is None:
            name = "UnsqueezeBackward0"
        elif isinstance(p, int):
            name, dim = "SelectBackward0", dim + 1
        else:
            # torch skips a slice only as written 0 / None : >= size / None : 1 / None
            if p.start not in (None, 0) or p.step not in (None, 1) or (p.stop is not None and p.stop < shape[dim]):
                name = "SliceBackward0"
            dim += 1
    return name


def getitem(input: Tensor, index) -> Tensor:
    """``x[index]``: basic indexing (Select/Slice...) or advanced indexing (IndexBackward0),
    with torch's parsing of the index (index_parsing)."""
    parsed = index_parsing.parse(index, tuple(input.shape))
    basic = ops.encode_index(parsed.basic)
    if not parsed.arrays:
        return views.make(input, ops.getitem, {"index": basic},
                          _basic_name(index, parsed.basic, tuple(input.shape)))
    nodes = [core.Constant(a) for a in parsed.arrays]
    return wrap(core.apply(ops.getitem_adv, [input.node, *nodes], {"index": basic, "advanced": parsed.advanced},
                           name="IndexBackward0"))


def setitem(input: Tensor, index, value) -> None:
    """``x[index] = value``: an in-place op on ``x`` (value broadcast and cast to x's dtype)."""
    if index is False:
        return  # torch: a no-op, value unchecked
    parsed = index_parsing.parse(index, tuple(input.shape))
    if isinstance(value, Tensor):
        v = value.node
    else:
        v = core.Constant(np.asarray(value, dtype=input.dtype.np))
    nodes = [core.Constant(a) for a in parsed.arrays]
    key = ops._advanced_key(len(parsed.basic_shape), tuple(parsed.arrays), parsed.advanced)
    target_shape = np.empty(parsed.basic_shape, dtype=np.bool_)[key].shape
    vshape = tuple(value.shape) if isinstance(value, Tensor) else ()
    while vshape[:1] == (1,):  # torch strips leading ones before it broadcasts
        vshape = vshape[1:]
    if not _broadcastable(vshape, target_shape):
        if parsed.arrays:
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(vshape)} cannot be broadcast to "
                               f"indexing result of shape {list(target_shape)}")
        from .shape import expand, reshape
        expand(reshape(value, vshape), target_shape)  # raises torch's error
    # index_put_ on x itself when the basic items leave x as it is, else on a view of x
    untouched = len(parsed.basic) <= input.dim() and _basic_name(None, parsed.basic, tuple(input.shape)) == \
        "AliasBackward0"
    name = "IndexPutBackward0" if parsed.arrays and untouched else "torch::autograd::CopySlices"
    if untouched and not parsed.arrays:  # fill_ / copy_ on x itself
        scalar = not isinstance(value, Tensor) or value.dim() == 0
        name = "FillBackward3" if scalar else "torch::autograd::CopyBackwards"
    if not parsed.arrays and not untouched:
        # basic indexing writes into a view of the indexed region, as torch does (its checks:
        # a view of a leaf, elements of that region sharing memory)
        region = views.make(input, ops.getitem, {"index": ops.encode_index(parsed.basic)}, "AliasBackward0")
        region._inplace(wrap(core.apply(ops.fill, [region.node, v], name="torch::autograd::CopyBackwards")))
        return
    result = wrap(core.apply(ops.setitem, [input.node, v, *nodes],
                             {"index": ops.encode_index(parsed.basic), "advanced": parsed.advanced}, name=name))
    input._inplace(result)


def _broadcastable(src: tuple, dst: tuple) -> bool:
    if len(src) > len(dst):
        src = src[len(src) - len(dst):] if builtins.all(s == 1 for s in src[:len(src) - len(dst)]) else None
        if src is None:
            return False
    return builtins.all(s in (1, d) for s, d in zip(reversed(src), reversed(dst)))


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """``torch.select``: the ``index``-th slice along ``dim`` (that dim removed), a view."""
    from .shape import _dim
    axis = _dim(input, dim)
    size = input.shape[axis]
    if not -size <= index < size:
        raise IndexError(f"select(): index {index} out of range for tensor of size {list(input.shape)} at "
                         f"dimension {axis}")
    parts = (slice(None),) * axis + (int(index),)
    return views.make(input, ops.getitem, {"index": ops.encode_index(parts)}, "SelectBackward0")


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
    _check_range(index, input.shape[axis], axis)
    return wrap(core.apply(ops.take_along, [input.node, index.node], {"axis": axis}, name="GatherBackward0"))


def _check_range(index: Tensor, size: int, axis: int) -> None:
    """gather / scatter take no negative indices."""
    values = np.asarray(index._value)
    bad = values[(values >= size) | (values < 0)]
    if bad.size:
        raise RuntimeError(f"index {bad.reshape(-1)[0]} is out of bounds for dimension {axis} with size {size}")


def take_along_dim(input: Tensor, indices: Tensor, dim: int | None = None) -> Tensor:
    """``torch.take_along_dim``: ``gather`` after broadcasting input and indices (all but
    ``dim``); with no ``dim``, of the flattened input. Out-of-range indices raise here
    (torch reads unchecked memory for some of them)."""
    from .functions import _check_broadcast_shapes
    from .shape import _dim, expand, reshape
    if indices.dtype is not dtypes.int64:
        raise RuntimeError(f"torch.take_along_dim(): dtype of indices should be Long but got "
                           f"{dtypes.SCALAR_TYPE_NAMES[indices.dtype.name]}")
    if dim is None:
        return gather(reshape(input, (-1,)), 0, reshape(indices, (-1,)))
    if input.dim() != indices.dim():
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           f"but got {input.dim()} dimensions for input, and {indices.dim()} dimensions for indices")
    axis = _dim(input, dim)
    input_shape, index_shape = list(input.shape), list(indices.shape)
    input_shape[axis], index_shape[axis] = indices.shape[axis], input.shape[axis]
    _check_broadcast_shapes(tuple(input_shape), tuple(indices.shape))
    shape = np.broadcast_shapes(tuple(input_shape), tuple(indices.shape))
    indices = expand(indices, shape) if tuple(indices.shape) != shape else indices
    shape = np.broadcast_shapes(tuple(index_shape), tuple(input.shape))
    input = expand(input, shape) if tuple(input.shape) != shape else input
    return gather(input, axis, indices)


def scatter(input: Tensor, dim: int, index: Tensor, src=None, *, value=None, reduce: str | None = None) -> Tensor:
    """``torch.scatter``: a copy of ``input`` with ``src`` (or ``value``) written at ``index`` along ``dim``."""
    from .shape import _dim
    _index_tensor(index, "scatter")
    if src is None:
        src = value
    axis = _dim(input, dim)
    if index.dim() != input.dim():
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    _check_range(index, input.shape[axis], axis)
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
        if axis == 1:  # torch's CPU kernel for dim 1 (of 2-D and larger inputs) has its own check
            raise RuntimeError(f"INDICES element is out of DATA bounds, id={bad.reshape(-1)[0]} axis_dim={size}")
        raise IndexError("index out of range in self")
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
           "scatter_add", "select", "take_along_dim"]
