"""``mindspore.experimental.optim``: ``Optimizer``, ``Adam``, ``AdamW``, ``SGD``, with PyTorch's
arguments and update rules as MindSpore's experimental optimizers have them.

An optimizer is a Cell called with the gradients (``optimizer(grads)``); ``param_groups`` is a
list of dicts whose ``'lr'`` is a float32 Parameter (``learning_rate_group_<i>``) that the
``lr_scheduler`` classes update. State (moments, step counts) lives in Parameters, so in
GRAPH_MODE an update is deferred writes of the compiled step.
Known difference: ``amsgrad=True`` is not supported.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from ....core import apply, select
from ... import dtype as mstype
from ...nn.cell import Cell
from ...parameter import Parameter, ParameterTuple
from ...tensor import Tensor
from . import kernels as OK


def _f32(value: Any) -> Tensor:
    return value if isinstance(value, Tensor) else Tensor(float(value), mstype.float32)


class Optimizer(Cell):
    """``mindspore.experimental.optim.Optimizer(params, defaults)``: parameter groups (a list of
    Parameters or of dicts with ``'params'`` and per-group options), each group's ``'lr'`` a
    float32 Parameter."""

    def __init__(self, params: Any, defaults: dict) -> None:
        super().__init__(auto_prefix=False)
        params = list(params)
        if not params:
            raise ValueError("For 'Optimizer', the argument 'params' must not be empty.")
        groups = params if isinstance(params[0], dict) else [{"params": params}]
        self.defaults = dict(defaults)
        self.param_groups: list[dict] = []
        for index, group in enumerate(groups):
            group = {**self.defaults, **group, "params": list(group["params"])}
            lr = group["lr"]
            group["lr"] = Parameter(Tensor(float(lr.asnumpy()) if isinstance(lr, Tensor) else float(lr),
                                           mstype.float32), name=f"learning_rate_group_{index}")
            group.setdefault("initial_lr", float(lr.asnumpy()) if isinstance(lr, Tensor) else float(lr))
            self.param_groups.append(group)
        self.parameters = ParameterTuple([p for g in self.param_groups for p in g["params"]])
        self.lrs = ParameterTuple([g["lr"] for g in self.param_groups])

    def _zeros(self, prefix: str) -> ParameterTuple:
        return self.parameters.clone(prefix=prefix, init="zeros")

    def _steps(self) -> ParameterTuple:
        return ParameterTuple([Parameter(Tensor(np.zeros((), np.int32)), name=f"state_step.{p.name}",
                                         requires_grad=False) for p in self.parameters])

    def _each(self, gradients: Sequence[Tensor]):
        """(group, index, parameter, gradient) for every parameter."""
        gradients = list(gradients)
        if len(gradients) != len(self.parameters):
            raise ValueError(f"For '{type(self).__name__}', the number of gradients ({len(gradients)}) must equal "
                             f"the number of parameters ({len(self.parameters)}).")
        k = 0
        for group in self.param_groups:
            for param in group["params"]:
                yield group, k, param, gradients[k]
                k += 1

    @staticmethod
    def _update(kernel: Callable, inputs: list, targets: list, name: str, **static: Any) -> None:
        node = apply(kernel, [x.node for x in inputs], static, name=name)
        for i, target in enumerate(targets):
            target._write(Tensor._from_node(select(node, i)))


class Adam(Optimizer):
    """``Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, *,
    maximize=False)``: weight decay as an L2 term of the gradient."""

    decoupled = False

    def __init__(self, params: Any, lr: Any = 1e-3, betas: tuple = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0, amsgrad: bool = False, *, maximize: bool = False) -> None:
        name = type(self).__name__
        if not 0.0 <= float(lr if not isinstance(lr, Tensor) else lr.asnumpy()):
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        for i, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {i}: {beta}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if amsgrad:
            raise NotImplementedError(f"gradcompat: mindspore.experimental.optim.{name}(amsgrad=True) is not supported")
        super().__init__(params, {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                                  "amsgrad": amsgrad, "maximize": maximize})
        self.exp_avg = self._zeros("exp_avg")
        self.exp_avg_sq = self._zeros("exp_avg_sq")
        self.state_step = self._steps()

    def construct(self, gradients: Sequence[Tensor]) -> bool:
        for group, k, param, grad in self._each(gradients):
            beta1, beta2 = group["betas"]
            m, v, step = self.exp_avg[k], self.exp_avg_sq[k], self.state_step[k]
            self._update(OK.adam, [param, grad, m, v, step, group["lr"], _f32(beta1), _f32(beta2), _f32(group["eps"]),
                                   _f32(group["weight_decay"])], [param, m, v, step], type(self).__name__,
                         decoupled=self.decoupled, maximize=bool(group["maximize"]))
        return True


class AdamW(Adam):
    """``AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
    maximize=False)``: decoupled weight decay (``param *= 1 - lr * weight_decay``)."""

    decoupled = True

    def __init__(self, params: Any, lr: Any = 1e-3, betas: tuple = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *, maximize: bool = False) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize)


class SGD(Optimizer):
    """``SGD(params, lr, momentum=0, dampening=0, weight_decay=0.0, nesterov=False, *,
    maximize=False)``."""

    def __init__(self, params: Any, lr: Any, momentum: float = 0, dampening: float = 0, weight_decay: float = 0.0,
                 nesterov: bool = False, *, maximize: bool = False) -> None:
        if float(lr if not isinstance(lr, Tensor) else lr.asnumpy()) < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, {"lr": lr, "momentum": momentum, "dampening": dampening,
                                  "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize})
        self.momentum_buffer = self._zeros("momentum_buffer")
        self.state_step = self._steps()

    def construct(self, gradients: Sequence[Tensor]) -> bool:
        for group, k, param, grad in self._each(gradients):
            buf, step = self.momentum_buffer[k], self.state_step[k]
            self._update(OK.sgd, [param, grad, buf, step, group["lr"], _f32(group["momentum"]),
                                  _f32(group["dampening"]), _f32(group["weight_decay"])], [param, buf, step], "SGD",
                         nesterov=bool(group["nesterov"]), maximize=bool(group["maximize"]),
                         use_momentum=group["momentum"] != 0)
        return True
