"""MindSpore's dynamic learning rates (``mindspore.nn.dynamic_lr``): python lists with one rate
per step, computed on the host as MindSpore computes them (float64 python floats), with its
argument checks. An optimizer given such a list uses ``list[global_step]``.

``current_epoch = step // step_per_epoch`` throughout.
"""
from __future__ import annotations

import math
from typing import Any, Sequence


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"The '{name}' must be int, but got '{type(value).__name__}'")
    if value <= 0:
        raise ValueError(f"The '{name}' must be int and must > 0, but got '{value}' with type 'int'.")
    return value


def _float(value: Any, name: str, positive: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, float):
        raise TypeError(f"The '{name}' must be float, but got '{type(value).__name__}'")
    if value < 0 or (positive and value == 0):
        bound = "> 0" if positive else ">= 0"
        raise ValueError(f"The '{name}' must be float and must {bound}, but got '{value}' with type 'float'.")
    return value


def _check_steps(total_step: int, step_per_epoch: int, decay_epoch: int) -> None:
    _positive_int(total_step, "total_step")
    _positive_int(step_per_epoch, "step_per_epoch")
    _positive_int(decay_epoch, "decay_epoch")


def _check_stair(is_stair: Any) -> None:
    if not isinstance(is_stair, bool):
        raise TypeError(f"The 'is_stair' must be bool, but got '{type(is_stair).__name__}'")


def piecewise_constant_lr(milestone: Sequence[int], learning_rates: Sequence[float]) -> list[float]:
    """``nn.piecewise_constant_lr(milestone, learning_rates)``: ``learning_rates[i]`` for the
    steps before ``milestone[i]`` (and from ``milestone[i-1]`` on)."""
    if not isinstance(milestone, (list, tuple)):
        raise TypeError(f"For 'piecewise_constant_lr', the type of 'milestone' must be list or tuple, but got "
                        f"'{type(milestone).__name__}'.")
    if len(milestone) != len(learning_rates):
        raise ValueError("For 'piecewise_constant_lr', the size of 'milestone' must be same with the size of "
                         f"'learning_rates', but got 'milestone' size: {len(milestone)}, 'learning_rates' size: "
                         f"{len(learning_rates)}.")
    out: list[float] = []
    last = 0
    for i, (m, lr) in enumerate(zip(milestone, learning_rates)):
        _positive_int(m, f"milestone[{i}]")
        if i and m <= milestone[i - 1]:
            raise ValueError(f"For 'piecewise_constant_lr', the value of milestone[{i}] must be greater than "
                             f"milestone[{i - 1}], but got milestone[{i}]: {m}, milestone[{i - 1}]: "
                             f"{milestone[i - 1]}.")
        out += [lr] * (m - last)
        last = m
    return out


def _check_decay(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair) -> None:
    """MindSpore's argument checks shared by the exponential / natural-exp / inverse decays."""
    _float(learning_rate, "learning_rate")
    _float(decay_rate, "decay_rate")
    _check_steps(total_step, step_per_epoch, decay_epoch)
    _check_stair(is_stair)


def exponential_decay_lr(learning_rate: float, decay_rate: float, total_step: int, step_per_epoch: int,
                         decay_epoch: int, is_stair: bool = False) -> list[float]:
    """``learning_rate * decay_rate ** (current_epoch / decay_epoch)`` (floored if ``is_stair``)."""
    _check_decay(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair)
    out = []
    for i in range(total_step):
        p = (i // step_per_epoch) / decay_epoch
        out.append(learning_rate * decay_rate ** (math.floor(p) if is_stair else p))
    return out


def natural_exp_decay_lr(learning_rate: float, decay_rate: float, total_step: int, step_per_epoch: int,
                         decay_epoch: int, is_stair: bool = False) -> list[float]:
    """``learning_rate * e ** (-decay_rate * current_epoch)`` (the epoch rounded down to a
    multiple of ``decay_epoch`` if ``is_stair``)."""
    _check_decay(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair)
    out = []
    for i in range(total_step):
        epoch = i // step_per_epoch
        if is_stair:
            epoch = math.floor(epoch / decay_epoch) * decay_epoch
        out.append(learning_rate * math.e ** (-decay_rate * epoch))
    return out


def inverse_decay_lr(learning_rate: float, decay_rate: float, total_step: int, step_per_epoch: int,
                     decay_epoch: int, is_stair: bool = False) -> list[float]:
    """``learning_rate / (1 + decay_rate * current_epoch / decay_epoch)`` (floored if ``is_stair``)."""
    _check_decay(learning_rate, decay_rate, total_step, step_per_epoch, decay_epoch, is_stair)
    out = []
    for i in range(total_step):
        p = (i // step_per_epoch) / decay_epoch
        out.append(learning_rate / (1 + decay_rate * (math.floor(p) if is_stair else p)))
    return out


def cosine_decay_lr(min_lr: float, max_lr: float, total_step: int, step_per_epoch: int,
                    decay_epoch: int) -> list[float]:
    """``min_lr + 0.5 * (max_lr - min_lr) * (1 + cos(pi * min(current_epoch, decay_epoch) / decay_epoch))``."""
    _float(min_lr, "min_lr", positive=False)
    _float(max_lr, "max_lr")
    if min_lr >= max_lr:
        raise ValueError(f"For 'cosine_decay_lr', the 'max_lr' must be greater than the 'min_lr', but got 'max_lr' "
                         f"value: {max_lr}, 'min_lr' value: {min_lr}.")
    _check_steps(total_step, step_per_epoch, decay_epoch)
    delta = 0.5 * (max_lr - min_lr)
    return [min_lr + delta * (1 + math.cos(math.pi * min(i // step_per_epoch, decay_epoch) / decay_epoch))
            for i in range(total_step)]


def polynomial_decay_lr(learning_rate: float, end_learning_rate: float, total_step: int, step_per_epoch: int,
                        decay_epoch: int, power: float, update_decay_epoch: bool = False) -> list[float]:
    """``(learning_rate - end_learning_rate) * (1 - epoch / decay) ** power + end_learning_rate``
    with ``epoch = min(current_epoch, decay_epoch)``, or (``update_decay_epoch``) ``decay`` the
    next multiple of ``decay_epoch``."""
    _float(learning_rate, "learning_rate")
    _float(end_learning_rate, "end_learning_rate", positive=False)
    _float(power, "power")
    _check_steps(total_step, step_per_epoch, decay_epoch)
    if not isinstance(update_decay_epoch, bool):
        raise TypeError(f"The 'update_decay_epoch' must be bool, but got '{type(update_decay_epoch).__name__}'")
    out = []
    for i in range(total_step):
        epoch, decay = i // step_per_epoch, decay_epoch
        if update_decay_epoch:
            decay = decay_epoch * max(math.ceil(epoch / decay_epoch), 1)
        else:
            epoch = min(epoch, decay_epoch)
        out.append((learning_rate - end_learning_rate) * (1 - epoch / decay) ** power + end_learning_rate)
    return out


def warmup_lr(learning_rate: float, total_step: int, step_per_epoch: int, warmup_epoch: int) -> list[float]:
    """``learning_rate * min(current_epoch, warmup_epoch) / warmup_epoch``."""
    _float(learning_rate, "learning_rate")
    _positive_int(total_step, "total_step")
    _positive_int(step_per_epoch, "step_per_epoch")
    _positive_int(warmup_epoch, "warmup_epoch")
    return [learning_rate * min(i // step_per_epoch, warmup_epoch) / warmup_epoch for i in range(total_step)]


__all__ = ["cosine_decay_lr", "exponential_decay_lr", "inverse_decay_lr", "natural_exp_decay_lr",
           "piecewise_constant_lr", "polynomial_decay_lr", "warmup_lr"]
