"""Small everyday TF ops: ``is_tensor``, ``identity_n``, ``get_static_value``, ``repeat``,
``broadcast_to``, ``meshgrid``, ``clip_by_norm``, ``clip_by_global_norm``,
``nn.embedding_lookup`` and TF1's ``nn.dropout(x, keep_prob)``.

Those that are compositions of other TF ops are written as such, so their gradients
come from those ops.
"""
from __future__ import annotations

from typing import Any, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from . import array_ops, math_ops, reduction_ops
from .array_ops import static_ints
from .indexed_slices import IndexedSlices
from .op_errors import dims_text, kernel_error
from .tensor import Tensor, convert_to_tensor, make_op


def is_tensor(x: Any) -> bool:
    """``tf.is_tensor``: True for tensors, variables and ``IndexedSlices``; False for numpy / Python values."""
    return isinstance(x, (Tensor, IndexedSlices)) or hasattr(x, "_cell") or hasattr(x, "_composite_components")


def identity_n(input: Sequence, name: str | None = None) -> list[Tensor]:  # noqa: A002 - TF's name
    """``tf.identity_n``: a list of identities."""
    return [array_ops.identity(x) for x in input]


def get_static_value(tensor: Any, partial: bool = False):
    """``tf.get_static_value``: an eager tensor's (or a graph constant's) numpy value; None
    for a variable or a value known only when run; a non-tensor comes back as given."""
    if not is_tensor(tensor):
        return tensor
    if not isinstance(tensor, Tensor):
        return None
    known = getattr(tensor, "_static_value", None)  # an eager input seen inside a custom_gradient kernel
    if known is not None:
        return np.asarray(known)
    if isinstance(tensor.node, core.Constant) or tensor.node.value is not None:
        value = tensor.node.value
        if value is None or tensor.node.traced or isinstance(value, jax.core.Tracer):
            return None  # known only when the traced program runs
        return np.asarray(value)
    return None


def _repeat(x, *, repeats, axis):
    return jnp.repeat(x, np.asarray(repeats), axis=axis, total_repeat_length=int(np.sum(
        np.broadcast_to(np.asarray(repeats), (x.shape[axis],)))))


def repeat(input, repeats, axis=None, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.repeat``: each element (``axis=None``: of the flattened input) ``repeats`` times;
    TF's ValueError when the repeat counts do not match the axis."""
    x = convert_to_tensor(input)
    if axis is None:
        x, axis = array_ops.reshape(x, [-1]), 0
    axis = array_ops.static_axis(axis, x.shape.rank)
    counts = static_ints(repeats)
    size = x.shape.dims[axis]
    if len(counts) not in (1, size) and np.ndim(np.asarray(repeats)) > 0:
        raise ValueError(f"Dimensions {size} and {len(counts)} are not compatible")
    static = counts if np.ndim(np.asarray(repeats)) > 0 else counts[0]
    return make_op(_repeat, [x], {"repeats": static, "axis": axis}, op_type="Repeat", name=name)


def _broadcast_to(x, *, shape):
    return jnp.broadcast_to(x, shape)


def broadcast_to(input, shape, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
    """``tf.broadcast_to``: TF's InvalidArgumentError for incompatible shapes."""
    x = convert_to_tensor(input)
    target = static_ints(shape)
    dims = tuple(x.shape.dims or ())
    ok = len(dims) <= len(target) and all(d in (1, t) for d, t in zip(dims[::-1], target[::-1]))
    if not ok:
        raise kernel_error("BroadcastTo", f"Incompatible shapes: {dims_text(dims)} vs. {dims_text(target)}", name=None)
    return make_op(_broadcast_to, [x], {"shape": target}, op_type="BroadcastTo", name=name)


def meshgrid(*args, **kwargs) -> list[Tensor]:
    """``tf.meshgrid(*xs, indexing='xy')``: ``'xy'`` swaps the first two output axes, as numpy."""
    indexing = kwargs.pop("indexing", "xy")
    if kwargs.pop("name", None) is None and kwargs:
        raise TypeError(f"Invalid keyword arguments: {list(kwargs)}")
    tensors = [array_ops.reshape(convert_to_tensor(a), [-1]) for a in args]
    sizes = [t.shape.dims[0] for t in tensors]
    if indexing == "xy" and len(tensors) > 1:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    outputs = []
    for i, t in enumerate(tensors):
        position = (1 - i if i < 2 else i) if indexing == "xy" and len(tensors) > 1 else i
        shape = [1] * len(tensors)
        shape[position] = -1
        outputs.append(broadcast_to(array_ops.reshape(t, shape), sizes))
    return outputs


def clip_by_norm(t, clip_norm, axes=None, name: str | None = None) -> Tensor:
    """``tf.clip_by_norm``: ``t * clip_norm / max(l2norm(t, axes), clip_norm)`` (zero norm safe, as in TF)."""
    t = convert_to_tensor(t)
    l2sum = reduction_ops.reduce_sum(math_ops.square(t), axes, keepdims=True)
    positive = math_ops.greater(l2sum, 0)
    safe = math_ops.where(positive, l2sum, array_ops.ones_like(l2sum))
    norm = math_ops.where(positive, math_ops.sqrt(safe), l2sum)
    clip = math_ops.cast(clip_norm, t.dtype)
    return math_ops.truediv(math_ops.multiply(t, clip), math_ops.maximum(norm, clip))


def global_norm(t_list: Sequence, name: str | None = None) -> Tensor:
    """``tf.linalg.global_norm``: sqrt of the sum of the squared entries of every tensor (None skipped)."""
    parts = [reduction_ops.reduce_sum(math_ops.square(convert_to_tensor(t))) for t in t_list if t is not None]
    total = parts[0]
    for part in parts[1:]:
        total = math_ops.add(total, part)
    return math_ops.sqrt(total)


def clip_by_global_norm(t_list: Sequence, clip_norm, use_norm=None, name: str | None = None):
    """``tf.clip_by_global_norm``: every tensor scaled by ``clip_norm / max(global_norm, clip_norm)``;
    returns ``(clipped list, global norm)``, None entries kept."""
    if isinstance(t_list, (str, bytes)) or not isinstance(t_list, (list, tuple)):
        raise TypeError("`t_list` should be a sequence of tensors. Received {}.".format(type(t_list)))
    norm = global_norm(t_list) if use_norm is None else convert_to_tensor(use_norm)
    clip = math_ops.cast(clip_norm, norm.dtype)
    # TF's scale: clip_norm * min(1 / norm, 1 / clip_norm)
    scale = math_ops.multiply(clip, math_ops.minimum(math_ops.truediv(1.0, norm), math_ops.truediv(1.0, clip)))
    clipped = [None if t is None else math_ops.multiply(convert_to_tensor(t), math_ops.cast(scale, convert_to_tensor(t).dtype))
               for t in t_list]
    return clipped, norm


def embedding_lookup(params, ids, max_norm=None, name: str | None = None) -> Tensor:
    """``tf.nn.embedding_lookup``: rows of ``params`` (a list of shards is joined in order,
    TF2's "div" partitioning); ``max_norm`` clips each looked-up row."""
    if isinstance(params, (list, tuple)):
        params = params[0] if len(params) == 1 else array_ops.concat(list(params), 0)
    rows = array_ops.gather(params, ids)
    if max_norm is not None:
        axes = list(range(convert_to_tensor(ids).shape.rank, rows.shape.rank))
        rows = clip_by_norm(rows, max_norm, axes=axes)
    return rows


def embedding_lookup_v1(params, ids, partition_strategy: str = "mod", name: str | None = None,
                        validate_indices: bool = True, max_norm=None) -> Tensor:
    """TF1's ``tf.nn.embedding_lookup``; one tensor of params (several shards: joined in
    order, which is TF's "div" strategy, not "mod" - a known difference)."""
    return embedding_lookup(params, ids, max_norm=max_norm, name=name)


def dropout_v1(x, keep_prob=None, noise_shape=None, seed=None, name: str | None = None, rate=None) -> Tensor:
    """TF1's ``tf.nn.dropout(x, keep_prob=None, ..., rate=None)``: ``rate = 1 - keep_prob``."""
    from .nn_ops import dropout
    if keep_prob is not None and rate is not None:
        raise ValueError("Cannot specify both 'keep_prob' and 'rate'.")
    if keep_prob is not None:
        rate = 1 - keep_prob
    return dropout(x, rate=rate, noise_shape=noise_shape, seed=seed, name=name)
