"""torch's sorting and selection: sort, argsort, msort, topk, kthvalue.

Each is one core op of a JAX kernel returning (values, indices); the values are a
``take_along_axis`` of the input, so their gradient scatters back to the selected
positions, as torch's. Indices never require grad. Sorting is always stable (torch's
``stable=False`` leaves tie order unspecified; a stable order is one valid answer), and
NaN sorts as the largest value, as in torch.
"""
from __future__ import annotations

import jax.numpy as jnp

from .. import core
from .reductions import return_types
from .shape import _dim
from .tensor import Tensor, wrap

__all__ = ["argsort", "kthvalue", "msort", "sort", "topk"]


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


def _pair(kernel, input: Tensor, static: dict, name: str, kind: str):
    """Run a (values, indices) kernel as one node; torch's return_types structseq."""
    pair = core.apply(kernel, [input.node], static, name=name)
    values = wrap(core.select(pair, 0, name=pair.name if isinstance(pair, core.Op) else None))
    with core.recording.grad_mode(False):
        indices = wrap(core.select(pair, 1))
    return return_types[kind](values, indices)


def sort(input: Tensor, dim: int = -1, descending: bool = False, stable: bool = False, *, out=None):
    """``torch.sort``: ``(values, indices)`` along ``dim`` (always a stable sort)."""
    if isinstance(dim, bool):  # torch.sort(x, stable=True) positional forms: sort(x, True) is stable
        dim = -1
    axis = _dim(input, dim)
    return _pair(sort_kernel, input, {"axis": axis, "descending": bool(descending)}, "SortBackward0", "sort")


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
                 "TopkBackward0", "topk")


def kthvalue(input: Tensor, k: int, dim: int = -1, keepdim: bool = False, *, out=None):
    """``torch.kthvalue``: the k-th smallest value along ``dim`` and its index."""
    axis = _dim(input, dim)
    size = input.shape[axis] if input.dim() else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {axis}")
    return _pair(kthvalue_kernel, input, {"k": int(k), "axis": axis, "keepdims": bool(keepdim)},
                 "KthvalueBackward0", "kthvalue")
