"""The op methods of ``mindspore.Tensor`` (``x.abs()``, ``x.max(axis)``, ``x.view(2, 3)``...),
with MindSpore 2.x's argument names, defaults and result dtypes; each is the functional op
of the same name (``ops.functional``), so both forms share kernels and gradients."""
from __future__ import annotations

import builtins
import functools
import importlib

import numpy as np

from . import dtype as mstype


@functools.lru_cache(maxsize=None)
def _functional():
    # imported on first use: ops.functional imports the Tensor class these methods belong to
    return importlib.import_module("gradcompat.mindspore.ops.functional")


@functools.lru_cache(maxsize=None)
def _value_checks():
    # imported on first use, as ops.functional above
    return importlib.import_module("gradcompat.mindspore.ops.value_checks")


def _shape_args(shape: tuple) -> tuple:
    return tuple(shape[0]) if len(shape) == 1 and isinstance(shape[0], (list, tuple)) else tuple(shape)


class TensorMethods:
    """Mixed into ``Tensor``: op methods defined through the functional ops."""

    # -- reductions -----------------------------------------------------------------
    def max(self, axis=None, keepdims: builtins.bool = False, *, initial=None, where=None):
        """``x.max(axis=None, keepdims=False)``: over every axis, tied maxima share the
        gradient (ReduceMax); along one axis the first maximum gets it (ArgMaxWithValue)."""
        return self._extreme("max", axis, keepdims)

    def min(self, axis=None, keepdims: builtins.bool = False, *, initial=None, where=None):
        """``x.min(axis=None, keepdims=False)``: as ``max``."""
        return self._extreme("min", axis, keepdims)

    def _extreme(self, op: str, axis, keepdims: builtins.bool):
        F = _functional()
        if axis is None:
            return (F.amax if op == "max" else F.amin)(self, None, keepdims)
        return F.arg_extreme(self, op, axis, keepdims)[1]

    def prod(self, axis=None, keep_dims: builtins.bool = False, dtype=None):
        """``x.prod(axis=None, keep_dims=False, dtype=None)``."""
        return _functional().prod(self, axis, keep_dims, dtype)

    def argmax(self, axis=None, keepdims: builtins.bool = False):
        """``x.argmax(axis=None, keepdims=False)``: Int64 indices."""
        return _functional().argmax(self, axis, keepdims)

    def argmin(self, axis=None, keepdims: builtins.bool = False):
        """``x.argmin(axis=None, keepdims=False)``: Int32 indices (MindSpore 2.x's dtype here)."""
        return _functional().argmin(self, axis, keepdims)

    def all(self, axis=None, keep_dims: builtins.bool = False):
        """``x.all(axis=None, keep_dims=False)``."""
        return _functional().reduce_logical(self, "all", axis, keep_dims)

    def any(self, axis=None, keep_dims: builtins.bool = False):
        """``x.any(axis=None, keep_dims=False)``."""
        return _functional().reduce_logical(self, "any", axis, keep_dims)

    # -- shapes ---------------------------------------------------------------------
    def view(self, *shape):
        """``x.view(*shape)``: as reshape."""
        return _functional().reshape(self, _shape_args(shape))

    def expand_dims(self, axis: builtins.int):
        return _functional().expand_dims(self, axis)

    def unsqueeze(self, dim: builtins.int):
        return _functional().unsqueeze(self, dim)

    def squeeze(self, axis=None):
        return _functional().squeeze(self, axis)

    def flatten(self, order: str = "C", *, start_dim: builtins.int = 0, end_dim: builtins.int = -1):
        """``x.flatten()``: every axis by default (start_dim=0, unlike ``ops.flatten``)."""
        return _functional().flatten(self, order, start_dim=start_dim, end_dim=end_dim)

    # -- elementwise ----------------------------------------------------------------
    def abs(self):
        return _functional().abs(self)

    def exp(self):
        return _functional().exp(self)

    def log(self):
        return _functional().log(self)

    def sqrt(self):
        return _functional().sqrt(self)

    def square(self):
        return _functional().square(self)

    def neg(self):
        return _functional().neg(self)

    def sigmoid(self):
        return _functional().sigmoid(self)

    def tanh(self):
        return _functional().tanh(self)

    def relu(self):
        return _functional().relu(self)

    def softmax(self, axis: builtins.int = -1, dtype=None):
        return _functional().softmax(self, axis, dtype=dtype)

    def isnan(self):
        """``x.isnan()``: ``ops.isnan(x)``."""
        return _value_checks().isnan(self)

    def isinf(self):
        """``x.isinf()``: ``ops.isinf(x)``."""
        return _value_checks().isinf(self)

    def isfinite(self):
        """``x.isfinite()``: ``ops.isfinite(x)``."""
        return _value_checks().isfinite(self)

    def isneginf(self):
        """``x.isneginf()``: ``ops.isneginf(x)``."""
        return _value_checks().isneginf(self)

    def isposinf(self):
        """``x.isposinf()``: ``ops.isposinf(x)``."""
        return _value_checks().isposinf(self)

    def nan_to_num(self, nan=None, posinf=None, neginf=None):
        """``x.nan_to_num(nan=None, posinf=None, neginf=None)``: ``ops.nan_to_num``."""
        return _value_checks().nan_to_num(self, nan, posinf, neginf)

    def pow(self, exponent):
        return _functional().pow(self, exponent)

    def clip(self, min=None, max=None):  # noqa: A002 - MindSpore's argument names
        return _functional().clamp(self, min, max)

    clamp = clip

    def add(self, other):
        return _functional().add(self, other)

    def sub(self, other):
        return _functional().sub(self, other)

    def mul(self, other):
        return _functional().mul(self, other)

    def div(self, other, *, rounding_mode=None):
        return _functional().div(self, other, rounding_mode=rounding_mode)

    def maximum(self, other):
        return _functional().maximum(self, other)

    def minimum(self, other):
        return _functional().minimum(self, other)

    def matmul(self, tensor2):
        return _functional().matmul(self, tensor2)

    def __matmul__(self, other):
        return _functional().matmul(self, other)

    def __rmatmul__(self, other):
        return _functional().matmul(other, self)

    # -- dtype conversions ------------------------------------------------------------
    def to(self, dtype):
        return self.astype(dtype)

    def float(self):
        return self.astype(mstype.float32)

    def half(self):
        return self.astype(mstype.float16)

    def double(self):
        return self.astype(mstype.float64)

    def int(self):
        return self.astype(mstype.int32)

    def long(self):
        return self.astype(mstype.int64)

    def bool(self):
        return self.astype(mstype.bool_)

    # -- host views ---------------------------------------------------------------------
    @classmethod
    def from_numpy(cls, array: np.ndarray):
        """``Tensor.from_numpy(array)``: a Tensor of the array's dtype and values."""
        return cls(np.asarray(array))

    def value(self):
        """``t.value()``: the Tensor itself as a plain Tensor (a Parameter's value)."""
        return self.copy()

    def is_contiguous(self) -> builtins.bool:
        """``t.is_contiguous()``: True (values here are never strided views). Known difference:
        MindSpore gives False for a view such as a transpose; ``t.contiguous()`` works either way."""
        return True

    def contiguous(self):
        """``t.contiguous()``: the Tensor itself (already contiguous here)."""
        return self

    def numpy(self) -> np.ndarray:
        return self.asnumpy()

    def tolist(self):
        return self.asnumpy().tolist()

    def copy(self):
        return self.astype(self.dtype)

    def dim(self) -> builtins.int:
        return self.ndim

    def numel(self) -> builtins.int:
        return self.size

    @property
    def itemsize(self) -> builtins.int:
        return self.dtype.np_dtype.itemsize

    @property
    def nbytes(self) -> builtins.int:
        return self.size * self.itemsize

    @property
    def strides(self) -> tuple:
        """C-contiguous strides in bytes."""
        return np.empty(self.shape, self.dtype.np_dtype).strides
