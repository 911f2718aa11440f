"""``mindspore.train.Metric``: the base of evaluation metrics (``clear`` / ``update`` / ``eval``).

Metrics run on the host in numpy, as MindSpore's do: inputs are Tensors, lists or numpy
arrays; ``set_indexes`` picks which of the eval network's outputs ``update`` receives.
"""
from __future__ import annotations

import functools
from abc import ABCMeta, abstractmethod
from typing import Any, Callable

import numpy as np

from ...tensor import Tensor

_EVAL_TYPES = {"classification", "multilabel"}


def rearrange_inputs(func: Callable) -> Callable:
    """Decorator for ``update``: the inputs are reordered / selected by ``self.indexes``."""

    @functools.wraps(func)
    def update(self: "Metric", *inputs: Any) -> Any:
        picked = self.indexes
        return func(self, *(inputs if not picked else [inputs[i] for i in picked]))

    return update


class Metric(metaclass=ABCMeta):
    """Base class of metrics: subclasses define ``clear``, ``update`` and ``eval``;
    calling a metric clears it, updates it with the inputs and evaluates it."""

    def __init__(self) -> None:
        self._indexes: list[int] | None = None

    def _convert_data(self, data: Any) -> np.ndarray:
        if isinstance(data, Tensor):
            return data.asnumpy()
        if isinstance(data, list):
            return np.array(data)
        if isinstance(data, np.ndarray):
            return data
        raise TypeError("For 'Metric' and its derived classes, the input data type must be tensor, list or "
                        f"numpy.ndarray, but got {type(data)}.")

    @property
    def indexes(self) -> list[int] | None:
        return getattr(self, "_indexes", None)

    def set_indexes(self, indexes: list[int]) -> "Metric":
        """Use ``inputs[i] for i in indexes`` as ``update``'s inputs; returns the metric."""
        if not isinstance(indexes, list) or not all(isinstance(i, int) for i in indexes):
            raise ValueError("For 'set_indexes', the argument 'indexes' must be a list and all its elements must "
                             "be int, please check whether it is correct.")
        self._indexes = indexes
        return self

    def __call__(self, *inputs: Any) -> Any:
        self.clear()
        self.update(*inputs)
        return self.eval()

    @abstractmethod
    def clear(self) -> None:
        raise NotImplementedError("Must define clear function to use this base class")

    @abstractmethod
    def eval(self) -> Any:
        raise NotImplementedError("Must define eval function to use this base class")

    @abstractmethod
    def update(self, *inputs: Any) -> None:
        raise NotImplementedError("Must define update function to use this base class")


class EvaluationBase(Metric):
    """A classification / multilabel metric: shape and value checks shared by Accuracy,
    Precision and Recall."""

    def __init__(self, eval_type: str) -> None:
        super().__init__()
        if eval_type not in _EVAL_TYPES:
            raise TypeError(f"The argument 'eval_type' must be in {_EVAL_TYPES}, but got {eval_type}")
        self._type = eval_type

    def _check_shape(self, y_pred: np.ndarray, y: np.ndarray) -> None:
        if self._type == "classification":
            if y_pred.ndim != y.ndim + 1:
                raise ValueError("In classification case, the dimension of y_pred (predicted value) should equal to "
                                 "the dimension of y (true value) add 1, but got y_pred dimension: "
                                 f"{y_pred.ndim} and y dimension: {y.ndim}.")
            if y.shape != (y_pred.shape[0],) + y_pred.shape[2:]:
                raise ValueError("In classification case, y_pred (predicted value) shape and y (true value) shape "
                                 "can not match, y shape should be equal to y_pred shape that the value at index 1 "
                                 "is deleted. Such as y_pred shape (1, 2, 3), then y shape should be (1, 3). But got "
                                 f"y_pred shape {y_pred.shape} and y shape {y.shape}")
            return
        if y_pred.ndim != y.ndim:
            raise ValueError(f"In {self._type} case, the dimension of y_pred (predicted value) should equal to the "
                             f"dimension of y (true value), but got y_pred dimension: {y_pred.ndim} and y "
                             f"dimension: {y.ndim}.")
        if y_pred.shape != y.shape:
            raise ValueError(f"In {self._type} case, the shape of y_pred (predicted value) should equal to the shape "
                             f"of y (true value), but got y_pred shape: {y_pred.shape} and y shape: {y.shape}.")

    def _check_value(self, y_pred: np.ndarray, y: np.ndarray) -> None:
        binary = np.equal(y_pred ** 2, y_pred).all() and np.equal(y ** 2, y).all()
        if self._type != "classification" and not binary:
            raise ValueError("In multilabel case, all elements in y_pred (predicted value) and y (true value) should "
                             "be 0 or 1.Please check whether your inputs y_pred and y are correct.")

    def _labels_and_class_num(self, owner: str, inputs: tuple) -> tuple[np.ndarray, np.ndarray]:
        """The two inputs as arrays (one-hot labels turned into indices), checked, with the class
        number recorded on the first update."""
        if len(inputs) != 2:
            raise ValueError(f"For '{owner}.update', it needs 2 inputs (predicted value, true value), "
                             f"but got {len(inputs)}" + ("" if owner == "Accuracy" else "."))
        y_pred, y = self._convert_data(inputs[0]), self._convert_data(inputs[1])
        if self._type == "classification" and y_pred.ndim == y.ndim and _is_onehot(y):
            y = y.argmax(axis=1)
        self._check_shape(y_pred, y)
        self._check_value(y_pred, y)
        if self._class_num == 0:
            self._class_num = y_pred.shape[1]
        elif y_pred.shape[1] != self._class_num:
            raise ValueError(f"For '{owner}.update', class number not match, last input predicted data contain "
                             f"{self._class_num} classes, but current predicted data contain {y_pred.shape[1]} "
                             "classes, please check your predicted value(inputs[0])"
                             + ("" if owner == "Precision" else "."))
        return y_pred, y


def _is_onehot(data: np.ndarray) -> bool:
    """Whether ``data`` (N, C, ...) holds one-hot rows along axis 1."""
    if data.ndim <= 1 or not np.equal(data ** 2, data).all():
        return False
    return bool(np.equal(data.sum(axis=1), 1).all())


def _empty_error(name: str, inputs_phrase: str = "inputs(predicted value, true value)") -> RuntimeError:
    return RuntimeError(f"The '{name}' can not be calculated, because the number of samples is 0, please check "
                        f"whether your {inputs_phrase} are empty, or has called update method before calling eval "
                        "method.")


class float64(np.float64):  # noqa: N801 - the type name MindSpore's metrics return
    """A numpy float64 that prints as numpy 1.x prints one (``0.5``, not ``np.float64(0.5)``):
    MindSpore runs on numpy<2, and programs print metric dicts."""

    def __repr__(self) -> str:
        return repr(float(self))

    __str__ = __repr__


def _ratio(numerator, denominator) -> float64:
    """``numerator / denominator`` as MindSpore's numpy 1.x computes it (float64: a float32 sum
    divided by a Python int promotes there)."""
    return float64(np.float64(numerator) / denominator)
