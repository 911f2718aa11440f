"""TF1's ``GradientDescentOptimizer``, ``MomentumOptimizer``, ``AdamOptimizer``,
``RMSPropOptimizer``, ``AdagradOptimizer``, ``AdadeltaOptimizer`` and ``FtrlOptimizer``."""
from __future__ import annotations

from ... import core
from ..variables import Variable
from . import kernels
from .optimizer import Optimizer, hyperparameter


def _updates(fn, var: Variable, slots: list[Variable], inputs: list, static: dict | None = None) -> list[tuple]:
    """Writes of one training op: ``fn`` returns the new variable (and the new slots)."""
    node = core.apply(fn, [var.node, *(s.node for s in slots), *inputs], static, name=fn.__name__)
    if not slots:
        return [(var._cell, node)]
    return [(v._cell, core.select(node, i)) for i, v in enumerate([var, *slots])]


class GradientDescentOptimizer(Optimizer):
    """``tf.compat.v1.train.GradientDescentOptimizer(learning_rate)``: ``var -= lr * grad``."""

    def __init__(self, learning_rate, use_locking: bool = False, name: str = "GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate

    def _apply_dense(self, grad, var):
        lr = hyperparameter(self._learning_rate, var.dtype)
        return _updates(kernels.gradient_descent_step, var, [], [grad.node, lr])


class MomentumOptimizer(Optimizer):
    """``tf.compat.v1.train.MomentumOptimizer(learning_rate, momentum, use_nesterov=False)``:
    an accumulator slot ``<var>/Momentum``."""

    def __init__(self, learning_rate, momentum, use_locking: bool = False, name: str = "Momentum",
                 use_nesterov: bool = False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = bool(use_nesterov)

    def _create_slots(self, var_list):
        for var in var_list:
            self._zeros_slot(var, "momentum", self._name)

    def _apply_dense(self, grad, var):
        accum = self.get_slot(var, "momentum")
        inputs = [grad.node, hyperparameter(self._learning_rate, var.dtype),
                  hyperparameter(self._momentum, var.dtype)]
        return _updates(kernels.momentum_step, var, [accum], inputs, {"use_nesterov": self._use_nesterov})

    def _apply_sparse(self, grad, var):
        """Only the gathered rows (and their accumulators) change, as in TF."""
        accum = self.get_slot(var, "momentum")
        inputs = [grad.values.node, grad.indices.node, hyperparameter(self._learning_rate, var.dtype),
                  hyperparameter(self._momentum, var.dtype)]
        return _updates(kernels.sparse_momentum_step, var, [accum], inputs, {"use_nesterov": self._use_nesterov})


class AdamOptimizer(Optimizer):
    """``tf.compat.v1.train.AdamOptimizer(learning_rate=0.001, beta1=0.9, beta2=0.999,
    epsilon=1e-08)``: slots ``<var>/Adam`` (m) and ``<var>/Adam_1`` (v), and the shared
    ``beta1_power`` / ``beta2_power`` variables, multiplied by beta1 / beta2 each step."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking: bool = False,
                 name: str = "Adam"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._beta1, self._beta2, self._epsilon = beta1, beta2, epsilon

    def _create_slots(self, var_list):
        first = min(var_list, key=lambda v: v.name)
        self._non_slot_variable("beta1_power", self._beta1, first.dtype)
        self._non_slot_variable("beta2_power", self._beta2, first.dtype)
        for var in var_list:
            self._zeros_slot(var, "m", self._name)
            self._zeros_slot(var, "v", self._name)

    def _apply_dense(self, grad, var):
        slots = [self.get_slot(var, "m"), self.get_slot(var, "v")]
        hyper = [hyperparameter(h, var.dtype) for h in (self._learning_rate, self._beta1, self._beta2,
                                                         self._epsilon)]
        powers = [self._non_slot["beta1_power"].node, self._non_slot["beta2_power"].node]
        return _updates(kernels.adam_step, var, slots, [grad.node, *hyper, *powers], {"use_nesterov": False})

    def _finish(self):
        writes = []
        for name, beta in (("beta1_power", self._beta1), ("beta2_power", self._beta2)):
            power = self._non_slot[name]
            writes.append((power._cell, core.apply(kernels.scale, [power.node, hyperparameter(beta, power.dtype)],
                                                   name="mul")))
        return writes


class RMSPropOptimizer(Optimizer):
    """``tf.compat.v1.train.RMSPropOptimizer(learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10,
    centered=False)``: slots ``<var>/RMSProp`` (ones), then (centered) the mean gradient, then the
    momentum, numbered ``_1``, ``_2`` in that order as TF names them."""

    def __init__(self, learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking: bool = False,
                 centered: bool = False, name: str = "RMSProp"):
        super().__init__(use_locking, name)
        self._learning_rate, self._decay, self._momentum, self._epsilon = learning_rate, decay, momentum, epsilon
        self._centered = bool(centered)

    def _create_slots(self, var_list):
        for var in var_list:
            self._zeros_slot(var, "rms", self._name, fill=1.0)  # TF names the slots in creation order
            if self._centered:
                self._zeros_slot(var, "mg", f"{self._name}_1")
            self._zeros_slot(var, "momentum", f"{self._name}_2" if self._centered else f"{self._name}_1")

    def _apply_dense(self, grad, var):
        slots = [self.get_slot(var, "rms"), self.get_slot(var, "momentum")]
        hyper = [hyperparameter(h, var.dtype) for h in (self._learning_rate, self._decay, self._momentum,
                                                         self._epsilon)]
        if self._centered:
            return _updates(kernels.centered_rmsprop_step, var, [*slots, self.get_slot(var, "mg")], [grad.node, *hyper])
        return _updates(kernels.rmsprop_step, var, slots, [grad.node, *hyper])


class AdagradOptimizer(Optimizer):
    """``tf.compat.v1.train.AdagradOptimizer(learning_rate, initial_accumulator_value=0.1)``:
    a slot ``<var>/Adagrad`` starting at ``initial_accumulator_value``."""

    def __init__(self, learning_rate, initial_accumulator_value=0.1, use_locking: bool = False,
                 name: str = "Adagrad"):
        if initial_accumulator_value <= 0.0:
            raise ValueError(f"initial_accumulator_value must be positive: {initial_accumulator_value}")
        super().__init__(use_locking, name)
        self._learning_rate, self._initial = learning_rate, initial_accumulator_value

    def _create_slots(self, var_list):
        for var in var_list:
            self._zeros_slot(var, "accumulator", self._name, fill=self._initial)

    def _apply_dense(self, grad, var):
        return _updates(kernels.adagrad_step, var, [self.get_slot(var, "accumulator")],
                        [grad.node, hyperparameter(self._learning_rate, var.dtype)])


class AdadeltaOptimizer(Optimizer):
    """``tf.compat.v1.train.AdadeltaOptimizer(learning_rate=0.001, rho=0.95, epsilon=1e-08)``:
    slots ``<var>/Adadelta`` and ``<var>/Adadelta_1``."""

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-08, use_locking: bool = False,
                 name: str = "Adadelta"):
        super().__init__(use_locking, name)
        self._learning_rate, self._rho, self._epsilon = learning_rate, rho, epsilon

    def _create_slots(self, var_list):
        for var in var_list:
            self._zeros_slot(var, "accum", self._name)
            self._zeros_slot(var, "accum_update", f"{self._name}_1")

    def _apply_dense(self, grad, var):
        slots = [self.get_slot(var, "accum"), self.get_slot(var, "accum_update")]
        hyper = [hyperparameter(h, var.dtype) for h in (self._learning_rate, self._rho, self._epsilon)]
        return _updates(kernels.adadelta_step, var, slots, [grad.node, *hyper])


class FtrlOptimizer(Optimizer):
    """``tf.compat.v1.train.FtrlOptimizer(learning_rate, learning_rate_power=-0.5,
    initial_accumulator_value=0.1, l1_regularization_strength=0.0, l2_regularization_strength=0.0,
    l2_shrinkage_regularization_strength=0.0)``: slots ``<var>/Ftrl`` and ``<var>/Ftrl_1``."""

    def __init__(self, learning_rate, learning_rate_power=-0.5, initial_accumulator_value=0.1,
                 l1_regularization_strength=0.0, l2_regularization_strength=0.0, use_locking: bool = False,
                 name: str = "Ftrl", accum_name=None, linear_name=None, l2_shrinkage_regularization_strength=0.0,
                 beta=None):
        if initial_accumulator_value < 0.0:
            raise ValueError(f"initial_accumulator_value {initial_accumulator_value} needs to be positive or zero")
        if learning_rate_power > 0.0:
            raise ValueError(f"learning_rate_power {learning_rate_power} needs to be negative or zero")
        super().__init__(use_locking, name)
        self._learning_rate, self._power = learning_rate, learning_rate_power
        self._initial = initial_accumulator_value
        self._l1, self._l2 = l1_regularization_strength, l2_regularization_strength
        self._shrinkage = l2_shrinkage_regularization_strength
        self._accum_name, self._linear_name = accum_name or name, linear_name or f"{name}_1"

    def _create_slots(self, var_list):
        for var in var_list:
            self._zeros_slot(var, "accum", self._accum_name, fill=self._initial)
            self._zeros_slot(var, "linear", self._linear_name)

    def _apply_dense(self, grad, var):
        slots = [self.get_slot(var, "accum"), self.get_slot(var, "linear")]
        hyper = [hyperparameter(h, var.dtype) for h in (self._learning_rate, self._l1, self._l2, self._shrinkage,
                                                         self._power)]
        return _updates(kernels.ftrl_step, var, slots, [grad.node, *hyper])
