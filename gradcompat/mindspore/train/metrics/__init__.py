"""``mindspore.train.metrics``: Metric, Accuracy, MAE, MSE, Loss, Precision, Recall, top-k
accuracies, and the name table (``get_metric_fn``, ``names``) that ``Model(metrics={...})``
uses. Metrics MindSpore has beyond these (F1, ROC, Dice, ...) are not provided."""
from __future__ import annotations

from typing import Any

from .classification import (Accuracy, Precision, Recall, Top1CategoricalAccuracy, Top5CategoricalAccuracy,
                             TopKCategoricalAccuracy)
from .metric import EvaluationBase, Metric, rearrange_inputs
from .regression import MAE, MSE, Loss

_FACTORY = {"accuracy": Accuracy, "acc": Accuracy, "precision": Precision, "recall": Recall,
            "topk": TopKCategoricalAccuracy, "top_1_accuracy": Top1CategoricalAccuracy,
            "top_5_accuracy": Top5CategoricalAccuracy, "mae": MAE, "mse": MSE, "loss": Loss}


def names() -> list[str]:
    """The metric names ``get_metric_fn`` knows (sorted)."""
    return sorted(_FACTORY)


def get_metric_fn(name: str, *args: Any, **kwargs: Any) -> Metric:
    """A new metric by name (``'accuracy'``, ``'mae'``, ``'loss'``, ...)."""
    if name not in _FACTORY:
        raise KeyError(f"For 'get_metric_fn', unsupported metric {name}, please refer to official website for more "
                       "details about supported metrics.")
    return _FACTORY[name](*args, **kwargs)


def get_metrics(metrics: Any) -> dict | None:
    """``Model``'s metrics argument (None, a dict of name -> Metric, or a set of names) as a dict."""
    if metrics is None:
        return metrics
    if isinstance(metrics, dict):
        for key, metric in metrics.items():
            if not isinstance(key, str) or not isinstance(metric, Metric):
                raise TypeError("For 'get_metrics', if 'metrics' is dict, the key in 'metrics' must be string and "
                                "value in 'metrics' must be Metric, but got key:"
                                f"{type(key)}, value:{type(metric)}.")
        return metrics
    if isinstance(metrics, set):
        return {name: get_metric_fn(name) for name in metrics}
    raise TypeError(f"For 'get_metrics', the argument 'metrics' must be None, dict or set, but got {metrics}")


__all__ = ["Accuracy", "Loss", "MAE", "MSE", "Metric", "Precision", "Recall", "Top1CategoricalAccuracy",
           "Top5CategoricalAccuracy", "TopKCategoricalAccuracy", "get_metric_fn", "names", "rearrange_inputs"]
