"""Loss Cells: ``nn.LossBase``, ``MSELoss``, ``L1Loss``, ``SoftmaxCrossEntropyWithLogits``,
``BCEWithLogitsLoss``, with MindSpore's ``reduction`` ('mean', 'sum', 'none') and its
``get_loss`` (computed in float32, cast back to the input dtype)."""
from __future__ import annotations

from typing import Any

import numpy as np

from ...core import apply
from .. import dtype as mstype
from .. import ops
from ..tensor import Tensor
from . import layer_kernels as LK
from .cell import Cell


def _check_tensor(name: str, value: Any, owner: str) -> None:
    if not isinstance(value, Tensor):
        kind = Tensor(value).dtype if isinstance(value, (bool, int, float)) else type(value).__name__
        raise TypeError(f"For '{owner}', the '{name}' must be '<class 'mindspore._c_expression.typing.TensorType'>', "
                        f"but got '{kind}'")


class LossBase(Cell):
    """``nn.LossBase(reduction='mean')``: subclasses call ``get_loss(x, weights=1.0)``."""

    def __init__(self, reduction: str = "mean") -> None:
        super().__init__()
        if reduction not in ("mean", "sum", "none"):
            raise ValueError(f"For '{type(self).__name__}', the 'reduction' must be in ['mean', 'sum', 'none'], "
                             f"but got {reduction}.")
        self.reduction = reduction

    def get_loss(self, x: Tensor, weights: Any = 1.0) -> Tensor:
        """``weights * x`` reduced as ``reduction`` says, in float32, in ``x``'s dtype."""
        input_dtype = x.dtype
        x = ops.Cast()(x, mstype.float32)
        x = ops.Mul()(ops.Cast()(weights if isinstance(weights, Tensor) else Tensor(weights), mstype.float32), x)
        if self.reduction == "mean":
            x = ops.ReduceMean()(x, tuple(range(x.ndim)))
        elif self.reduction == "sum":
            x = ops.ReduceSum()(x, tuple(range(x.ndim)))
        return ops.Cast()(x, input_dtype)


class MSELoss(LossBase):
    """``nn.MSELoss(reduction='mean')``: ``(logits - labels) ** 2`` reduced."""

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        _check_tensor("logits", logits, "MSELoss")
        _check_tensor("labels", labels, "MSELoss")
        return self.get_loss(ops.square(logits - labels))


class L1Loss(LossBase):
    """``nn.L1Loss(reduction='mean')``: ``|logits - labels|`` reduced (gradient 0 where equal)."""

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        return self.get_loss(ops.abs(logits - labels))


class SoftmaxCrossEntropyWithLogits(LossBase):
    """``nn.SoftmaxCrossEntropyWithLogits(sparse=False, reduction='none')``: per-example cross
    entropy of logits against probabilities, or (``sparse``) integer labels."""

    def __init__(self, sparse: bool = False, reduction: str = "none") -> None:
        super().__init__(reduction)
        if not isinstance(sparse, bool):
            raise TypeError(f"For 'SoftmaxCrossEntropyWithLogits', the type of 'sparse' should be 'bool', "
                            f"but got '{type(sparse).__name__}'.")
        self.sparse = sparse
        self.softmax_cross_entropy = ops.SoftmaxCrossEntropyWithLogits()
        self.sparse_softmax_cross_entropy = ops.SparseSoftmaxCrossEntropyWithLogits()

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        _check_tensor("logits", logits, "SoftmaxCrossEntropyWithLogits")
        _check_tensor("labels", labels, "SoftmaxCrossEntropyWithLogits")
        if self.sparse:
            if self.reduction == "mean":
                return self.sparse_softmax_cross_entropy(logits, labels)
            labels = _one_hot(labels, logits.shape[-1], logits.dtype)
        x = self.softmax_cross_entropy(logits, labels)[0]
        return self.get_loss(x)


def _one_hot(labels: Tensor, depth: int, dtype: mstype.Type) -> Tensor:
    """One-hot rows of integer labels (a constant: labels carry no gradient)."""
    eye = np.eye(depth, dtype=mstype.to_numpy(dtype))
    return ops.Gather()(Tensor(eye), labels, 0)


class BCEWithLogitsLoss(LossBase):
    """``nn.BCEWithLogitsLoss(reduction='mean', weight=None, pos_weight=None)``: binary cross
    entropy of sigmoid(logits), in the numerically stable form MindSpore uses."""

    def __init__(self, reduction: str = "mean", weight: Tensor | None = None, pos_weight: Tensor | None = None) -> None:
        super().__init__(reduction)
        for name, value in (("weight", weight), ("pos_weight", pos_weight)):
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"For 'BCEWithLogitsLoss', the '{name}' must be a Tensor, but got "
                                f"{type(value).__name__}.")
        self.weight, self.pos_weight = weight, pos_weight

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        ones = Tensor(np.ones((), mstype.to_numpy(logits.dtype)))
        weight = self.weight if self.weight is not None else ones
        pos_weight = self.pos_weight if self.pos_weight is not None else ones
        loss = Tensor._from_node(apply(LK.bce_with_logits, [logits.node, labels.node, weight.node, pos_weight.node],
                                       name="BCEWithLogitsLoss"))
        if self.reduction == "none":
            return loss
        return (ops.ReduceMean() if self.reduction == "mean" else ops.ReduceSum())(loss, tuple(range(loss.ndim)))


class MAELoss(LossBase):
    """``nn.MAELoss(reduction='mean')``: ``|logits - label|`` reduced (as L1Loss)."""

    def construct(self, logits: Tensor, label: Tensor) -> Tensor:
        _check_tensor("logits", logits, "MAELoss")
        _check_tensor("labels", label, "MAELoss")
        return self.get_loss(ops.abs(logits - label))


class CrossEntropyLoss(LossBase):
    """``nn.CrossEntropyLoss(weight=None, ignore_index=-100, reduction='mean',
    label_smoothing=0.0)``: cross entropy of logits (N, C), (N, C, d1...) or (C,) against class
    indices (integer labels; ``ignore_index`` ones count nothing) or class probabilities (float
    labels), with per-class ``weight`` and ``label_smoothing``; 'mean' over index labels divides
    by the summed weights of the counted labels, as MindSpore (and torch) do."""

    def __init__(self, weight: Tensor | None = None, ignore_index: int = -100, reduction: str = "mean",
                 label_smoothing: float = 0.0) -> None:
        super().__init__(reduction)
        if not isinstance(ignore_index, int) or isinstance(ignore_index, bool):
            raise TypeError(f"For 'CrossEntropyLoss', the type of 'ignore_index' should be 'int', but got "
                            f"'{type(ignore_index).__name__}'.")
        if not isinstance(label_smoothing, float) or not 0.0 <= label_smoothing <= 1.0:
            raise ValueError(f"For 'CrossEntropyLoss', the 'label_smoothing' must be in range [0.0, 1.0], "
                             f"but got {label_smoothing}.")
        if weight is not None and not isinstance(weight, Tensor):
            raise TypeError(f"For 'CrossEntropyLoss', the 'weight' must be a Tensor, but got {type(weight).__name__}.")
        self.weight, self.ignore_index, self.label_smoothing = weight, ignore_index, label_smoothing

    def construct(self, logits: Tensor, labels: Tensor) -> Tensor:
        _check_tensor("logits", logits, "CrossEntropyLoss")
        _check_tensor("labels", labels, "CrossEntropyLoss")
        if labels.dtype.np_dtype.kind in "iu" and labels.dtype != mstype.int32:
            raise TypeError(f"For 'CrossEntropyLoss', the 'labels' should be Int32, but got '{labels.dtype!r}'.")
        classes = logits.shape[0] if logits.ndim == 1 else logits.shape[1]
        weight = self.weight if self.weight is not None else Tensor(np.ones(classes, mstype.to_numpy(logits.dtype)))
        static = {"ignore_index": self.ignore_index, "reduction": self.reduction,
                  "label_smoothing": float(self.label_smoothing)}
        return Tensor._from_node(apply(LK.cross_entropy, [logits.node, labels.node, weight.node], static,
                                       name="CrossEntropy"))


__all__ = ["BCEWithLogitsLoss", "CrossEntropyLoss", "L1Loss", "LossBase", "MAELoss", "MSELoss",
           "SoftmaxCrossEntropyWithLogits"]
