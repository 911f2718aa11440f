"""``mindspore.dataset.transforms``: ``Compose``, ``TypeCast``, ``OneHot``, ``Duplicate``,
``Fill``, ``Concatenate``, ``Slice``, ``RandomApply``, ``RandomChoice`` on numpy arrays, with
MindSpore's results and errors."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from ...dtype import Type as _MsType, to_numpy as _ms_to_numpy
from .. import config
from ..pipeline_run import apply_ops
from ..validate import type_check
from .operation import OpError, PyTensorOperation, TensorOperation, check_list_type

__all__ = ["Compose", "Concatenate", "Duplicate", "Fill", "OneHot", "PyTensorOperation", "RandomApply",
           "RandomChoice", "Slice", "TensorOperation", "TypeCast"]


def numpy_dtype(data_type: Any, name: str = "data_type") -> np.dtype:
    """A MindSpore dtype, numpy dtype or dtype name as numpy's dtype (MindSpore's check)."""
    if isinstance(data_type, _MsType):
        return np.dtype(_ms_to_numpy(data_type))
    if isinstance(data_type, str):
        return np.dtype(data_type)
    if isinstance(data_type, np.dtype) or (isinstance(data_type, type) and issubclass(data_type, np.generic)):
        return np.dtype(data_type)
    raise TypeError(f"Argument {name} with value {data_type} is not of type [<class "
                    f"'mindspore._c_expression.typing.Type'>, <class 'numpy.dtype'>], but got {type(data_type)}.")


class TypeCast(TensorOperation):
    """``TypeCast(data_type)``: the array cast to a MindSpore or numpy dtype."""

    def __init__(self, data_type: Any):
        self.data_type = data_type
        self._dtype = numpy_dtype(data_type)

    def _apply(self, x: np.ndarray) -> np.ndarray:
        return x.astype(self._dtype)


class OneHot(TensorOperation):
    """``OneHot(num_classes, smoothing_rate=0.0)``: integer labels to one-hot rows of the label's
    dtype (float64 with smoothing: ``1 - rate + rate / n`` and ``rate / n``)."""

    def __init__(self, num_classes: int, smoothing_rate: float = 0.0):
        type_check(num_classes, (int,), "num_classes")
        if num_classes <= 0:
            raise ValueError("Input must be greater than 0.")
        type_check(smoothing_rate, (int, float), "smoothing_rate")
        if not 0.0 <= smoothing_rate <= 1.0:
            raise ValueError("Input smoothing_rate is not within the required interval of [0.0, 1.0].")
        self.num_classes, self.smoothing_rate = num_classes, float(smoothing_rate)

    def _apply(self, x: np.ndarray) -> np.ndarray:
        if x.dtype.kind not in "iu":
            raise OpError(f"OneHot: Only support input of int type, but got: {x.dtype}")
        if x.ndim > 1:
            raise OpError(f"OneHot: Only support input of 0-D or 1-D, but got: {x.ndim}-D")
        if x.size and (x.max() >= self.num_classes or x.min() < 0):
            bad = x.max() if x.max() >= self.num_classes else x.min()
            raise OpError(f"OneHot: index values should not bigger than num classes: {self.num_classes}, "
                          f"but got: {bad}")
        hot = (x[..., None] == np.arange(self.num_classes))
        if self.smoothing_rate:
            rate, n = self.smoothing_rate, self.num_classes
            return np.where(hot, 1 - rate + rate / n, rate / n).astype(np.float64)
        return hot.astype(x.dtype)


class Duplicate(TensorOperation):
    """``Duplicate()``: the input and a copy (two columns)."""

    def _apply(self, x: np.ndarray):
        return x, x.copy()


class Fill(TensorOperation):
    """``Fill(fill_value)``: an array of the input's shape and dtype filled with the value."""

    def __init__(self, fill_value):
        self.fill_value = fill_value

    def _apply(self, x: np.ndarray) -> np.ndarray:
        return np.full_like(x, self.fill_value)


class Concatenate(TensorOperation):
    """``Concatenate(axis=0, prepend=None, append=None)`` of a 1-D array."""

    def __init__(self, axis: int = 0, prepend=None, append=None):
        self.axis, self.prepend, self.append = axis, prepend, append

    def _apply(self, x: np.ndarray) -> np.ndarray:
        parts = [p for p in (self.prepend, x, self.append) if p is not None]
        return np.concatenate([np.asarray(p) for p in parts], axis=self.axis)


class Slice(TensorOperation):
    """``Slice(*slices)``: numpy indexing with slices, indices or lists."""

    def __init__(self, *slices):
        self.slices = tuple(slices)

    def _apply(self, x: np.ndarray) -> np.ndarray:
        return x[self.slices if len(self.slices) != 1 else self.slices[0]]


class Compose(PyTensorOperation):
    """``Compose(transforms)``: the transforms applied in turn (each gets the previous outputs)."""

    def __init__(self, transforms: Sequence[Callable]):
        if not isinstance(transforms, (list, tuple)) or not transforms:
            raise ValueError("transforms list is empty." if isinstance(transforms, (list, tuple)) else
                             f"Argument transforms with value {transforms} is not of type [<class 'list'>], "
                             f"but got {type(transforms)}.")
        for i, t in enumerate(transforms):
            if not callable(t):
                raise ValueError(f"transforms[{i}] is not callable.")
        self.transforms = list(transforms)

    def __call__(self, *inputs):
        out = apply_ops(self.transforms, inputs, eager=True)
        return out[0] if len(out) == 1 else out

    def _map_apply(self, *inputs):
        out = apply_ops(self.transforms, inputs)
        return out[0] if len(out) == 1 else out


class RandomApply(PyTensorOperation):
    """``RandomApply(transforms, prob=0.5)``: all the transforms, with probability ``prob``."""

    def __init__(self, transforms: Sequence[Callable], prob: float = 0.5):
        check_list_type("transforms", transforms, (object,))
        self.transforms, self.prob = list(transforms), float(prob)

    def __call__(self, *inputs):
        if config.transform_rng().random() >= self.prob:
            return inputs[0] if len(inputs) == 1 else inputs
        out = apply_ops(self.transforms, inputs, eager=True)
        return out[0] if len(out) == 1 else out


class RandomChoice(PyTensorOperation):
    """``RandomChoice(transforms)``: one of the transforms, chosen uniformly."""

    def __init__(self, transforms: Sequence[Callable]):
        check_list_type("transforms", transforms, (object,))
        self.transforms = list(transforms)

    def __call__(self, *inputs):
        op = self.transforms[int(config.transform_rng().integers(len(self.transforms)))]
        out = apply_ops([op], inputs, eager=True)
        return out[0] if len(out) == 1 else out
