"""``keras.optimizers.schedules``: learning rates as functions of the optimizer's step, with
Keras 3's formulas. Each schedule is one op of the step tensor (so a compiled ``fit`` step
reads the step from the optimizer's ``iterations`` variable, not a traced constant)."""
from __future__ import annotations

import math

import jax.numpy as jnp

from .. import dtypes as _dt
from ..math_ops import cast
from ..tensor import Tensor, convert_to_tensor, make_op


class LearningRateSchedule:
    """``keras.optimizers.schedules.LearningRateSchedule``: subclasses define ``__call__(step)``."""

    def __call__(self, step):
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override "
                                  f"`__call__(self, step)`.")

    def get_config(self) -> dict:
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override "
                                  f"`get_config()` in order to be serializable.")

    @classmethod
    def from_config(cls, config: dict) -> "LearningRateSchedule":
        return cls(**config)

    def _apply(self, kernel, step, **static) -> Tensor:
        step = cast(convert_to_tensor(step), _dt.float32)
        return make_op(kernel, [step], static, op_type="LearningRate")


def _exponential(step, *, lr, steps, rate, staircase):
    p = step / steps
    return lr * jnp.power(jnp.float32(rate), jnp.floor(p) if staircase else p)


def _inverse_time(step, *, lr, steps, rate, staircase):
    p = step / steps
    return lr / (1 + rate * (jnp.floor(p) if staircase else p))


def _piecewise(step, *, boundaries, values):
    out = jnp.where(step <= boundaries[0], values[0], 0.0) + jnp.where(step > boundaries[-1], values[-1], 0.0)
    for low, high, value in zip(boundaries[:-1], boundaries[1:], values[1:-1]):
        out = out + jnp.where((step > low) & (step <= high), value, 0.0)
    return out.astype(jnp.float32)


def _cosine(step, *, lr, steps, alpha, target, warmup):
    def decay(s, start):
        decayed = (1 - alpha) * 0.5 * (1.0 + jnp.cos(jnp.float32(math.pi) * (s / steps))) + alpha
        return start * decayed
    if target is None:
        return decay(jnp.minimum(step, steps), lr)
    step = jnp.minimum(step, steps + warmup)
    warm = (target - lr) * (step / max(warmup, 1e-30)) + lr
    return jnp.where(step < warmup, warm, decay(step - warmup, target)).astype(jnp.float32)


class ExponentialDecay(LearningRateSchedule):
    """``ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)``:
    ``initial_learning_rate * decay_rate ** (step / decay_steps)``."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase: bool = False,
                 name: str = "ExponentialDecay"):
        if decay_steps <= 0:
            raise ValueError(f"Argument `decay_steps` must be > 0. Received: decay_steps={decay_steps}")
        self.initial_learning_rate, self.decay_steps, self.decay_rate = initial_learning_rate, decay_steps, decay_rate
        self.staircase, self.name = staircase, name

    def __call__(self, step):
        return self._apply(_exponential, step, lr=float(self.initial_learning_rate), steps=float(self.decay_steps),
                           rate=float(self.decay_rate), staircase=bool(self.staircase))

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


class InverseTimeDecay(LearningRateSchedule):
    """``InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)``:
    ``initial_learning_rate / (1 + decay_rate * step / decay_steps)``."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase: bool = False,
                 name: str = "InverseTimeDecay"):
        self.initial_learning_rate, self.decay_steps, self.decay_rate = initial_learning_rate, decay_steps, decay_rate
        self.staircase, self.name = staircase, name

    def __call__(self, step):
        return self._apply(_inverse_time, step, lr=float(self.initial_learning_rate), steps=float(self.decay_steps),
                           rate=float(self.decay_rate), staircase=bool(self.staircase))

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


class PiecewiseConstantDecay(LearningRateSchedule):
    """``PiecewiseConstantDecay(boundaries, values)``: ``values[0]`` while ``step <= boundaries[0]``,
    ``values[i]`` while ``boundaries[i-1] < step <= boundaries[i]``, then ``values[-1]``."""

    def __init__(self, boundaries, values, name: str = "PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(f"The length of boundaries should be 1 less than the length of values. Received: "
                             f"boundaries={boundaries} of length {len(boundaries)}, and values={values} of length "
                             f"{len(values)}.")
        self.boundaries, self.values, self.name = list(boundaries), list(values), name

    def __call__(self, step):
        return self._apply(_piecewise, step, boundaries=tuple(float(b) for b in self.boundaries),
                           values=tuple(float(v) for v in self.values))

    def get_config(self) -> dict:
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class CosineDecay(LearningRateSchedule):
    """``CosineDecay(initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0)``:
    an optional linear warmup, then a cosine from the (warmup) rate down to ``alpha`` times it."""

    def __init__(self, initial_learning_rate, decay_steps, alpha: float = 0.0, name: str = "CosineDecay",
                 warmup_target=None, warmup_steps: int = 0):
        if decay_steps <= 0:
            raise ValueError(f"Argument `decay_steps` must be > 0. Received: decay_steps={decay_steps}")
        self.initial_learning_rate, self.decay_steps, self.alpha = initial_learning_rate, decay_steps, alpha
        self.name, self.warmup_target, self.warmup_steps = name, warmup_target, warmup_steps

    def __call__(self, step):
        target = None if self.warmup_target is None else float(self.warmup_target)
        return self._apply(_cosine, step, lr=float(self.initial_learning_rate), steps=float(self.decay_steps),
                           alpha=float(self.alpha), target=target, warmup=float(self.warmup_steps))

    def get_config(self) -> dict:
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}


__all__ = ["CosineDecay", "ExponentialDecay", "InverseTimeDecay", "LearningRateSchedule", "PiecewiseConstantDecay"]
