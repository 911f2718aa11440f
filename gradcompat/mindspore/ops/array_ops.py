"""MindSpore's array primitives: shapes, joins, gathers, selection, creation, casts."""
from __future__ import annotations

from typing import Any

import numpy as np

from ...core import Constant, select
from .. import _kernels as K
from .. import dtype as mstype
from ..tensor import Tensor, check_broadcast
from .primitives import Primitive, apply_kernel, as_tensor, normalize_axis


class Reshape(Primitive):
    """``ops.Reshape()(x, shape)`` (one ``-1`` is inferred)."""

    name = "Reshape"

    def __call__(self, x: Tensor, shape) -> Tensor:
        x = as_tensor(x)
        shape = tuple(int(d) for d in shape)
        known = int(np.prod([d for d in shape if d != -1], dtype=np.int64))
        if (-1 not in shape and known != x.size) or (-1 in shape and (known == 0 or x.size % known)):
            proposed = "{" + ", ".join(str(d) for d in shape) + "}"
            raise ValueError(f"proposed_shape '[const vector]{proposed}' is invalid for input of size {x.size}")
        return apply_kernel(K.reshape, [x], self.name, shape=shape)


class Transpose(Primitive):
    """``ops.Transpose()(x, input_perm)``."""

    name = "Transpose"

    def __call__(self, x: Tensor, input_perm) -> Tensor:
        x = as_tensor(x)
        if len(input_perm) != x.ndim:
            raise ValueError(f"For 'Transpose', size of perm should equal to rank of x, but got {len(input_perm)} "
                             f"and {x.ndim}!")
        perm = tuple(normalize_axis(int(p), x.ndim) for p in input_perm)
        return apply_kernel(K.transpose, [x], self.name, axes=perm)


def _vector(shape: tuple) -> str:
    return "[const vector]{" + ", ".join(str(d) for d in shape) + "}"


def _join(kernel, name: str, tensors, axis: int) -> Tensor:
    tensors = [as_tensor(t) for t in tensors]
    dtypes = {t.dtype for t in tensors}
    if len(dtypes) > 1:
        raise TypeError(f"For '{name}', the dtypes of all inputs must be the same, but got "
                        f"{', '.join(str(t.dtype) for t in tensors)}.")
    first = tensors[0].shape
    if name == "Stack":
        for t in tensors[1:]:
            if t.shape != first:
                raise ValueError(f"All input shape must be the same! {_vector(t.shape)} And {_vector(first)}")
        return apply_kernel(kernel, tensors, name, axis=normalize_axis(int(axis), len(first) + 1))
    axis = normalize_axis(int(axis), len(first))
    for t in tensors[1:]:
        bad = [d for d in range(len(first)) if d != axis and (len(t.shape) != len(first) or t.shape[d] != first[d])]
        if bad:
            shapes = "{" + ", ".join(_vector(u.shape) for u in tensors) + "}"
            raise ValueError(f"For primitive[Concat], shapes of tensors must match except in given concat axis "
                             f"{axis}, but got mismatch in {bad[0]}(all input shapes are [const vector]{shapes})!")
    return apply_kernel(kernel, tensors, name, axis=axis)


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
        if not -x.ndim - 1 <= axis <= x.ndim:
            raise ValueError(f"Dimension out of range (expected to be in range of [{-x.ndim - 1}, {x.ndim + 1}), "
                             f"but got {axis})")
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
        x, index = as_tensor(x), as_tensor(index)
        if index.ndim != x.ndim:
            raise ValueError(f"For primitive[GatherD], the x_rank must be equal to {index.ndim}, but got {x.ndim}.")
        return apply_kernel(K.gather_d, [x, index], self.name, dim=normalize_axis(int(dim), x.ndim))


class Cast(Primitive):
    """``ops.Cast()(x, dtype)``."""

    name = "Cast"

    def __call__(self, x: Any, dtype: mstype.Type) -> Tensor:
        if not isinstance(dtype, mstype.Type):
            raise TypeError(f"For 'Cast', the input 'dtype' should be mindspore dtype, but got {dtype}.")
        return apply_kernel(K.cast, [x], self.name, dtype=mstype.to_numpy(dtype).name)


class Select(Primitive):
    """``ops.Select()(condition, x, y)``: ``x`` where ``condition`` (a Bool Tensor), else ``y``."""

    name = "Select"

    def __call__(self, condition: Tensor, x: Any, y: Any) -> Tensor:
        condition, x = as_tensor(condition), as_tensor(x)
        check_broadcast(self.name, condition.node, x.node, ("condition", "input"))
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
    for i, d in enumerate(shape):
        if d < 0:
            raise ValueError(f"For primitive[Ones], the {i}th dimension of input shape must be greater than or equal "
                             f"to 0, but got {d}.")
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
        multiples = tuple(int(m) for m in multiples)  # fewer than the rank: leading axes repeat once
        return apply_kernel(K.tile, [input], self.name, multiples=multiples)


class BroadcastTo(Primitive):
    """``ops.BroadcastTo(shape)(x)``: ``-1`` keeps the input's size on that axis."""

    name = "BroadcastTo"

    def __init__(self, shape) -> None:
        super().__init__()
        self.shape = tuple(int(d) for d in shape)
        self.add_prim_attr("shape", self.shape)

    def __call__(self, x: Tensor) -> Tensor:
        x = as_tensor(x)
        offset = len(self.shape) - x.ndim
        shape = tuple(x.shape[i - offset] if d == -1 and i >= offset else d for i, d in enumerate(self.shape))
        return apply_kernel(K.broadcast_to, [x], self.name, shape=shape)


def split_tensor(x: Tensor, sizes: tuple, axis: int) -> tuple:
    """The pieces of ``x`` of the given sizes along ``axis``."""
    offsets = tuple(int(o) for o in np.cumsum(sizes)[:-1])
    node = apply_kernel(K.split, [x], "Split", sections=offsets, axis=axis).node
    return tuple(Tensor._from_node(select(node, i)) for i in range(len(sizes)))


class Split(Primitive):
    """``ops.Split(axis=0, output_num=1)(x)``: ``output_num`` equal pieces along ``axis``."""

    name = "Split"

    def __init__(self, axis: int = 0, output_num: int = 1) -> None:
        super().__init__()
        self.axis, self.output_num = axis, output_num
        self.add_prim_attr("axis", axis).add_prim_attr("output_num", output_num)

    def __call__(self, x: Tensor) -> tuple:
        x = as_tensor(x)
        axis = normalize_axis(self.axis, x.ndim, self.name)
        return split_tensor(x, (x.shape[axis] // self.output_num,) * self.output_num, axis)


class OneHot(Primitive):
    """``ops.OneHot(axis=-1)(indices, depth, on_value, off_value)``."""

    name = "OneHot"

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = axis
        self.add_prim_attr("axis", axis)

    def __call__(self, indices: Tensor, depth: int, on_value: Any, off_value: Any) -> Tensor:
        return apply_kernel(K.one_hot, [indices, on_value, off_value], self.name, depth=int(depth), axis=self.axis)


class Argmax(Primitive):
    """``ops.Argmax(axis=-1, output_type=mstype.int32)(x)``: index of the first maximum."""

    name = "Argmax"

    def __init__(self, axis: int = -1, output_type: mstype.Type = mstype.int32) -> None:
        super().__init__()
        self.axis, self.output_type = axis, output_type
        self.add_prim_attr("axis", axis).add_prim_attr("output_type", output_type)

    def __call__(self, x: Tensor) -> Tensor:
        x = as_tensor(x)
        node = apply_kernel(K.arg_reduce_with_value, [x], self.name, op="max",
                            axis=normalize_axis(self.axis, x.ndim, self.name), keepdims=False).node
        return Cast()(Tensor._from_node(select(node, 0)), self.output_type)


class Shape(Primitive):
    """``ops.Shape()(x)``: the shape as a python tuple."""

    name = "Shape"

    def __call__(self, x: Tensor) -> tuple:
        return as_tensor(x).shape
