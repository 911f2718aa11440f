"""``mindspore.numpy``: MindSpore's numpy-style API (the commonly used subset), returning
MindSpore Tensors and differentiable under ``ops.grad``, translated onto the dialect's ops.

As in MindSpore numpy, python ints become Int32 and floats Float32 (``array([1, 2])`` is
Int32), numpy arrays are refused by ``array``/``asarray`` (pass a Tensor or a list), integer
sums are Int64 and integer means are truncated to the input dtype. Known differences: where
MindSpore's kernels refuse an integer input (``exp`` of Int32), float functions compute it in
Float32 here; ``allclose``, ``ndim`` and ``shape`` are numpy's names that MindSpore 2.10 lacks.
"""
from __future__ import annotations

import math as _math

from .. import dtype as _mstype
from .array_ops import (array_split, atleast_1d, atleast_2d, atleast_3d, broadcast_to, column_stack,  # noqa: F401
                        concatenate, expand_dims, flip, fliplr, flipud, hsplit, hstack, isscalar, moveaxis, ndim,
                        ravel, repeat, reshape, roll, shape, size, split, squeeze, stack, swapaxes, take,
                        take_along_axis, tile, transpose, unique, vsplit, vstack, where)
from .creation import (arange, array, asarray, asfarray, diag, empty, empty_like, eye, full, full_like,  # noqa: F401
                       identity, linspace, logspace, meshgrid, ones, ones_like, tri, tril, triu, zeros, zeros_like)
from .math_ops import (abs, absolute, add, allclose, amax, amin, arccos, arccosh, arcsin, arcsinh,  # noqa: F401,A004
                       arctan, arctan2, arctanh, argmax, argmin, around, array_equal, average, bitwise_and,
                       bitwise_or, bitwise_xor, cbrt, ceil, clip, copysign, cos, cosh, count_nonzero, cumsum,
                       deg2rad, degrees, divide, dot, equal, exp, exp2, expm1, fabs, fix, float_power, floor,
                       floor_divide, fmod, greater, greater_equal, hypot, inner, isclose, isfinite, isinf, isnan,
                       less, less_equal, log, log1p, log2, log10, logaddexp, logical_and, logical_not, logical_or,
                       logical_xor, matmul, max, maximum, mean, min, minimum, mod, multiply, negative, norm,
                       not_equal, outer, positive, power, ptp, rad2deg, radians, reciprocal, remainder, rint,
                       round, sign, signbit, sin, sinh, sqrt, square, std, subtract, sum, tan, tanh, tensordot,
                       trace, true_divide, trunc, var)

# dtypes and constants, as ``mindspore.numpy`` exposes them
bool_, float16, float32, float64 = _mstype.bool_, _mstype.float16, _mstype.float32, _mstype.float64
int8, int16, int32, int64 = _mstype.int8, _mstype.int16, _mstype.int32, _mstype.int64
uint8, uint16, uint32, uint64 = _mstype.uint8, _mstype.uint16, _mstype.uint32, _mstype.uint64
float_, int_, uint = float32, int32, uint32
pi, e, inf, nan, PINF, NINF = _math.pi, _math.e, _math.inf, _math.nan, _math.inf, -_math.inf
