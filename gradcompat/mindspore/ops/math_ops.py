"""MindSpore's math primitives: matrix products, elementwise arithmetic, unary math, reductions."""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import _kernels as K
from ..tensor import Tensor, binary, reduction_axes
from .primitives import Primitive, apply_kernel, as_tensor, check_float, check_operand, normalize_axis


class MatMul(Primitive):
    """``ops.MatMul(transpose_a=False, transpose_b=False)``: 2-D matrix product."""

    name = "MatMul"

    def __init__(self, transpose_a: bool = False, transpose_b: bool = False) -> None:
        super().__init__()
        self.transpose_a = bool(transpose_a)
        self.transpose_b = bool(transpose_b)
        self.add_prim_attr("transpose_a", self.transpose_a).add_prim_attr("transpose_b", self.transpose_b)

    def __call__(self, x: Tensor, y: Tensor) -> Tensor:
        x, y = as_tensor(x), as_tensor(y)
        if x.ndim != 2 or y.ndim != 2:
            raise ValueError("MatMul inputs should have the same dimension size and equal to 2.")
        return matmul_checked(x, y, self.transpose_a, self.transpose_b)


class BatchMatMul(MatMul):
    """``ops.BatchMatMul(transpose_a=False, transpose_b=False)``: matrix products over the
    leading (broadcast) batch axes."""

    name = "BatchMatMul"

    def __call__(self, x: Tensor, y: Tensor) -> Tensor:
        x, y = as_tensor(x), as_tensor(y)
        if x.ndim < 3 and y.ndim < 3:
            raise ValueError(f"For 'BatchMatMul', input 'x', 'y' should be greater than or equal to 3, "
                             f"input 'x' shape is {list(x.shape)}, input 'y' shape is {list(y.shape)}.")
        return matmul_checked(x, y, self.transpose_a, self.transpose_b, name=self.name)


def matmul_checked(x: Tensor, y: Tensor, transpose_a: bool, transpose_b: bool, name: str = "MatMul") -> Tensor:
    """A matrix product after MindSpore's dtype and inner-dimension checks."""
    x, y = as_tensor(x), as_tensor(y)
    if x.dtype != y.dtype:
        raise TypeError(f"For '{name}', the type of 'x2' should be same as 'x1', but got 'x1' with type "
                        f"Tensor[{x.dtype}] and 'x2' with type Tensor[{y.dtype}].")
    xs, ys = x.shape, y.shape
    x_col = xs[-2] if transpose_a and len(xs) >= 2 else xs[-1] if xs else None
    y_row = ys[-1] if transpose_b and len(ys) >= 2 else ys[-2] if len(ys) >= 2 else ys[0] if ys else None
    if x_col != y_row:
        _dimension_error(name, x, y, transpose_a, transpose_b, x_col, y_row)
    return apply_kernel(K.matmul, [x, y], name, transpose_a=transpose_a, transpose_b=transpose_b)


def _dimension_error(name: str, x: Tensor, y: Tensor, transpose_a: bool, transpose_b: bool, x_col, y_row):
    """Each matmul primitive words its inner-dimension error its own way."""
    if name == "BatchMatMul":
        shape = lambda t: "{" + ", ".join(str(d) for d in t.shape) + "}"  # noqa: E731
        raise ValueError(f"For BatchMatMul, the row of the input 'y' should be same as the col of the input 'x', "
                         f"with x shape [const vector]{shape(x)}(transpose_a={int(transpose_a)}), y shape "
                         f"[const vector]{shape(y)}(transpose_b={int(transpose_b)})")
    if name == "MatMulExt":
        raise RuntimeError(f"For 'MatMulExt' op, shape1[-1] must be equal to shape2[-2], but got {x_col} and "
                           f"{y_row}.")
    raise ValueError(f"For '{name}' the input dimensions must be equal, but got 'x1_col': {x_col} "
                     f"and 'x2_row': {y_row}.")


class _Binary(Primitive):
    """An elementwise binary primitive with broadcasting and MindSpore's dtype promotion."""

    op = ""

    def __call__(self, x: Any, y: Any) -> Tensor:
        if not isinstance(x, Tensor):
            return binary(self.op, as_tensor(y), x, reverse=True, name=self.name)
        return binary(self.op, x, y, name=self.name)


class Add(_Binary):
    """``ops.Add()(x, y)``."""
    name, op = "Add", "add"


class Sub(_Binary):
    """``ops.Sub()(x, y)``."""
    name, op = "Sub", "sub"


class Mul(_Binary):
    """``ops.Mul()(x, y)``."""
    name, op = "Mul", "mul"


class Div(_Binary):
    """``ops.Div()(x, y)``: true division (integer inputs give Float32)."""
    name, op = "Div", "div"


class RealDiv(_Binary):
    """``ops.RealDiv()(x, y)``: as Div."""
    name, op = "RealDiv", "div"


class Pow(_Binary):
    """``ops.Pow()(x, y)``."""
    name, op = "Pow", "pow"


class Maximum(_Binary):
    """``ops.Maximum()(x, y)``: at ties each input gets half the gradient, as in MindSpore."""
    name, op = "Maximum", "maximum"


class Minimum(_Binary):
    """``ops.Minimum()(x, y)``: at ties each input gets half the gradient."""
    name, op = "Minimum", "minimum"


# Unary ops whose integer inputs MindSpore computes in Float32.
FLOAT_ONLY = frozenset({"exp", "log", "sqrt", "sigmoid", "tanh", "rsqrt", "reciprocal", "sin", "cos",
                        "log1p", "expm1", "erf", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh",
                        "arcsinh", "arccosh", "arctanh", "log2", "log10", "exp2", "cbrt", "deg2rad", "rad2deg"})


# Unary ops that refuse integer and bool inputs, with the dtypes MindSpore's error lists.
FLOAT_INPUTS = {"exp": ("input", "BFloat16, Bool, Complex128, Complex64, Float16, Float32, Float64, Int64")}


def unary(op: str, x: Any, name: str) -> Tensor:
    """An elementwise op on ``x`` (integer inputs of float-only ops are cast to Float32)."""
    check_operand(name, x)
    x = as_tensor(x)
    if op in FLOAT_INPUTS:
        check_float(name, x, *FLOAT_INPUTS[op])
    dtype = "float32" if op in FLOAT_ONLY and np.dtype(x.node.aval.dtype).kind in "biu" else None
    return apply_kernel(K.unary, [x], name, op=op, dtype=dtype)


class _Unary(Primitive):
    op = ""

    def __call__(self, x: Any) -> Tensor:
        return unary(self.op, x, self.name)


class Exp(_Unary):
    """``ops.Exp()(x)``."""
    name, op = "Exp", "exp"


class Log(_Unary):
    """``ops.Log()(x)``."""
    name, op = "Log", "log"


class Sqrt(_Unary):
    """``ops.Sqrt()(x)``: the gradient at 0 is inf, as in MindSpore."""
    name, op = "Sqrt", "sqrt"


class Rsqrt(_Unary):
    """``ops.Rsqrt()(x)``."""
    name, op = "Rsqrt", "rsqrt"


class Reciprocal(_Unary):
    """``ops.Reciprocal()(x)``."""
    name, op = "Reciprocal", "reciprocal"


class Sin(_Unary):
    """``ops.Sin()(x)``."""
    name, op = "Sin", "sin"


class Cos(_Unary):
    """``ops.Cos()(x)``."""
    name, op = "Cos", "cos"


class Floor(_Unary):
    """``ops.Floor()(x)``."""
    name, op = "Floor", "floor"


class Sign(_Unary):
    """``ops.Sign()(x)``."""
    name, op = "Sign", "sign"


class Erf(_Unary):
    """``ops.Erf()(x)``."""
    name, op = "Erf", "erf"


class CumSum(Primitive):
    """``ops.CumSum(exclusive=False, reverse=False)(x, axis)``: keeps the input dtype."""

    name = "CumSum"

    def __init__(self, exclusive: bool = False, reverse: bool = False) -> None:
        super().__init__()
        self.exclusive, self.reverse = bool(exclusive), bool(reverse)
        self.add_prim_attr("exclusive", self.exclusive).add_prim_attr("reverse", self.reverse)

    def __call__(self, x: Tensor, axis: int) -> Tensor:
        x = as_tensor(x)
        return apply_kernel(K.cumsum, [x], self.name, axis=normalize_axis(int(axis), x.ndim, self.name),
                            exclusive=self.exclusive, reverse=self.reverse)


class Equal(Primitive):
    """``ops.Equal()(x, y)``: a Bool Tensor, with MindSpore's dtype promotion."""

    name = "Equal"

    def __call__(self, x: Any, y: Any) -> Tensor:
        return as_tensor(x) == y if isinstance(x, Tensor) else as_tensor(y) == x


class Square(_Unary):
    """``ops.Square()(x)``."""
    name, op = "Square", "square"


class Abs(_Unary):
    """``ops.Abs()(x)``: the gradient at 0 is 0 (sign(x)), as in MindSpore."""
    name, op = "Abs", "abs"


class Neg(_Unary):
    """``ops.Neg()(x)``."""
    name, op = "Neg", "neg"


def checked_axes(x: Tensor, axis, name: str) -> tuple | None:
    """The normalized axes of a reduction (None for all), with MindSpore's range error."""
    chosen = reduction_axes(axis)
    if chosen is None:
        return None
    return tuple(normalize_axis(int(a), x.ndim, name, "axis value") for a in chosen)


def reduce(op: str, x: Any, axis, keep_dims: bool, name: str) -> Tensor:
    """A reduction over ``axis`` (every axis for ``()``/None) keeping the input dtype."""
    x = as_tensor(x)
    return apply_kernel(K.reduce, [x], name, op=op, axis=checked_axes(x, axis, name), keepdims=bool(keep_dims))


class _Reduce(Primitive):
    op = ""

    def __init__(self, keep_dims: bool = False) -> None:
        super().__init__()
        self.keep_dims = bool(keep_dims)
        self.add_prim_attr("keep_dims", self.keep_dims).add_prim_attr("skip_mode", False)

    def __call__(self, x: Tensor, axis=()) -> Tensor:
        return reduce(self.op, x, axis, self.keep_dims, self.name)


class ReduceSum(_Reduce):
    """``ops.ReduceSum(keep_dims=False)(x, axis=())``: ``axis=()`` sums every dimension."""
    name, op = "ReduceSum", "sum"


class ReduceMax(_Reduce):
    """``ops.ReduceMax(keep_dims=False)(x, axis=())``: tied maxima share the gradient evenly."""
    name, op = "ReduceMax", "max"


class ReduceMin(_Reduce):
    """``ops.ReduceMin(keep_dims=False)(x, axis=())``: tied minima share the gradient evenly."""
    name, op = "ReduceMin", "min"


class ReduceProd(_Reduce):
    """``ops.ReduceProd(keep_dims=False)(x, axis=())``; with ``axis=()`` the gradient is
    MindSpore's: the cotangent broadcast to x's shape."""

    name, op = "ReduceProd", "prod"

    def __call__(self, x: Tensor, axis=()) -> Tensor:
        if reduction_axes(axis) is None:
            return apply_kernel(K.reduce_prod_all, [x], self.name, keepdims=self.keep_dims)
        return super().__call__(x, axis)


class ReduceMean(_Reduce):
    """``ops.ReduceMean(keep_dims=False)(x, axis=())``: the result keeps the input dtype."""

    name = "ReduceMean"

    def __call__(self, x: Tensor, axis=()) -> Tensor:
        x = as_tensor(x)
        return apply_kernel(K.reduce_mean, [x], self.name, axis=checked_axes(x, axis, self.name),
                            keepdims=self.keep_dims,
                            dtype=np.dtype(x.node.aval.dtype).name)
