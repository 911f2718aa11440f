"""``tf.IndexedSlices``: the gradient of ``gather`` (rows ``values`` at ``indices`` of a tensor
of shape ``dense_shape``), as a GradientTape returns it for a source used only by gathers.

``tf.convert_to_tensor`` (and every op) densifies it: rows at repeated indices add up.
"""
from __future__ import annotations

import jax.numpy as jnp

from .tensor import Tensor, make_op


def _densify_kernel(values, indices, *, shape: tuple):
    return jnp.zeros(shape, values.dtype).at[indices].add(values)


class IndexedSlices:
    """``tf.IndexedSlices(values, indices, dense_shape)``."""

    def __init__(self, values: Tensor, indices: Tensor, dense_shape: Tensor | None = None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    @property
    def values(self) -> Tensor:
        return self._values

    @property
    def indices(self) -> Tensor:
        return self._indices

    @property
    def dense_shape(self) -> Tensor | None:
        return self._dense_shape

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def shape(self):
        from .shapes import TensorShape
        return TensorShape([int(d) for d in self._dense_shape.numpy()]) if self._dense_shape is not None \
            else self._values.shape

    def _as_tensor(self) -> Tensor:
        """The dense tensor (``tf.convert_to_tensor``)."""
        shape = tuple(int(d) for d in self.shape.as_list())
        return make_op(_densify_kernel, [self._values, self._indices], {"shape": shape}, op_type="UnsortedSegmentSum")

    def __str__(self) -> str:
        return (f"IndexedSlices(indices={self._indices}, values={self._values}, "
                f"dense_shape={self._dense_shape})")
