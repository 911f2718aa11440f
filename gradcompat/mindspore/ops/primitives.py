"""MindSpore primitives (``ops.MatMul()(x, y)``) and their functional forms (``ops.matmul``).

A primitive is an object holding its attributes; calling it applies a pure JAX kernel
through core, with MindSpore's checks and error texts.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ...core import apply
from ...core import stop_gradient as core_stop_gradient
from ..tensor import Tensor, _axis, binary
from .. import _kernels as K


class Primitive:
    """Base of MindSpore primitives: ``name`` is the operator name used in error texts."""

    name = "Primitive"

    def __repr__(self) -> str:
        return f"Prim[{self.name}]"


class MatMul(Primitive):
    """``ops.MatMul(transpose_a=False, transpose_b=False)``: 2-D matrix product."""

    name = "MatMul"

    def __init__(self, transpose_a: bool = False, transpose_b: bool = False) -> None:
        self.transpose_a = bool(transpose_a)
        self.transpose_b = bool(transpose_b)

    def __call__(self, x: Tensor, y: Tensor) -> Tensor:
        x, y = _as_tensor(x), _as_tensor(y)
        if x.ndim != 2 or y.ndim != 2:
            raise ValueError("MatMul inputs should have the same dimension size and equal to 2.")
        return _matmul(x, y, self.transpose_a, self.transpose_b)


def _matmul(x: Tensor, y: Tensor, transpose_a: bool, transpose_b: bool, name: str = "MatMul") -> Tensor:
    x, y = _as_tensor(x), _as_tensor(y)
    if x.dtype != y.dtype:
        raise TypeError(f"For '{name}', the type of 'x2' should be same as 'x1', but got 'x1' with type "
                        f"Tensor[{x.dtype}] and 'x2' with type Tensor[{y.dtype}].")
    xs, ys = x.shape, y.shape
    if len(xs) >= 2 and len(ys) >= 2:
        x_col = xs[-2] if transpose_a else xs[-1]
        y_row = ys[-1] if transpose_b else ys[-2]
        if x_col != y_row:
            raise ValueError(f"For '{name}' the input dimensions must be equal, but got 'x1_col': {x_col} "
                             f"and 'x2_row': {y_row}.")
    return Tensor._from_node(apply(K.matmul, [x.node, y.node],
                                   {"transpose_a": transpose_a, "transpose_b": transpose_b}, name=name))


def _as_tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


class _Binary(Primitive):
    op = ""

    def __call__(self, x: Any, y: Any) -> Tensor:
        if not isinstance(x, Tensor):
            return binary(self.op, _as_tensor(y), x, reverse=True, name=self.name)
        return binary(self.op, x, y, name=self.name)


class Add(_Binary):
    """``ops.Add()(x, y)``: elementwise sum with broadcasting and dtype promotion."""
    name, op = "Add", "add"


class Sub(_Binary):
    """``ops.Sub()(x, y)``."""
    name, op = "Sub", "sub"


class Mul(_Binary):
    """``ops.Mul()(x, y)``: elementwise product with broadcasting and dtype promotion."""
    name, op = "Mul", "mul"


class Div(_Binary):
    """``ops.Div()(x, y)``."""
    name, op = "Div", "div"


class ReduceSum(Primitive):
    """``ops.ReduceSum(keep_dims=False)(x, axis=())``: ``axis=()`` sums every dimension."""

    name = "ReduceSum"

    def __init__(self, keep_dims: bool = False) -> None:
        self.keep_dims = bool(keep_dims)

    def __call__(self, x: Tensor, axis=()) -> Tensor:
        return Tensor._from_node(apply(K.reduce_sum, [x.node],
                                       {"axis": _axis(axis), "keepdims": self.keep_dims, "dtype": None},
                                       name=self.name))


class ReduceMean(Primitive):
    """``ops.ReduceMean(keep_dims=False)(x, axis=())``."""

    name = "ReduceMean"

    def __init__(self, keep_dims: bool = False) -> None:
        self.keep_dims = bool(keep_dims)

    def __call__(self, x: Tensor, axis=()) -> Tensor:
        return Tensor._from_node(apply(K.reduce_mean, [x.node],
                                       {"axis": _axis(axis), "keepdims": self.keep_dims,
                                        "dtype": np.dtype(x.node.aval.dtype).name}, name=self.name))


# -- functional forms --------------------------------------------------------------------

def matmul(input: Tensor, other: Tensor) -> Tensor:  # noqa: A002 - MindSpore's argument name
    """``ops.matmul(input, other)``."""
    return _matmul(input, other, False, False)


def mul(input: Any, other: Any) -> Tensor:  # noqa: A002
    """``ops.mul(input, other)``."""
    return Mul()(input, other)


def add(input: Any, other: Any, alpha: float = 1) -> Tensor:  # noqa: A002
    """``ops.add(input, other)``."""
    return Add()(input, other if alpha == 1 else other * alpha)


def sub(input: Any, other: Any) -> Tensor:  # noqa: A002
    return Sub()(input, other)


def div(input: Any, other: Any) -> Tensor:  # noqa: A002
    return Div()(input, other)


def reduce_sum(x: Tensor, axis=(), keep_dims: bool = False) -> Tensor:
    return ReduceSum(keep_dims)(x, axis)


def sum(input: Tensor, dim=None, keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A001,A002
    """``ops.sum(input, dim=None, keepdim=False, *, dtype=None)``."""
    return input.sum(axis=dim, keepdims=keepdim, dtype=dtype)


def stop_gradient(value: Any) -> Any:
    """``ops.stop_gradient``: the value, with no gradient flowing back through it (Tensors
    in a tuple/list too, as MindSpore accepts)."""
    if isinstance(value, (tuple, list)):
        return type(value)(stop_gradient(v) for v in value)
    return Tensor._from_node(apply(core_stop_gradient, [_as_tensor(value).node], name="StopGradient"))
