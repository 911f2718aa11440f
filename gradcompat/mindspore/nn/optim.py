"""MindSpore's optimizers: ``nn.Optimizer``, ``SGD``, ``Momentum``, ``Adam``, ``AdamWeightDecay``.

An optimizer is a Cell called with the gradients (``optimizer(grads)``, as
``TrainOneStepCell`` does). Its state (moments, ``global_step``, Adam's beta powers) lives
in Parameters, so in GRAPH_MODE the whole update is deferred writes of one compiled step.
Each parameter's update is one op whose kernel is the MindSpore primitive's rule
(``optim_kernels``). Learning rates: a number, a 0-d Tensor, a list / 1-D Tensor indexed
by the step (a dynamic learning rate), or a ``LearningRateSchedule`` Cell.

Weight decay is added to the gradients of the parameters whose names contain neither
``beta`` nor ``gamma`` (MindSpore's default filter); ``loss_scale`` divides the gradients.
Known differences: parameter groups (a list of dicts) and ``use_amsgrad`` are not supported.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable, Sequence

import jax.numpy as jnp
import numpy as np

from ...core import Constant, apply, select
from .. import dtype as mstype
from ..parameter import Parameter, ParameterTuple
from ..tensor import Tensor
from . import optim_kernels as OK
from .cell import Cell
from .learning_rate_schedule import LearningRateSchedule


def _f32(value: Any) -> Constant:
    return Constant(jnp.asarray(value, jnp.float32))


def _check_float(name: str, value: Any, owner: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"For '{owner}', the argument '{name}' must be float type, but got {type(value)}.")
    return float(value)


class Optimizer(Cell):
    """``nn.Optimizer(learning_rate, parameters, weight_decay=0.0, loss_scale=1.0)``: the base
    of MindSpore's optimizers (learning rate, weight decay, loss scale, ``global_step``)."""

    def __init__(self, learning_rate: Any, parameters: Any, weight_decay: float = 0.0,
                 loss_scale: float = 1.0) -> None:
        super().__init__(auto_prefix=False)
        owner = type(self).__name__
        if parameters is None or not isinstance(parameters, Iterable):
            raise TypeError(f"For 'Optimizer', the argument 'parameters' must be Iterable type, "
                            f"but got {type(parameters)}.")
        params = list(parameters)
        if not params:
            raise ValueError("For 'Optimizer', the argument 'parameters' must not be empty.")
        if any(isinstance(p, dict) for p in params):
            raise NotImplementedError("gradcompat: optimizer parameter groups are not supported")
        self.parameters = ParameterTuple(params)
        self._parameters = self.parameters
        if isinstance(loss_scale, bool) or not isinstance(loss_scale, (int, float)) or loss_scale <= 0:
            raise ValueError(f"For '{owner}', the argument 'loss_scale' must be a positive number, "
                             f"but got {loss_scale}.")
        self.loss_scale = float(loss_scale)
        # a Cell as weight_decay: called with global_step at each step (dynamic weight decay)
        self.dynamic_weight_decay = isinstance(weight_decay, Cell)
        if self.dynamic_weight_decay and owner == "SGD":
            raise TypeError("For 'SGD', dynamic weight decay is currently not supported, the argument 'weight_decay' "
                            "or 'weight_decay' set in grouped 'params' must be float or int type.")
        if not self.dynamic_weight_decay and (isinstance(weight_decay, bool)
                                              or not isinstance(weight_decay, (int, float))):
            raise TypeError("For 'Optimizer', the argument 'Weight_decay' must be int, float or Cell.but got "
                            f"{type(weight_decay)}")
        if self.dynamic_weight_decay:
            self.weight_decay_cell = weight_decay
            weight_decay = 1.0  # the factor the Cell's value is multiplied by (the loss scale below)
        if weight_decay < 0:
            raise ValueError(f"For '{owner}', the argument 'weight_decay' must be at least 0.0, "
                             f"but got {weight_decay}.")
        self.weight_decay = float(weight_decay) * self.loss_scale
        self.decay_flags = tuple("beta" not in p.name and "gamma" not in p.name for p in self.parameters)
        self.dynamic_lr = False
        self.learning_rate = self._build_learning_rate(learning_rate)
        self.global_step = Parameter(Tensor([0], mstype.int32), name="global_step")

    def _build_learning_rate(self, learning_rate: Any) -> Any:
        """A float32 scalar Parameter, a per-step table (Parameter) or a schedule Cell."""
        if isinstance(learning_rate, bool):
            raise TypeError("For 'Optimizer', the argument 'learning_rate' must be int, float, Tensor, Iterable "
                            f"or LearningRateSchedule, but got {type(learning_rate)}.")
        if isinstance(learning_rate, (int, float)):
            if learning_rate < 0:
                raise ValueError(f"For '{type(self).__name__}', the 'learning rate' must be float and must >= 0, "
                                 f"but got '{float(learning_rate)}' with type 'float'.")
            return Parameter(Tensor(float(learning_rate), mstype.float32), name="learning_rate")
        if isinstance(learning_rate, Tensor) and learning_rate.ndim == 0:
            return Parameter(learning_rate.astype(mstype.float32), name="learning_rate")
        self.dynamic_lr = True
        if isinstance(learning_rate, LearningRateSchedule):
            return learning_rate
        if isinstance(learning_rate, Tensor):
            if learning_rate.ndim > 1:
                raise ValueError("For 'Optimizer', if 'learning_rate' is Tensor type, then the dimension of it "
                                 f"should be 0 or 1, but got {learning_rate.ndim}.")
            return Parameter(learning_rate.astype(mstype.float32), name="learning_rate")
        if isinstance(learning_rate, Iterable):
            return Parameter(Tensor(np.array(list(learning_rate)).astype(np.float32)), name="learning_rate")
        raise TypeError("For 'Optimizer', the argument 'learning_rate' must be int, float, Tensor, Iterable or "
                        f"LearningRateSchedule, but got {type(learning_rate)}.")

    def get_lr(self) -> Tensor:
        """The learning rate of the current step (a float32 scalar Tensor)."""
        if not self.dynamic_lr:
            return Tensor._from_node(self.learning_rate.node)
        if isinstance(self.learning_rate, LearningRateSchedule):
            return self.learning_rate(self.global_step).reshape(())
        return Tensor._from_node(apply(OK.learning_rate_at, [self.learning_rate.node, self.global_step.node],
                                       name="Gather"))

    def _prepared_gradients(self, gradients: Sequence[Tensor]) -> list[Tensor]:
        """Gradients with weight decay added and the loss scale divided out."""
        gradients = list(gradients)
        if len(gradients) != len(self.parameters):
            raise ValueError(f"For '{type(self).__name__}', the number of gradients ({len(gradients)}) must "
                             f"equal the number of parameters ({len(self.parameters)}).")
        if self.weight_decay > 0:
            decay = self._decay_node()
            gradients = [self._decayed(g, p, decay) if flag else g
                         for g, p, flag in zip(gradients, self.parameters, self.decay_flags)]
        if self.loss_scale != 1.0:
            gradients = [g * Tensor(1.0 / self.loss_scale, mstype.float32) for g in gradients]
        return gradients

    def _decay_node(self):
        """The weight decay of this step: a constant, or the Cell's value at ``global_step``."""
        if not self.dynamic_weight_decay:
            return _f32(self.weight_decay)
        value = self.weight_decay_cell(self.global_step)
        value = value.astype(mstype.float32) if isinstance(value, Tensor) else Tensor(float(value), mstype.float32)
        value = value.reshape(()) if value.size == 1 else value
        return (value * Tensor(self.weight_decay, mstype.float32) if self.weight_decay != 1.0 else value).node

    def _decayed(self, grad: Tensor, param: Parameter, decay=None) -> Tensor:
        decay = self._decay_node() if decay is None else decay
        return Tensor._from_node(apply(OK.decayed_gradient, [grad.node, param.node, decay], name="ApplyDecay"))

    def _advance_step(self) -> None:
        self.global_step._write(self.global_step + 1)

    def _update_each(self, kernel: Callable, inputs: Sequence[Sequence[Any]], targets: Sequence[Sequence[Parameter]],
                     name: str, statics: Sequence[dict] | None = None, **static: Any) -> None:
        """Apply the update ``kernel`` to each parameter's ``inputs`` and write its outputs into
        that parameter's ``targets`` (in order). All parameters are one op: one dispatch per
        step in PyNative mode, not one per parameter. ``statics`` adds per-parameter static
        attributes to the shared ``static`` ones."""
        per_parameter = tuple(tuple(sorted({**static, **extra}.items()))
                              for extra in (statics or [{}] * len(inputs)))
        nodes = [x.node if isinstance(x, Tensor) else x for group in inputs for x in group]
        node = apply(OK.for_each_parameter, nodes,
                     {"kernel": kernel, "arity": len(inputs[0]), "statics": per_parameter}, name=name)
        for i, target in enumerate(t for group in targets for t in group):
            target._write(Tensor._from_node(select(node, i)))


class Momentum(Optimizer):
    """``nn.Momentum(params, learning_rate, momentum, weight_decay=0.0, loss_scale=1.0,
    use_nesterov=False)``: ``moment = momentum * moment + grad; param -= lr * moment``.

    ``use_nesterov`` is accepted and, as in MindSpore 2.x on CPU, changes nothing.
    """

    def __init__(self, params: Any, learning_rate: Any, momentum: float, weight_decay: float = 0.0,
                 loss_scale: float = 1.0, use_nesterov: bool = False) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        if not isinstance(momentum, float):
            raise TypeError(f"For 'Momentum', the type of 'momentum' should be 'float', "
                            f"but got type '{type(momentum).__name__}'.")
        if momentum < 0.0:
            raise ValueError(f"For 'Momentum', the argument 'momentum' must be at least 0.0, but got {momentum}")
        self.momentum = Parameter(Tensor(momentum, mstype.float32), name="momentum")
        self.use_nesterov = bool(use_nesterov)
        self.moments = self.parameters.clone(prefix="moments", init="zeros")

    def construct(self, gradients: Sequence[Tensor]) -> bool:
        gradients = self._prepared_gradients(gradients)
        lr = self.get_lr()
        self._advance_step()
        groups = list(zip(self.parameters, self.moments, gradients))
        self._update_each(OK.apply_momentum, [[param, moment, grad, lr, self.momentum] for param, moment, grad in groups],
                          [[param, moment] for param, moment, _ in groups], "ApplyMomentum")
        return True


class SGD(Optimizer):
    """``nn.SGD(params, learning_rate=0.1, momentum=0.0, dampening=0.0, weight_decay=0.0,
    nesterov=False, loss_scale=1.0)``: MindSpore's SGD primitive (the first step with
    momentum takes the gradient itself as the accumulation)."""

    def __init__(self, params: Any, learning_rate: Any = 0.1, momentum: float = 0.0, dampening: float = 0.0,
                 weight_decay: float = 0.0, nesterov: bool = False, loss_scale: float = 1.0) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        momentum = _check_float("momentum", momentum, "SGD")
        if momentum < 0.0:
            raise ValueError(f"For 'SGD', the argument 'momentum' must be at least 0.0, but got {momentum}.")
        dampening = _check_float("dampening", dampening, "SGD")
        if dampening < 0.0:
            raise ValueError(f"For 'SGD', the argument 'dampening' must be at least 0.0, "
                             f"but got 'dampening' {dampening}")
        if not isinstance(nesterov, bool):
            raise TypeError(f"For 'SGD', the type of 'nesterov' should be 'bool', but got '{type(nesterov).__name__}'.")
        if nesterov and (momentum <= 0.0 or dampening != 0.0):
            raise ValueError(f"For 'SGD', if 'nesterov' is true, 'momentum' must be > 0.0 and 'dampening' must "
                             f"equal to 0.0, but got 'momentum' {momentum}, 'dampening' {dampening}.")
        self.dampening, self.nesterov = dampening, nesterov
        self.momentum = Parameter(Tensor(momentum, mstype.float32), name="momentum")
        self.accum = self.parameters.clone(prefix="accum", init="zeros")
        self.stat = self.parameters.clone(prefix="stat", init="ones")

    def construct(self, gradients: Sequence[Tensor]) -> bool:
        gradients = self._prepared_gradients(gradients)
        lr = self.get_lr()
        self._advance_step()
        groups = list(zip(self.parameters, gradients, self.accum, self.stat))
        self._update_each(OK.sgd, [[param, grad, lr, accum, self.momentum, stat] for param, grad, accum, stat in groups],
                          [[param, accum, stat] for param, _, accum, stat in groups], "SGD",
                          dampening=self.dampening, nesterov=self.nesterov)
        return True


def _check_betas(beta1: float, beta2: float, eps: float, owner: str) -> None:
    for name, value in (("beta1", beta1), ("beta2", beta2), ("eps", eps)):
        if not isinstance(value, float):
            raise TypeError(f"For '{owner}', the type of '{name}' should be 'float', but got "
                            f"'{type(value).__name__}'.")
    for name, value in (("beta1", beta1), ("beta2", beta2)):
        if not 0.0 < value < 1.0:
            raise ValueError(f"For '{owner}', the '{name}' must be in range of (0.0, 1.0), but got {value} "
                             "with type 'float'.")
    if eps <= 0.0:
        raise ValueError(f"For '{owner}', the 'eps' should be greater than 0.0, but got {eps}.")


class Adam(Optimizer):
    """``nn.Adam(params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, use_locking=False,
    use_nesterov=False, weight_decay=0.0, loss_scale=1.0)``: ApplyAdam with bias correction
    through ``beta1_power`` / ``beta2_power`` Parameters."""

    def __init__(self, params: Any, learning_rate: Any = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8, use_locking: bool = False, use_nesterov: bool = False,
                 weight_decay: float = 0.0, loss_scale: float = 1.0, use_amsgrad: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(learning_rate, params, weight_decay, loss_scale)
        _check_betas(beta1, beta2, eps, "Adam")
        if use_amsgrad:
            raise NotImplementedError("gradcompat: Adam(use_amsgrad=True) is not supported")
        self.beta1, self.beta2, self.eps = _f32(beta1), _f32(beta2), _f32(eps)
        self.use_nesterov = bool(use_nesterov)
        self.beta1_power = Parameter(Tensor(1.0, mstype.float32), name="beta1_power")
        self.beta2_power = Parameter(Tensor(1.0, mstype.float32), name="beta2_power")
        self.moment1 = self.parameters.clone(prefix="moment1", init="zeros")
        self.moment2 = self.parameters.clone(prefix="moment2", init="zeros")

    def construct(self, gradients: Sequence[Tensor]) -> bool:
        gradients = self._prepared_gradients(gradients)
        lr = self.get_lr()
        self._advance_step()
        beta1_power = self.beta1_power * Tensor._from_node(self.beta1)
        beta2_power = self.beta2_power * Tensor._from_node(self.beta2)
        self.beta1_power._write(beta1_power)
        self.beta2_power._write(beta2_power)
        groups = list(zip(self.parameters, self.moment1, self.moment2, gradients))
        self._update_each(OK.adam, [[param, m, v, grad, lr, beta1_power, beta2_power, self.beta1, self.beta2, self.eps]
                                    for param, m, v, grad in groups],
                          [[param, m, v] for param, m, v, _ in groups], "Adam", nesterov=self.use_nesterov)
        return True


class AdamWeightDecay(Optimizer):
    """``nn.AdamWeightDecay(params, learning_rate=1e-3, beta1=0.9, beta2=0.999, eps=1e-6,
    weight_decay=0.0)``: Adam without bias correction, the decay added to the update
    (decoupled) of the parameters whose names contain neither ``beta`` nor ``gamma``."""

    def __init__(self, params: Any, learning_rate: Any = 1e-3, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-6, weight_decay: float = 0.0) -> None:
        super().__init__(learning_rate, params, weight_decay)
        _check_betas(beta1, beta2, eps, "AdamWeightDecay")
        self.beta1, self.beta2, self.eps = _f32(beta1), _f32(beta2), _f32(eps)
        self.moments1 = self.parameters.clone(prefix="adam_m", init="zeros")
        self.moments2 = self.parameters.clone(prefix="adam_v", init="zeros")

    def construct(self, gradients: Sequence[Tensor]) -> bool:
        if len(gradients) != len(self.parameters):
            gradients = self._prepared_gradients(gradients)  # raises the count error
        decay = self._decay_node()  # at the step before this one, as MindSpore reads it
        lr = self.get_lr()
        self._advance_step()
        groups = list(zip(self.parameters, self.moments1, self.moments2, gradients))
        self._update_each(OK.adam_weight_decay, [[param, m, v, grad, lr, decay, self.beta1, self.beta2, self.eps]
                                                 for param, m, v, grad in groups],
                          [[param, m, v] for param, m, v, _ in groups], "AdamWeightDecay",
                          statics=[{"decay": bool(flag and self.weight_decay > 0)} for flag in self.decay_flags])
        return True


__all__ = ["Adam", "AdamWeightDecay", "Momentum", "Optimizer", "SGD"]
