"""The fan and gain arithmetic that torch's ``nn.init`` and MindSpore's initializers share.

Both frameworks count fans the same way, (shape[1], shape[0]) times the receptive field of the
dimensions beyond, and recommend the same gains; each dialect keeps its own error texts.
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

_UNIT_GAIN = frozenset({"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                        "conv_transpose3d", "sigmoid"})


def fans(shape: Sequence[int]) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight of ``shape`` (at least 2-D: the caller checks)."""
    receptive = int(np.prod(shape[2:], dtype=np.int64)) if len(shape) > 2 else 1
    return shape[1] * receptive, shape[0] * receptive


def is_slope(param) -> bool:
    """Whether ``param`` may be leaky_relu's negative slope (a number, not a bool)."""
    return isinstance(param, (int, float)) and not isinstance(param, bool)


def gain(nonlinearity: str, slope: float = 0.01, *, selu: bool = False) -> float | None:
    """The recommended gain of ``nonlinearity`` (None when unknown); ``selu`` is torch's only."""
    if nonlinearity in _UNIT_GAIN:
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        return math.sqrt(2.0 / (1 + slope ** 2))
    if selu and nonlinearity == "selu":
        return 3.0 / 4
    return None
