"""``keras.optimizers``: ``SGD`` (momentum, nesterov) and ``Adam``, with Keras 3's update rules.

``apply_gradients(zip(grads, vars))`` skips None gradients, updates each variable with
TF ops (deferred inside ``tf.function``, so a whole training step is one program) and
counts ``iterations``. Slot variables are created on the first apply, out of any trace.
"""
from __future__ import annotations

import warnings
from typing import Iterable

from .. import dtypes as _dt
from .. import tracing
from ..initializers import Zeros
from ..math_ops import cast, maximum, pow, sqrt, square
from ..tensor import convert_to_tensor
from . import naming
from .variables import Variable


class Optimizer:
    """``keras.optimizers.Optimizer``: learning rate, ``iterations``, ``apply_gradients``."""

    def __init__(self, learning_rate=0.001, name: str | None = None, **kwargs):
        self.name = naming.snake_case(name or type(self).__name__)
        with naming.scope(self.name), tracing.init_scope():
            self._iterations = Variable(0, dtype="int64", trainable=False, name="iteration")
            self._learning_rate = Variable(float(learning_rate), dtype="float32", trainable=False,
                                           name="learning_rate")
        self._slots: dict[int, dict[str, Variable]] = {}

    @property
    def iterations(self) -> Variable:
        return self._iterations

    @property
    def learning_rate(self) -> Variable:
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        self._learning_rate.assign(float(value))

    def _slot(self, variable, kind: str) -> Variable:
        slots = self._slots.setdefault(id(variable), {})
        if kind not in slots:
            with naming.scope(self.name), tracing.init_scope():
                base = getattr(variable, "path", variable.name.split(":")[0]).replace("/", "_")
                slots[kind] = Variable(Zeros(), shape=tuple(variable.shape), dtype=_dt.as_dtype(variable.dtype).name,
                                       trainable=False, name=f"{base}_{kind}")
        return slots[kind]

    def apply_gradients(self, grads_and_vars: Iterable) -> Variable:
        """Apply each (gradient, variable) pair; pairs whose gradient is None are skipped."""
        pairs = list(grads_and_vars)
        missing = [v.name for g, v in pairs if g is None]
        pairs = [(g, v) for g, v in pairs if g is not None]
        if not pairs:
            raise ValueError("No gradients provided for any variable.")
        if missing:
            warnings.warn(f"Gradients do not exist for variables {missing} when minimizing the loss. If using "
                          f"`model.compile()`, did you forget to provide a `loss` argument?", UserWarning,
                          stacklevel=2)
        for grad, variable in pairs:
            dtype = _dt.as_dtype(variable.dtype)
            self.update_step(cast(convert_to_tensor(grad), dtype), variable,
                             cast(self._learning_rate, dtype))
        self._iterations.assign_add(1)
        return self._iterations

    def apply(self, grads, trainable_variables) -> Variable:
        return self.apply_gradients(zip(grads, trainable_variables))

    def update_step(self, gradient, variable, learning_rate) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """``keras.optimizers.SGD(learning_rate=0.01, momentum=0.0, nesterov=False)``."""

    def __init__(self, learning_rate=0.01, momentum: float = 0.0, nesterov: bool = False, name: str = "SGD",
                 **kwargs):
        if not 0 <= momentum <= 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        super().__init__(learning_rate, name=name, **kwargs)
        self.momentum = momentum
        self.nesterov = nesterov

    def update_step(self, gradient, variable, learning_rate) -> None:
        if self.momentum == 0:
            variable.assign_sub(gradient * learning_rate)
            return
        m = self._slot(variable, "momentum")
        momentum = cast(self.momentum, gradient.dtype)
        m.assign(m * momentum - gradient * learning_rate)
        if self.nesterov:
            variable.assign_add(m * momentum - gradient * learning_rate)
        else:
            variable.assign_add(m)


class Adam(Optimizer):
    """``keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)``."""

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 amsgrad: bool = False, name: str = "adam", **kwargs):
        super().__init__(learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon, self.amsgrad = beta_1, beta_2, epsilon, amsgrad

    def update_step(self, gradient, variable, learning_rate) -> None:
        dtype = gradient.dtype
        local_step = cast(self._iterations + 1, dtype)
        beta_1_power = pow(cast(self.beta_1, dtype), local_step)
        beta_2_power = pow(cast(self.beta_2, dtype), local_step)
        m, v = self._slot(variable, "momentum"), self._slot(variable, "velocity")
        alpha = learning_rate * sqrt(1 - beta_2_power) / (1 - beta_1_power)
        m.assign_add((gradient - m) * (1 - self.beta_1))
        v.assign_add((square(gradient) - v) * (1 - self.beta_2))
        if self.amsgrad:
            v_hat = self._slot(variable, "velocity_hat")
            v_hat.assign(maximum(v_hat, v))
            v = v_hat
        variable.assign_sub((m * alpha) / (sqrt(v) + self.epsilon))


__all__ = ["Adam", "Optimizer", "SGD"]
