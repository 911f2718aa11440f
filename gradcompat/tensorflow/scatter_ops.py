"""``tf.tensor_scatter_nd_update`` / ``_add`` / ``_sub`` / ``_max`` / ``_min``: a copy of the
tensor with the slices that ``indices`` address (their last axis indexes the leading axes)
combined with ``updates``. Out-of-range indices are TF's InvalidArgumentError where the
indices are known (eagerly); in graphs XLA drops them."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from .errors import InvalidArgumentError
from .tensor import Tensor, convert_to_tensor, make_op


def _scatter(tensor, indices, updates, *, mode: str):
    idx = tuple(jnp.moveaxis(indices, -1, 0))
    at = tensor.at[idx]
    if mode == "update":
        return at.set(updates)
    if mode == "add":
        return at.add(updates)
    if mode == "sub":
        return at.add(-updates)
    if mode == "max":
        return at.max(updates)
    return at.min(updates)


def _checked(tensor: Tensor, indices: Tensor, op_type: str) -> None:
    if indices.node.value is None or tensor.shape.dims is None:
        return
    values = np.asarray(indices.numpy())
    dims = tensor.shape.as_list()
    depth = values.shape[-1] if values.ndim else 0
    if depth > len(dims):
        raise InvalidArgumentError(None, None, f"Index innermost dimension length must be <= tensor rank; saw: "
                                               f"{depth} vs. {len(dims)} [Op:{op_type}]")
    for position, row in enumerate(values.reshape(-1, depth)):
        if any(i < 0 or i >= d for i, d in zip(row, dims)):
            shown = ", ".join(map(str, row))
            raise InvalidArgumentError(None, None, f"indices[{position}] = [{shown}] does not index into shape "
                                                   f"[{','.join(map(str, dims))}] [Op:{op_type}]")


def _op(mode: str, op_type: str):
    def op(tensor, indices, updates, name: str | None = None) -> Tensor:
        tensor = convert_to_tensor(tensor)
        indices = convert_to_tensor(indices)
        updates = convert_to_tensor(updates, dtype=tensor.dtype)
        _checked(tensor, indices, op_type)
        return make_op(_scatter, [tensor, indices, updates], {"mode": mode}, op_type=op_type, name=name)
    op.__name__ = f"tensor_scatter_nd_{mode}"
    op.__doc__ = f"``tf.tensor_scatter_nd_{mode}`` (TF op {op_type})."
    return op


tensor_scatter_nd_update = _op("update", "TensorScatterUpdate")
tensor_scatter_nd_add = _op("add", "TensorScatterAdd")
tensor_scatter_nd_sub = _op("sub", "TensorScatterSub")
tensor_scatter_nd_max = _op("max", "TensorScatterMax")
tensor_scatter_nd_min = _op("min", "TensorScatterMin")
