"""``Accuracy``, ``Precision``, ``Recall`` and the top-k accuracies, as MindSpore computes them
(numpy on the host; one-hot labels accepted; MindSpore's error texts)."""
from __future__ import annotations

import sys
from typing import Any

import numpy as np

from .metric import EvaluationBase, Metric, _empty_error, _is_onehot, _ratio, float64, rearrange_inputs


class Accuracy(EvaluationBase):
    """``Accuracy(eval_type='classification')``: the fraction of samples whose argmax matches
    the label (``'multilabel'``: whose whole 0/1 row matches)."""

    def __init__(self, eval_type: str = "classification") -> None:
        super().__init__(eval_type)
        self.clear()

    def clear(self) -> None:
        self._correct_num = 0
        self._total_num = 0
        self._class_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        y_pred, y = self._labels_and_class_num("Accuracy", inputs)
        if self._type == "classification":
            hits = (y_pred.argmax(axis=1) == y).astype(np.int64).reshape(-1)
        else:
            last = y_pred.ndim - 1
            rows_pred = y_pred.swapaxes(1, last).reshape(-1, self._class_num)
            rows = y.swapaxes(1, last).reshape(-1, self._class_num)
            hits = np.equal(rows_pred, rows).all(axis=1).astype(np.int64)
        self._correct_num += hits.sum()
        self._total_num += hits.shape[0]

    def eval(self) -> float:
        if self._total_num == 0:
            raise _empty_error("Accuracy")
        return _ratio(self._correct_num, self._total_num)


class _PerClass(EvaluationBase):
    """Precision and Recall: true positives over predicted (resp. actual) positives per class."""

    _name = ""

    def __init__(self, eval_type: str = "classification") -> None:
        super().__init__(eval_type)
        self.eps = sys.float_info.min
        self.clear()

    def clear(self) -> None:
        self._class_num = 0
        if self._type == "multilabel":
            self._true_positives, self._denominators = np.empty(0), np.empty(0)
            self._true_positives_average, self._denominators_average = 0, 0
        else:
            self._true_positives, self._denominators = 0, 0

    def _denominator(self, y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        y_pred, y = self._labels_and_class_num(self._name, inputs)
        classes = self._class_num
        if self._type == "classification":
            if y.max() + 1 > classes:
                raise ValueError(f"For '{self._name}.update', predicted value (input[0]) should have the same classes "
                                 "number as true value (input[1]), but got predicted value classes "
                                 f"{classes}, true value classes {y.max() + 1}.")
            y = np.eye(classes)[y.reshape(-1)]
            y_pred = np.eye(classes)[y_pred.argmax(axis=1).reshape(-1)]
        else:
            y_pred = y_pred.swapaxes(1, 0).reshape(classes, -1)
            y = y.swapaxes(1, 0).reshape(classes, -1)
        denominators = self._denominator(y_pred, y)
        true_positives = (y * y_pred).sum(axis=0)
        if self._type == "multilabel":
            self._true_positives_average += np.sum(true_positives / (denominators + self.eps))
            self._denominators_average += len(denominators)
            self._true_positives = np.concatenate((self._true_positives, true_positives), axis=0)
            self._denominators = np.concatenate((self._denominators, denominators), axis=0)
        else:
            self._true_positives = self._true_positives + true_positives
            self._denominators = self._denominators + denominators

    def eval(self, average: bool = False) -> Any:
        """Per-class values (a numpy array), or their mean with ``average=True``."""
        if self._class_num == 0:
            raise _empty_error(self._name, "inputs (predicted value, true value)")
        if not isinstance(average, bool):
            raise TypeError(f"For '{type(self).__name__}', the type of 'average' should be 'bool', "
                            f"but got type '{type(average).__name__}'.")
        result = self._true_positives / (self._denominators + self.eps)
        if not average:
            return result
        if self._type == "multilabel":
            result = self._true_positives_average / (self._denominators_average + self.eps)
        return float64(result.mean())


class Precision(_PerClass):
    """``Precision(eval_type='classification')``: per-class precision (``eval(average=True)``: mean)."""

    _name = "Precision"

    def _denominator(self, y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
        return y_pred.sum(axis=0)


class Recall(_PerClass):
    """``Recall(eval_type='classification')``: per-class recall (``eval(average=True)``: mean)."""

    _name = "Recall"

    def _denominator(self, y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
        return y.sum(axis=0)


class TopKCategoricalAccuracy(Metric):
    """``TopKCategoricalAccuracy(k)``: the fraction of samples whose label is among the ``k``
    largest predictions."""

    def __init__(self, k: int) -> None:
        super().__init__()
        if not isinstance(k, int):
            raise TypeError("For 'TopKCategoricalAccuracy', the type of the argument 'k' should be int, "
                            f"but got 'k' type: {type(k)}.")
        if k < 1:
            raise ValueError(f"For 'TopKCategoricalAccuracy', the argument 'k' must be at least 1, but got 'k' "
                             f"value: {k}.")
        self.k = k
        self.clear()

    def clear(self) -> None:
        self._correct_num = 0
        self._samples_num = 0

    @rearrange_inputs
    def update(self, *inputs: Any) -> None:
        if len(inputs) != 2:
            raise ValueError("For 'TopKCategoricalAccuracy.update', it needs 2 inputs (predicted value, true value), "
                             f"but got 'inputs' size: {len(inputs)}.")
        y_pred, y = self._convert_data(inputs[0]), self._convert_data(inputs[1])
        if y_pred.ndim == y.ndim and _is_onehot(y):
            y = y.argmax(axis=1)
        top = np.argsort(-y_pred, axis=1)[:, :self.k]
        labels = y.reshape(-1, 1).repeat(self.k, axis=1)
        self._correct_num += np.equal(top, labels).sum(axis=1).sum()
        self._samples_num += labels.shape[0]

    def eval(self) -> float:
        if self._samples_num == 0:
            raise _empty_error("TopKCategoricalAccuracy", "inputs (predicted value, true value)")
        return _ratio(self._correct_num, self._samples_num)


class Top1CategoricalAccuracy(TopKCategoricalAccuracy):
    """``TopKCategoricalAccuracy(1)``."""

    def __init__(self) -> None:
        super().__init__(1)


class Top5CategoricalAccuracy(TopKCategoricalAccuracy):
    """``TopKCategoricalAccuracy(5)``."""

    def __init__(self) -> None:
        super().__init__(5)
