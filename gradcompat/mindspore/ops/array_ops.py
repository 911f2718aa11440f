"""MindSpore's array primitives: shapes, joins, gathers, selection, creation, casts."""
from __future__ import annotations

from typing import Any

import numpy as np

from ...core import Constant
from .. import _kernels as K
from .. import dtype as mstype
from ..tensor import Tensor
from .primitives import Primitive, apply_kernel, as_tensor, normalize_axis


class Reshape(Primitive):
    """``ops.Reshape()(x, shape)`` (one ``-1`` is inferred)."""

    name = "Reshape"

    def __call__(self, x: Tensor, shape) -> Tensor:
        x = as_tensor(x)
        shape = tuple(int(d) for d in shape)
        known = int(np.prod([d for d in shape if d != -1], dtype=np.int64))
        if (-1 not in shape and known != x.size) or (-1 in shape and (known == 0 or x.size % known)):
            raise ValueError(f"For 'Reshape', the product of the 'input_x' shape should be equal to product of "
                             f"'input_shape', but got product of the shape of 'input_x': {x.size}, product of "
                             f"'input_shape': {known}.")
        return apply_kernel(K.reshape, [x], self.name, shape=shape)


class Transpose(Primitive):
    """``ops.Transpose()(x, input_perm)``."""

    name = "Transpose"

    def __call__(self, x: Tensor, input_perm) -> Tensor:
        x = as_tensor(x)
        perm = tuple(normalize_axis(int(p), x.ndim) for p in input_perm)
        if len(perm) != x.ndim:
            raise ValueError(f"For 'Transpose', the size of 'input_perm' must be equal to the dimension of "
                             f"'input_x', but got {len(perm)} and {x.ndim}.")
        return apply_kernel(K.transpose, [x], self.name, axes=perm)


def _join(kernel, name: str, tensors, axis: int) -> Tensor:
    tensors = [as_tensor(t) for t in tensors]
    dtypes = {t.dtype for t in tensors}
    if len(dtypes) > 1:
        raise TypeError(f"For '{name}', the dtypes of all inputs must be the same, but got "
                        f"{', '.join(str(t.dtype) for t in tensors)}.")
    return apply_kernel(kernel, tensors, name, axis=int(axis))


class Concat(Primitive):
    """``ops.Concat(axis=0)(tensors)``: joins a tuple or list of Tensors along ``axis``."""

    name = "Concat"

    def __init__(self, axis: int = 0) -> None:
        super().__init__()
        self.axis = axis
        self.add_prim_attr("axis", axis)

    def __call__(self, tensors) -> Tensor:
        return _join(K.concat, self.name, tensors, self.axis)


class Stack(Primitive):
    """``ops.Stack(axis=0)(tensors)``: stacks same-shaped Tensors along a new ``axis``."""

    name = "Stack"

    def __init__(self, axis: int = 0) -> None:
        super().__init__()
        self.axis = axis
        self.add_prim_attr("axis", axis)

    def __call__(self, tensors) -> Tensor:
        return _join(K.stack, self.name, tensors, self.axis)


class Squeeze(Primitive):
    """``ops.Squeeze(axis=())(x)``: removes the given size-1 axes (all of them for ``()``)."""

    name = "Squeeze"

    def __init__(self, axis=()) -> None:
        super().__init__()
        self.axis = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
        self.add_prim_attr("axis", self.axis)

    def __call__(self, x: Tensor) -> Tensor:
        x = as_tensor(x)
        axis = tuple(normalize_axis(a, x.ndim) for a in self.axis) or tuple(
            i for i, d in enumerate(x.shape) if d == 1)
        for a in axis:
            if x.shape[a] != 1:
                raise ValueError(f"For 'Squeeze', the shape of 'input_x' at axis {a} must be 1, but got "
                                 f"{x.shape[a]}.")
        return apply_kernel(K.squeeze, [x], self.name, axis=axis)


class ExpandDims(Primitive):
    """``ops.ExpandDims()(x, axis)``."""

    name = "ExpandDims"

    def __call__(self, x: Tensor, axis: int) -> Tensor:
        x = as_tensor(x)
        return apply_kernel(K.expand_dims, [x], self.name, axis=int(axis))


class Gather(Primitive):
    """``ops.Gather()(input_params, input_indices, axis)``: rows (slices) at integer indices."""

    name = "Gather"

    def __call__(self, input_params: Tensor, input_indices: Any, axis: int, batch_dims: int = 0) -> Tensor:
        return apply_kernel(K.gather, [input_params, input_indices], self.name,
                            axis=normalize_axis(int(axis), as_tensor(input_params).ndim))


class GatherD(Primitive):
    """``ops.GatherD()(x, dim, index)``: elements at ``index`` along ``dim`` (index has x's rank)."""

    name = "GatherD"

    def __call__(self, x: Tensor, dim: int, index: Tensor) -> Tensor:
        x = as_tensor(x)
        return apply_kernel(K.gather_d, [x, index], self.name, dim=normalize_axis(int(dim), x.ndim))


class Cast(Primitive):
    """``ops.Cast()(x, dtype)``."""

    name = "Cast"

    def __call__(self, x: Any, dtype: mstype.Type) -> Tensor:
        return apply_kernel(K.cast, [x], self.name, dtype=mstype.to_numpy(dtype).name)


class Select(Primitive):
    """``ops.Select()(condition, x, y)``: ``x`` where ``condition`` (a Bool Tensor), else ``y``."""

    name = "Select"

    def __call__(self, condition: Tensor, x: Any, y: Any) -> Tensor:
        return apply_kernel(K.where, [condition, x, y], self.name)


class OnesLike(Primitive):
    """``ops.OnesLike()(x)``."""

    name = "OnesLike"

    def __call__(self, x: Tensor) -> Tensor:
        return apply_kernel(K.full_like, [x], self.name, value=1)


class ZerosLike(Primitive):
    """``ops.ZerosLike()(x)``."""

    name = "ZerosLike"

    def __call__(self, x: Tensor) -> Tensor:
        return apply_kernel(K.full_like, [x], self.name, value=0)


def filled(shape, value, dtype: mstype.Type | None) -> Tensor:
    """A constant Tensor of ``shape`` filled with ``value``."""
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    target = mstype.to_numpy(dtype) if dtype is not None else np.asarray(as_tensor(value).asnumpy()).dtype
    return Tensor._from_node(Constant(K.fill(shape=shape, value=value, dtype=target.name)))


class Fill(Primitive):
    """``ops.Fill()(type, shape, value)``."""

    name = "Fill"

    def __call__(self, type: mstype.Type, shape, value) -> Tensor:  # noqa: A002 - MindSpore's name
        return filled(shape, value, type)


class Tile(Primitive):
    """``ops.Tile()(input, multiples)``: repeats the input ``multiples`` times per axis."""

    name = "Tile"

    def __call__(self, input: Tensor, multiples) -> Tensor:  # noqa: A002
        input = as_tensor(input)
        multiples = tuple(int(m) for m in multiples)
        if len(multiples) < input.ndim:
            raise ValueError(f"For 'Tile', the length of 'dims' should be greater than or equal to the "
                             f"dimension of 'input', but got {len(multiples)} and {input.ndim}.")
        return apply_kernel(K.tile, [input], self.name, multiples=multiples)


class Shape(Primitive):
    """``ops.Shape()(x)``: the shape as a python tuple."""

    name = "Shape"

    def __call__(self, x: Tensor) -> tuple:
        return as_tensor(x).shape
