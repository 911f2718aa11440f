"""TF1's ``GradientDescentOptimizer``, ``MomentumOptimizer`` and ``AdamOptimizer``."""
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
