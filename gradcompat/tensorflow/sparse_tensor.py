"""``tf.SparseTensor`` and the ``tf.sparse`` basics: ``to_dense``, ``from_dense``,
``reduce_sum``, ``sparse_dense_matmul``, ``add``, ``reorder``, ``transpose``, ``retain``,
elementwise ``*`` / ``/`` by dense values.

A SparseTensor is three tensors (int64 ``indices`` [N, rank], ``values`` [N], int64
``dense_shape`` [rank]). Ops on it are written with dense ops of this dialect over the
values (a scatter into the dense shape, gathers of dense operands at the indices), so
gradients reach ``values`` as in TF. ``tape.watch`` of a SparseTensor watches its components.
Known difference: ops need the dense shape's value (eager tensors, or constants in a trace).
"""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from . import array_ops, dtypes as _dt, linalg_ops, math_ops, reduction_ops
from .basic_ops import broadcast_to
from .op_errors import kernel_error
from .shapes import TensorShape
from .tensor import Tensor, constant, convert_to_tensor, make_op


class SparseTensor:
    """``tf.SparseTensor(indices, values, dense_shape)``."""

    def __init__(self, indices, values, dense_shape):
        self._indices = convert_to_tensor(indices, dtype=_dt.int64)
        self._values = convert_to_tensor(values)
        self._dense_shape = convert_to_tensor(dense_shape, dtype=_dt.int64)
        count = self._indices.shape.dims[0] if self._indices.shape.rank else None
        got = self._values.shape.dims[0] if self._values.shape.rank else None
        if count is not None and got is not None and count != got:
            raise ValueError(f"Dimensions {count} and {got} are not compatible")
        if self._values.shape.rank not in (None, 1):
            raise ValueError(f"Shape {self._values.shape} must have rank 1")

    @property
    def indices(self) -> Tensor:
        return self._indices

    @property
    def values(self) -> Tensor:
        return self._values

    @property
    def dense_shape(self) -> Tensor:
        return self._dense_shape

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def shape(self) -> TensorShape:
        value = self._dense_shape.node.value
        if value is not None:
            return TensorShape([int(d) for d in np.asarray(value)])
        rank = self._dense_shape.shape.dims[0] if self._dense_shape.shape.rank else None
        return TensorShape(None if rank is None else [None] * rank)

    def get_shape(self) -> TensorShape:
        return self.shape

    def _composite_components(self) -> list[Tensor]:
        """What ``tape.watch`` and ``nest.flatten(..., expand_composites=True)`` see."""
        return [self._indices, self._values, self._dense_shape]

    def with_values(self, new_values) -> "SparseTensor":
        return SparseTensor(self._indices, new_values, self._dense_shape)

    def __repr__(self) -> str:
        return f"SparseTensor(indices={self._indices}, values={self._values}, dense_shape={self._dense_shape})"

    __str__ = __repr__

    def _elementwise(self, other, fn) -> "SparseTensor":
        dense = convert_to_tensor(other, dtype=self.dtype)
        if dense.shape.rank:  # a dense operand broadcast to the dense shape, read at the indices
            full = array_ops.reshape(dense, [1] * (self.shape.rank - dense.shape.rank) + dense.shape.as_list())
            dense = array_ops.gather_nd(_broadcast(full, _static_shape(self)), self._indices)
        return self.with_values(fn(self._values, dense))

    def __mul__(self, other) -> "SparseTensor":
        return self._elementwise(other, math_ops.multiply)

    def __truediv__(self, other) -> "SparseTensor":
        return self._elementwise(other, math_ops.divide)

    def __neg__(self) -> "SparseTensor":
        return self.with_values(math_ops.negative(self._values))


def _broadcast(x: Tensor, shape: list[int]) -> Tensor:
    return broadcast_to(x, shape)


def _static_shape(sp: SparseTensor) -> list[int]:
    value = sp.dense_shape.node.value
    if value is None:
        raise NotImplementedError("gradcompat: tf.sparse ops need the dense_shape's value (an eager tensor or a "
                                  "constant)")
    return [int(d) for d in np.asarray(value)]


def _scatter(indices, values, default, *, shape: tuple):
    out = jnp.full(shape, default, values.dtype)
    return out.at[tuple(indices[:, i] for i in range(len(shape)))].set(values) if len(shape) else values


def to_dense(sp_input: SparseTensor, default_value=None, validate_indices: bool = True, name=None) -> Tensor:
    """``tf.sparse.to_dense``: the values at their indices, ``default_value`` (0) elsewhere;
    TF's InvalidArgumentError for an index out of the dense shape."""
    if not isinstance(sp_input, SparseTensor):
        raise TypeError(f"Input must be a SparseTensor, got {type(sp_input).__name__}")
    shape = _static_shape(sp_input)
    index_values = sp_input.indices.node.value
    if validate_indices and index_values is not None:
        array = np.asarray(index_values)
        for row, index in enumerate(array):
            if np.any(index < 0) or np.any(index >= shape):
                raise kernel_error("SparseToDense", f"indices[{row}] = [{','.join(map(str, index))}] is out of "
                                   f"bounds: need 0 <= index < [{','.join(map(str, shape))}]")
    default = convert_to_tensor(0 if default_value is None else default_value, dtype=sp_input.dtype)
    return make_op(_scatter, [sp_input.indices, sp_input.values, default], {"shape": tuple(shape)},
                   op_type="SparseToDense", name=name)


def from_dense(tensor, name=None) -> SparseTensor:
    """``tf.sparse.from_dense``: the nonzero entries (row-major), their values gathered (differentiable)."""
    x = convert_to_tensor(tensor)
    value = x.node.value
    if value is None:
        raise NotImplementedError("gradcompat: tf.sparse.from_dense needs an eager tensor")
    indices = constant(np.argwhere(np.asarray(value) != 0).astype(np.int64))
    return SparseTensor(indices, array_ops.gather_nd(x, indices), constant(np.array(x.shape.as_list(), np.int64)))


def reduce_sum(sp_input: SparseTensor, axis=None, keepdims=None, output_is_sparse: bool = False, name=None):
    """``tf.sparse.reduce_sum`` (a dense result; ``output_is_sparse`` gives it as a SparseTensor)."""
    dense = reduction_ops.reduce_sum(to_dense(sp_input), axis=axis, keepdims=bool(keepdims))
    return from_dense(dense) if output_is_sparse else dense


def reduce_max(sp_input: SparseTensor, axis=None, keepdims=None, output_is_sparse: bool = False, name=None):
    """``tf.sparse.reduce_max``: over the stored values only (missing entries are not zeros)."""
    low = np.finfo(sp_input.dtype.np).min if sp_input.dtype.is_floating else np.iinfo(sp_input.dtype.np).min
    dense = reduction_ops.reduce_max(to_dense(sp_input, default_value=low), axis=axis, keepdims=bool(keepdims))
    return from_dense(dense) if output_is_sparse else dense


def sparse_dense_matmul(sp_a, b, adjoint_a: bool = False, adjoint_b: bool = False, name=None) -> Tensor:
    """``tf.sparse.sparse_dense_matmul``: either operand may be the SparseTensor."""
    a = to_dense(sp_a) if isinstance(sp_a, SparseTensor) else sp_a
    b = to_dense(b) if isinstance(b, SparseTensor) else b
    return linalg_ops.matmul(a, b, adjoint_a=adjoint_a, adjoint_b=adjoint_b)


def add(a, b, threshold=0, name=None):
    """``tf.sparse.add``: sparse + dense is dense; sparse + sparse is sparse (entries summed)."""
    if isinstance(a, SparseTensor) and isinstance(b, SparseTensor):
        return from_dense(math_ops.add(to_dense(a), to_dense(b)))
    sparse, dense = (a, b) if isinstance(a, SparseTensor) else (b, a)
    return math_ops.add(to_dense(sparse), dense)


def reorder(sp_input: SparseTensor, name=None) -> SparseTensor:
    """``tf.sparse.reorder``: entries in row-major order of their indices."""
    indices = np.asarray(sp_input.indices.node.value)
    order = np.lexsort(indices.T[::-1]) if len(indices) else np.zeros(0, np.int64)
    return SparseTensor(constant(indices[order]), array_ops.gather(sp_input.values, order), sp_input.dense_shape)


def transpose(sp_input: SparseTensor, perm=None, name=None) -> SparseTensor:
    """``tf.sparse.transpose``: indices and shape permuted (reversed by default), then reordered."""
    shape = _static_shape(sp_input)
    perm = list(range(len(shape)))[::-1] if perm is None else [int(p) for p in np.asarray(perm)]
    indices = np.asarray(sp_input.indices.node.value)[:, perm]
    moved = SparseTensor(constant(indices), sp_input.values, constant(np.array([shape[p] for p in perm], np.int64)))
    return reorder(moved)


def retain(sp_input: SparseTensor, to_retain) -> SparseTensor:
    """``tf.sparse.retain``: the entries where ``to_retain`` is True."""
    keep = np.flatnonzero(np.asarray(getattr(to_retain, "numpy", lambda: to_retain)()))
    return SparseTensor(constant(np.asarray(sp_input.indices.node.value)[keep]),
                        array_ops.gather(sp_input.values, keep), sp_input.dense_shape)


def expand_composites(value) -> list:
    """A SparseTensor as its component tensors (anything else as itself)."""
    return value._composite_components() if isinstance(value, SparseTensor) else [value]
