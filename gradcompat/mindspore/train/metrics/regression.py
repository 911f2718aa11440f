"""``MAE``, ``MSE`` and ``Loss`` (the mean of the loss values seen), as MindSpore computes them."""
from __future__ import annotations

from typing import Any

import numpy as np

from .metric import Metric, _empty_error, _ratio, rearrange_inputs


class _ErrorSum(Metric):
    """The sum of a pointwise error over samples, divided by the number of samples."""

    _name = ""

    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        self._error_sum = 0
        self._samples_num = 0

    def _pointwise(self, diff: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        if len(inputs) != 2:
            raise ValueError(f"For '{self._name}.update', it needs 2 inputs (predicted value, true value), "
                             f"but got {len(inputs)}.")
        y_pred, y = self._convert_data(inputs[0]), self._convert_data(inputs[1])
        self._error_sum += self._pointwise(y.reshape(y_pred.shape) - y_pred).sum()
        self._samples_num += y.shape[0]

    def eval(self) -> Any:
        if self._samples_num == 0:
            raise _empty_error(self._name)
        return _ratio(self._error_sum, self._samples_num)


class MAE(_ErrorSum):
    """``MAE()``: mean absolute error per sample (errors summed over each sample's elements)."""

    _name = "MAE"

    def _pointwise(self, diff: np.ndarray) -> np.ndarray:
        return np.abs(diff)


class MSE(_ErrorSum):
    """``MSE()``: mean squared error per sample (errors summed over each sample's elements)."""

    _name = "MSE"

    def _pointwise(self, diff: np.ndarray) -> np.ndarray:
        return np.power(diff, 2)


class Loss(Metric):
    """``Loss()``: the average of the (per-batch mean) losses given to ``update``."""

    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        self._sum_loss = 0
        self._total_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        if len(inputs) != 1:
            raise ValueError(f"For 'Loss.update', it needs 1 input (loss), but got {len(inputs)}")
        loss = self._convert_data(inputs[0])
        if loss.ndim == 0:
            loss = loss.reshape(1)
        if loss.ndim != 1:
            raise ValueError(f"For 'Loss.update', the dimension of your input (loss) must be 1, but got {loss.ndim}.")
        self._sum_loss += loss.mean(-1)
        self._total_num += 1

    def eval(self) -> Any:
        if self._total_num == 0:
            raise RuntimeError("The 'Loss' can not be calculated, because the number of samples is 0, please check "
                               "whether has called update method before calling eval method.")
        return _ratio(self._sum_loss, self._total_num)
