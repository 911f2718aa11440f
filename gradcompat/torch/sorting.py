"""torch's sorting and selection: sort, argsort, msort, topk, kthvalue.

Each is one core op of a JAX kernel returning (values, indices); the values are a
``take_along_axis`` of the input, so their gradient scatters back to the selected
positions, as torch's. Indices never require grad. Sorting is always stable (torch's
``stable=False`` leaves tie order unspecified; a stable order is one valid answer), and
NaN sorts as the largest value, as in torch.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from . import dtypes
from .reductions import return_types
from .shape import _dim
from .tensor import Tensor, wrap

__all__ = ["argsort", "bucketize", "kthvalue", "median", "msort", "searchsorted", "sort", "topk", "unique"]


def _order(x, axis: int, descending: bool):
    """Stable sort order along ``axis`` (NaN largest; descending keeps ties in input order)."""
    return jnp.argsort(x, axis=axis, stable=True, descending=descending)


def sort_kernel(x, *, axis, descending):
    if x.ndim == 0:
        return x, jnp.zeros((), jnp.int64)
    idx = _order(x, axis, descending)
    return jnp.take_along_axis(x, idx, axis=axis), idx.astype(jnp.int64)


def topk_kernel(x, *, k, axis, largest, sorted):  # noqa: A002 - torch's name
    if x.ndim == 0:
        return x, jnp.zeros((), jnp.int64)
    idx = jnp.take(_order(x, axis, largest), jnp.arange(k), axis=axis)
    return jnp.take_along_axis(x, idx, axis=axis), idx.astype(jnp.int64)


def kthvalue_kernel(x, *, k, axis, keepdims):
    if x.ndim == 0:
        return x, jnp.zeros((), jnp.int64)
    idx = jnp.take(_order(x, axis, False), jnp.arange(k - 1, k), axis=axis)
    values = jnp.take_along_axis(x, idx, axis=axis)
    if not keepdims:
        values, idx = jnp.squeeze(values, axis), jnp.squeeze(idx, axis)
    return values, idx.astype(jnp.int64)


def _pair(kernel, input: Tensor, static: dict, name: str, kind: str, dim=None):
    """Run a (values, indices) kernel as one node; torch's return_types structseq."""
    pair = core.apply(kernel, [input.node], static, name=name)
    if isinstance(dim, int) and dim < 0:  # grad_fn._saved_dim shows the dim as given
        from .functions import note_saved
        note_saved(pair, dim=dim)
    values = wrap(core.select(pair, 0, name=pair.name if isinstance(pair, core.Op) else None))
    with core.recording.grad_mode(False):
        indices = wrap(core.select(pair, 1))
    return return_types[kind](values, indices)


def sort(input: Tensor, dim: int = -1, descending: bool = False, stable: bool = False, *, out=None):
    """``torch.sort``: ``(values, indices)`` along ``dim`` (always a stable sort)."""
    if isinstance(dim, bool):  # torch.sort(x, stable=True) positional forms: sort(x, True) is stable
        dim = -1
    axis = _dim(input, dim)
    return _pair(sort_kernel, input, {"axis": axis, "descending": bool(descending)}, "SortBackward0", "sort", dim)


def argsort(input: Tensor, dim: int = -1, descending: bool = False, stable: bool = False) -> Tensor:
    """``torch.argsort``: the indices of ``torch.sort``."""
    return sort(input, dim, descending, stable).indices


def msort(input: Tensor) -> Tensor:
    """``torch.msort``: values sorted along dim 0."""
    return sort(input, 0).values


def topk(input: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True, *,  # noqa: A002
         out=None):
    """``torch.topk``: the ``k`` largest (or smallest) values along ``dim`` and their indices,
    in sorted order (``sorted=False`` gives the same order here)."""
    axis = _dim(input, dim)
    size = input.shape[axis] if input.dim() else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    return _pair(topk_kernel, input, {"k": int(k), "axis": axis, "largest": bool(largest), "sorted": True},
                 "TopkBackward0", "topk", dim)


def kthvalue(input: Tensor, k: int, dim: int = -1, keepdim: bool = False, *, out=None):
    """``torch.kthvalue``: the k-th smallest value along ``dim`` and its index."""
    axis = _dim(input, dim)
    size = input.shape[axis] if input.dim() else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    return _pair(kthvalue_kernel, input, {"k": int(k), "axis": axis, "keepdims": bool(keepdim)},
                 "KthvalueBackward0", "kthvalue")


def median_all(x):
    """The lower median of all elements (NaN if any, as torch); its gradient is shared evenly by
    the elements equal to it (the NaNs for a NaN median), as torch's."""
    flat = x.reshape(-1)
    m = jnp.sort(flat)[(flat.size - 1) // 2]
    if not jnp.issubdtype(flat.dtype, jnp.floating):
        return m
    nans = jnp.isnan(flat)
    m = jax.lax.stop_gradient(jnp.where(nans.any(), jnp.nan, m))
    ties = jnp.where(nans.any(), nans, flat == m)
    return m + jnp.where(ties, flat - jax.lax.stop_gradient(flat), 0).sum() / jnp.maximum(ties.sum(), 1)


def median(input: Tensor, dim: int | None = None, keepdim: bool = False, *, out=None):
    """``torch.median``: the lower median of all elements, or ``(values, indices)`` along ``dim``."""
    if dim is None:
        if input.numel() == 0:
            raise RuntimeError("median() input tensor cannot be empty")
        return wrap(core.apply(median_all, [input.node], name="MedianBackward0"))
    axis = _dim(input, dim)
    k = ((input.shape[axis] if input.dim() else 1) - 1) // 2 + 1
    out = _pair(kthvalue_kernel, input, {"k": k, "axis": axis, "keepdims": bool(keepdim)}, "MedianBackward1",
                "median")
    return out


def searchsorted_kernel(seq, values, *, side, dtype):
    if seq.ndim == 1:
        out = jnp.searchsorted(seq, values, side=side)
    else:
        lead = seq.shape[:-1]
        flat = jax.vmap(lambda s, v: jnp.searchsorted(s, v, side=side))(
            seq.reshape(-1, seq.shape[-1]), values.reshape(-1, values.shape[-1]))
        out = flat.reshape(lead + values.shape[-1:])
    return out.astype(dtype)


def searchsorted(sorted_sequence: Tensor, input, *, out_int32: bool = False, right: bool = False,
                 side: str | None = None, sorter=None, out=None) -> Tensor:
    """``torch.searchsorted``: insertion indices of ``input`` into the innermost dim of
    ``sorted_sequence`` (1-D, or with the same leading dims as ``input``)."""
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}")
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, got side of left "
                               "while right was True")
        right = side == "right"
    if sorter is not None:
        sorted_sequence = sorted_sequence.gather(-1, sorter)
    scalar = not isinstance(input, Tensor)
    values = input if not scalar else wrap(core.Constant(np.asarray(input, sorted_sequence.dtype.np)))
    if sorted_sequence.dim() > 1 and tuple(sorted_sequence.shape[:-1]) != tuple(values.shape[:-1]):
        raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions "
                           "of boundaries tensor and input value tensor must match, but we got boundaries tensor "
                           f"{list(sorted_sequence.shape)} and input value tensor {list(values.shape)}")
    dtype = dtypes.int32 if out_int32 else dtypes.int64
    with core.recording.grad_mode(False):
        return wrap(core.apply(searchsorted_kernel, [sorted_sequence.node, values.node],
                               {"side": "right" if right else "left", "dtype": dtype.np_name}))


def bucketize(input, boundaries: Tensor, *, out_int32: bool = False, right: bool = False, out=None) -> Tensor:
    """``torch.bucketize``: the bucket of each element of ``input`` among 1-D ``boundaries``."""
    if boundaries.dim() != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.dim()})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def unique(input: Tensor, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False,  # noqa: A002
           dim: int | None = None):
    """``torch.unique``: the distinct values (sorted), with the inverse indices and counts on
    request; along ``dim``, the distinct slices. Computed on the host (its size depends on the values)."""
    values = np.asarray(input._value)
    axis = None if dim is None else _dim(input, dim)
    uniq, inverse, counts = np.unique(values, return_inverse=True, return_counts=True, axis=axis)
    inverse = inverse.reshape(values.shape if axis is None else (values.shape[axis],))
    outs = [wrap(core.Constant(jnp.asarray(uniq, dtype=values.dtype)))]
    if return_inverse:
        outs.append(wrap(core.Constant(inverse.astype(np.int64))))
    if return_counts:
        outs.append(wrap(core.Constant(counts.astype(np.int64))))
    return outs[0] if len(outs) == 1 else tuple(outs)
