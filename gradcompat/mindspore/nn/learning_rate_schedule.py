"""Learning-rate schedules: ``nn.LearningRateSchedule`` and MindSpore's built-in ones.

A schedule is a Cell called with the optimizer's ``global_step`` (an Int32 Tensor of
shape (1,)) that returns the rate, computed in float32 with MindSpore's formulas, so in
GRAPH_MODE it is part of the compiled training step.
"""
from __future__ import annotations

import math
from typing import Any

from .. import dtype as mstype
from .. import ops
from ..tensor import Tensor
from .cell import Cell


class LearningRateSchedule(Cell):
    """``nn.LearningRateSchedule``: a Cell whose ``construct(global_step)`` gives the rate."""

    def construct(self, global_step: Tensor) -> Tensor:
        raise NotImplementedError


def _positive_int(value: Any, name: str, owner: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"For '{owner}', the '{name}' must be int, but got '{type(value).__name__}'")
    if value <= 0:
        raise ValueError(f"For '{owner}', the '{name}' must be int and must > 0, but got '{value}' with type 'int'.")
    return value


def _float(value: Any, name: str, owner: str, positive: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, float):
        raise TypeError(f"For '{owner}', the '{name}' must be float, but got '{type(value).__name__}'")
    if value < 0 or (positive and value == 0):
        bound = "> 0" if positive else ">= 0"
        raise ValueError(f"For '{owner}', the '{name}' must be float and must {bound}, but got '{value}' "
                         f"with type 'float'.")
    return value


def _step(global_step: Tensor) -> Tensor:
    return ops.cast(global_step, mstype.float32)


class _DecayLR(LearningRateSchedule):
    """``learning_rate``, ``decay_rate``, ``decay_steps``, ``is_stair`` as MindSpore checks them."""

    def __init__(self, learning_rate: float, decay_rate: float, decay_steps: int, is_stair: bool = False) -> None:
        super().__init__()
        owner = type(self).__name__
        self.decay_steps = _positive_int(decay_steps, "decay_steps", owner)
        self.learning_rate = _float(learning_rate, "learning_rate", owner)
        self.decay_rate = _float(decay_rate, "decay_rate", owner)
        if not isinstance(is_stair, bool):
            raise TypeError(f"For '{owner}', the type of 'is_stair' should be 'bool', "
                            f"but got type '{type(is_stair).__name__}'.")
        self.is_stair = is_stair


class ExponentialDecayLR(_DecayLR):
    """``nn.ExponentialDecayLR(learning_rate, decay_rate, decay_steps, is_stair=False)``:
    ``learning_rate * decay_rate ** p``, ``p = step / decay_steps`` (floored if ``is_stair``)."""

    def construct(self, global_step: Tensor) -> Tensor:
        p = _step(global_step) / self.decay_steps
        if self.is_stair:
            p = ops.floor(p)
        return self.learning_rate * ops.pow(self.decay_rate, p)


class NaturalExpDecayLR(_DecayLR):
    """``nn.NaturalExpDecayLR(...)``: ``learning_rate * e ** (-decay_rate * p)``, where
    ``p`` is the step (rounded down to a multiple of ``decay_steps`` if ``is_stair``)."""

    def construct(self, global_step: Tensor) -> Tensor:
        p = _step(global_step)
        if self.is_stair:
            p = ops.floor(p / self.decay_steps) * self.decay_steps
        return self.learning_rate * ops.pow(math.e, -self.decay_rate * p)


class InverseDecayLR(_DecayLR):
    """``nn.InverseDecayLR(...)``: ``learning_rate / (1 + decay_rate * p)``."""

    def construct(self, global_step: Tensor) -> Tensor:
        p = _step(global_step) / self.decay_steps
        if self.is_stair:
            p = ops.floor(p)
        return self.learning_rate / (1 + self.decay_rate * p)


class CosineDecayLR(LearningRateSchedule):
    """``nn.CosineDecayLR(min_lr, max_lr, decay_steps)``: from ``max_lr`` down to ``min_lr``
    along a half cosine over ``decay_steps``, then ``min_lr``."""

    def __init__(self, min_lr: float, max_lr: float, decay_steps: int) -> None:
        super().__init__()
        self.min_lr = _float(min_lr, "min_lr", "CosineDecayLR", positive=False)
        self.max_lr = _float(max_lr, "max_lr", "CosineDecayLR")
        self.decay_steps = _positive_int(decay_steps, "decay_steps", "CosineDecayLR")
        if min_lr >= max_lr:
            raise ValueError("For 'CosineDecayLR', the 'max_lr' must be greater than the 'min_lr', "
                             f"but got 'max_lr' value: {max_lr}, 'min_lr' value: {min_lr}.")
        self.delta = 0.5 * (max_lr - min_lr)

    def construct(self, global_step: Tensor) -> Tensor:
        p = ops.cast(ops.minimum(global_step, self.decay_steps), mstype.float32)
        return self.min_lr + self.delta * (1.0 + ops.sin(math.pi * (p / self.decay_steps + 0.5)))


class WarmUpLR(LearningRateSchedule):
    """``nn.WarmUpLR(learning_rate, warmup_steps)``: ``learning_rate * min(step, warmup_steps)
    / warmup_steps``."""

    def __init__(self, learning_rate: float, warmup_steps: int) -> None:
        super().__init__()
        if not isinstance(learning_rate, float):
            raise TypeError("For 'WarmUpLR', the argument 'learning_rate' must be type of float, "
                            f"but got 'learning_rate' type: {type(learning_rate)}.")
        self.learning_rate = _float(learning_rate, "learning_rate", "WarmUpLR", positive=False)
        self.warmup_steps = _positive_int(warmup_steps, "warmup_steps", "WarmUpLR")

    def construct(self, global_step: Tensor) -> Tensor:
        warmup_percent = ops.cast(ops.minimum(global_step, self.warmup_steps), mstype.float32) / self.warmup_steps
        return self.learning_rate * warmup_percent


class PolynomialDecayLR(LearningRateSchedule):
    """``nn.PolynomialDecayLR(learning_rate, end_learning_rate, decay_steps, power,
    update_decay_steps=False)``: ``(learning_rate - end_learning_rate) * (1 - p) ** power +
    end_learning_rate``, ``p = min(step, decay_steps) / decay_steps``; with
    ``update_decay_steps`` the decay length grows to the next multiple of ``decay_steps``."""

    def __init__(self, learning_rate: float, end_learning_rate: float, decay_steps: int, power: float,
                 update_decay_steps: bool = False) -> None:
        super().__init__()
        self.learning_rate = _float(learning_rate, "learning_rate", "PolynomialDecayLR")
        self.end_learning_rate = _float(end_learning_rate, "end_learning_rate", "PolynomialDecayLR", positive=False)
        self.decay_steps = _positive_int(decay_steps, "decay_steps", "PolynomialDecayLR")
        self.power = _float(power, "power", "PolynomialDecayLR")
        if not isinstance(update_decay_steps, bool):
            raise TypeError("For 'PolynomialDecayLR', the type of 'update_decay_steps' should be 'bool', "
                            f"but got type '{type(update_decay_steps).__name__}'.")
        self.update_decay_steps = update_decay_steps
        self.diff_learning_rate = learning_rate - end_learning_rate

    def construct(self, global_step: Tensor) -> Tensor:
        step = _step(global_step)
        if self.update_decay_steps:
            decay_steps = ops.maximum(ops.ceil(step / self.decay_steps), 1.0) * self.decay_steps
            p = step / decay_steps
        else:
            p = ops.minimum(step, float(self.decay_steps)) / self.decay_steps
        return self.diff_learning_rate * ops.pow(1.0 - p, self.power) + self.end_learning_rate


__all__ = ["PolynomialDecayLR", "CosineDecayLR", "ExponentialDecayLR", "InverseDecayLR", "LearningRateSchedule", "NaturalExpDecayLR",
           "WarmUpLR"]
