"""``keras.optimizers``: ``SGD`` (momentum, nesterov), ``Adam``, ``AdamW``, ``RMSprop`` and
``Adagrad``, with Keras 3's update rules, ``weight_decay``, gradient clipping and learning-rate
schedules (``keras.optimizers.schedules``).

``apply_gradients(zip(grads, vars))`` skips None gradients, updates each variable with
TF ops (deferred inside ``tf.function``, so a whole training step is one program) and
counts ``iterations``. Slot variables are created on the first apply (``build``), out of any
trace, in Keras's order (``variables``: iteration, learning rate, then the slots), which is
the order a ``.keras`` file stores them in.
"""
from __future__ import annotations

import sys
import warnings
from typing import Any, Iterable, Sequence

import numpy as np

from .. import dtypes as _dt
from .. import tracing
from ..distribute import distribute_lib
from ..basic_ops import clip_by_global_norm, clip_by_norm
from ..initializers import Constant, Zeros
from ..math_ops import cast, clip_by_value, maximum, pow, sqrt, square
from ..tensor import convert_to_tensor
from . import learning_rate_schedule as schedules
from . import naming
from .learning_rate_schedule import LearningRateSchedule
from .variables import Variable

sys.modules[__name__ + ".schedules"] = schedules  # `from keras.optimizers.schedules import ...`


class Optimizer:
    """``keras.optimizers.Optimizer``: learning rate (a float, a variable or a schedule),
    ``iterations``, ``weight_decay``, ``clipnorm`` / ``clipvalue`` / ``global_clipnorm``,
    ``apply_gradients`` and ``apply``."""

    _slot_groups: tuple = ()  # per call of Keras's add_optimizer_variables: the slot kinds it makes

    def __init__(self, learning_rate=0.001, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema: bool = False, ema_momentum: float = 0.99,
                 ema_overwrite_frequency=None, loss_scale_factor=None, gradient_accumulation_steps=None,
                 name: str | None = None, **kwargs):
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        if sum(x is not None for x in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: "
                             f"clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={global_clipnorm}")
        self.name = naming.snake_case(name or type(self).__name__)
        self.weight_decay, self.clipnorm, self.clipvalue = weight_decay, clipnorm, clipvalue
        self.global_clipnorm = global_clipnorm
        self.built = False
        self._variables: list[Variable] = []
        self._exclude_from_weight_decay: list = []
        with naming.scope(self.name), tracing.init_scope():
            self._iterations = self._track(Variable(0, dtype="int64", trainable=False, name="iteration"))
            if isinstance(learning_rate, LearningRateSchedule):
                self._learning_rate = learning_rate
            elif callable(learning_rate):
                self._learning_rate = learning_rate
            else:
                self._learning_rate = self._track(Variable(float(learning_rate), dtype="float32", trainable=False,
                                                           name="learning_rate"))
        self._slots: dict[int, dict[str, Variable]] = {}

    def _track(self, variable: Variable) -> Variable:
        self._variables.append(variable)
        return variable

    @property
    def variables(self) -> list[Variable]:
        """Every variable of the optimizer, in Keras's order."""
        return list(self._variables)

    @property
    def iterations(self) -> Variable:
        return self._iterations

    @property
    def learning_rate(self):
        """The current learning rate: the variable, or the schedule's value at ``iterations``."""
        return self._current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        if isinstance(self._learning_rate, LearningRateSchedule) or not isinstance(self._learning_rate, Variable):
            raise TypeError("This optimizer was created with a `LearningRateSchedule` object as its "
                            "`learning_rate` constructor argument, hence its learning rate is not settable. If "
                            "you need the learning rate to be settable, you should instantiate the optimizer "
                            "with a float `learning_rate` argument.")
        self._learning_rate.assign(float(value))

    def _current_learning_rate(self):
        if isinstance(self._learning_rate, LearningRateSchedule):
            return self._learning_rate(self._iterations)
        if isinstance(self._learning_rate, Variable):
            return self._learning_rate
        return self._learning_rate()  # a callable

    # -- slots ----------------------------------------------------------------------------
    def _slot_initializer(self, kind: str):
        return Zeros()

    def build(self, var_list: Sequence) -> None:
        """Create the slot variables of every variable in ``var_list`` (Keras's order)."""
        for group in self._slot_groups_for():
            for variable in var_list:
                for kind in group:
                    self._slot(variable, kind)
        self.built = True

    def _slot_groups_for(self) -> tuple:
        return self._slot_groups

    def _slot(self, variable, kind: str) -> Variable:
        slots = self._slots.setdefault(id(variable), {})
        if kind not in slots:
            with naming.scope(self.name), tracing.init_scope():
                base = getattr(variable, "path", variable.name.split(":")[0]).replace("/", "_")
                slots[kind] = self._track(Variable(self._slot_initializer(kind), shape=tuple(variable.shape),
                                                   dtype=_dt.as_dtype(variable.dtype).name, trainable=False,
                                                   name=f"{base}_{kind}"))
        return slots[kind]

    # -- applying -------------------------------------------------------------------------
    def exclude_from_weight_decay(self, var_list=None, var_names=None) -> None:
        """Variables (or variables whose name contains one of ``var_names``) get no weight decay."""
        self._exclude_from_weight_decay = [*(var_list or []), *(var_names or [])]

    def _use_weight_decay(self, variable) -> bool:
        for excluded in self._exclude_from_weight_decay:
            if excluded is variable or (isinstance(excluded, str) and excluded in getattr(variable, "name", "")):
                return False
        return True

    def _clip(self, grads: list) -> list:
        if self.clipnorm is not None:
            return [clip_by_norm(g, self.clipnorm) for g in grads]
        if self.clipvalue is not None:
            return [clip_by_value(g, -self.clipvalue, self.clipvalue) for g in grads]
        if self.global_clipnorm is not None:
            return list(clip_by_global_norm(grads, self.global_clipnorm)[0])
        return grads

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
        if not self.built:
            self.build([v for _, v in pairs])
        grads = self._clip([convert_to_tensor(g) for g, _ in pairs])
        variables = [v for _, v in pairs]
        if distribute_lib.in_replica_of_strategy():  # tf.distribute: clipped per replica, summed, applied once
            return distribute_lib.get_replica_context().merge_call(
                lambda strategy, grads: self._apply_reduced(
                    [strategy.extended.reduce_to("SUM", g) for g in grads], variables), args=(grads,))
        return self._apply_reduced(grads, variables)

    def _apply_reduced(self, grads: list, variables: list) -> Variable:
        learning_rate = self._current_learning_rate()
        if self.weight_decay is not None:  # decoupled decay, before the update, as Keras 3 does
            for variable in variables:
                if self._use_weight_decay(variable):
                    dtype = _dt.as_dtype(variable.dtype)
                    variable.assign_sub(variable * (cast(learning_rate, dtype) * cast(self.weight_decay, dtype)))
        for grad, variable in zip(grads, variables):
            dtype = _dt.as_dtype(variable.dtype)
            self.update_step(cast(grad, dtype), variable, cast(learning_rate, dtype))
        self._iterations.assign_add(1)
        return self._iterations

    def apply(self, grads, trainable_variables=None) -> Variable:
        """``optimizer.apply(grads, trainable_variables)``."""
        return self.apply_gradients(zip(grads, trainable_variables))

    def minimize(self, loss, var_list, tape=None) -> Variable:
        """``optimizer.minimize(loss, var_list, tape)``: the gradients of ``loss`` (a tensor recorded by
        ``tape``, or a callable) applied to ``var_list``."""
        from ..tape import GradientTape
        if callable(loss):
            with GradientTape() as tape:
                value = loss()
            loss = value
        grads = tape.gradient(loss, var_list)
        return self.apply_gradients(zip(grads, var_list))

    def update_step(self, gradient, variable, learning_rate) -> None:
        raise NotImplementedError

    def finalize_variable_values(self, var_list) -> None:
        """Keras's end-of-fit hook (EMA swapping): nothing to do without EMA."""

    # -- serialization --------------------------------------------------------------------
    def _learning_rate_config(self):
        if isinstance(self._learning_rate, LearningRateSchedule):
            return {"module": "keras.optimizers.schedules", "class_name": type(self._learning_rate).__name__,
                    "config": self._learning_rate.get_config(), "registered_name": None}
        return float(np.float32(self._learning_rate.numpy())) if isinstance(self._learning_rate, Variable) else None

    def get_config(self) -> dict:
        return {"name": self.name, "learning_rate": self._learning_rate_config(), "weight_decay": self.weight_decay,
                "clipnorm": self.clipnorm, "global_clipnorm": self.global_clipnorm, "clipvalue": self.clipvalue,
                "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None, "loss_scale_factor": None,
                "gradient_accumulation_steps": None}

    @classmethod
    def from_config(cls, config: dict) -> "Optimizer":
        config = dict(config)
        rate = config.get("learning_rate")
        if isinstance(rate, dict):
            config["learning_rate"] = getattr(schedules, rate["class_name"]).from_config(rate["config"])
        for key in ("use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor",
                    "gradient_accumulation_steps"):
            config.pop(key, None)
        return cls(**config)

    def __repr__(self) -> str:
        return f"<keras.src.optimizers.{naming.snake_case(type(self).__name__)}.{type(self).__name__} object>"


class SGD(Optimizer):
    """``keras.optimizers.SGD(learning_rate=0.01, momentum=0.0, nesterov=False)``."""

    def __init__(self, learning_rate=0.01, momentum: float = 0.0, nesterov: bool = False, name: str = "SGD",
                 **kwargs):
        if not 0 <= momentum <= 1:
            raise ValueError("`momentum` must be a float between [0, 1].")
        super().__init__(learning_rate, name=name, **kwargs)
        self.momentum = momentum
        self.nesterov = nesterov

    def _slot_groups_for(self) -> tuple:
        return (("momentum",),) if self.momentum != 0 else ()

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

    def get_config(self) -> dict:
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}


class Adam(Optimizer):
    """``keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)``."""

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 amsgrad: bool = False, name: str = "adam", **kwargs):
        super().__init__(learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon, self.amsgrad = beta_1, beta_2, epsilon, amsgrad

    def _slot_groups_for(self) -> tuple:
        return (("momentum", "velocity"),) + ((("velocity_hat",),) if self.amsgrad else ())

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

    def get_config(self) -> dict:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                "amsgrad": self.amsgrad}


class AdamW(Adam):
    """``keras.optimizers.AdamW(learning_rate=0.001, weight_decay=0.004, ...)``: Adam with decoupled
    weight decay (``variable -= variable * weight_decay * learning_rate`` before each update)."""

    def __init__(self, learning_rate=0.001, weight_decay: float = 0.004, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, amsgrad: bool = False, name: str = "adamw", **kwargs):
        if weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")
        super().__init__(learning_rate, beta_1, beta_2, epsilon, amsgrad, name=name, weight_decay=weight_decay,
                         **kwargs)


class RMSprop(Optimizer):
    """``keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)``."""

    def __init__(self, learning_rate=0.001, rho: float = 0.9, momentum: float = 0.0, epsilon: float = 1e-7,
                 centered: bool = False, name: str = "rmsprop", **kwargs):
        super().__init__(learning_rate, name=name, **kwargs)
        self.rho, self.momentum, self.epsilon, self.centered = rho, momentum, epsilon, centered

    def _slot_groups_for(self) -> tuple:
        return (("velocity",),) + ((("momentum",),) if self.momentum > 0 else ()) + (
            (("average_gradient",),) if self.centered else ())

    def update_step(self, gradient, variable, learning_rate) -> None:
        velocity = self._slot(variable, "velocity")
        velocity.assign(velocity * self.rho + square(gradient) * (1 - self.rho))
        if self.centered:
            average = self._slot(variable, "average_gradient")
            average.assign(average * self.rho + gradient * (1 - self.rho))
            denominator = velocity - square(average) + self.epsilon
        else:
            denominator = velocity + self.epsilon
        increment = (learning_rate * gradient) / sqrt(denominator)
        if self.momentum > 0:
            momentum = self._slot(variable, "momentum")
            momentum.assign(momentum * self.momentum + increment)
            variable.assign_sub(momentum)
        else:
            variable.assign_sub(increment)

    def get_config(self) -> dict:
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                "centered": self.centered}


class Adagrad(Optimizer):
    """``keras.optimizers.Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)``."""

    _slot_groups = (("accumulator",),)

    def __init__(self, learning_rate=0.001, initial_accumulator_value: float = 0.1, epsilon: float = 1e-7,
                 name: str = "adagrad", **kwargs):
        super().__init__(learning_rate, name=name, **kwargs)
        self.initial_accumulator_value, self.epsilon = initial_accumulator_value, epsilon

    def _slot_initializer(self, kind: str):
        return Constant(self.initial_accumulator_value)

    def update_step(self, gradient, variable, learning_rate) -> None:
        accumulator = self._slot(variable, "accumulator")
        accumulator.assign_add(square(gradient))
        variable.assign_sub((learning_rate * gradient) / sqrt(accumulator + self.epsilon))

    def get_config(self) -> dict:
        return {**super().get_config(), "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}


_BY_NAME = {"sgd": SGD, "adam": Adam, "adamw": AdamW, "rmsprop": RMSprop, "adagrad": Adagrad}


def get(identifier: Any) -> Optimizer:
    """``keras.optimizers.get``: an optimizer from an instance, a name (``'adam'``) or a config dict."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        cls = _BY_NAME.get(str(identifier.get("class_name", "")).lower())
        if cls is not None:
            return cls.from_config(identifier.get("config", {}))
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier}")


def serialize(optimizer: Optimizer) -> dict:
    """The ``{"module", "class_name", "config"}`` dict a ``.keras`` file stores."""
    return {"module": "keras.optimizers", "class_name": type(optimizer).__name__, "config": optimizer.get_config(),
            "registered_name": None}


deserialize = get

__all__ = ["Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "SGD", "deserialize", "get", "schedules", "serialize"]
