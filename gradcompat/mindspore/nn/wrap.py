"""``nn.WithLossCell`` and ``nn.TrainOneStepCell``: a network with its loss, and one training step.

``TrainOneStepCell(network, optimizer, sens=None)(*inputs)`` computes the loss, the
gradients with respect to the optimizer's parameters (through the one core autodiff
engine, as ``ops.GradOperation`` does) and applies the optimizer, returning the loss. In
GRAPH_MODE that whole step (forward, gradients, every Parameter write) is one compiled
program, which a loop of identical steps compiles once.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from ..ops import value_and_grad
from ..tensor import Tensor
from .cell import Cell
from .optim import Optimizer


class WithLossCell(Cell):
    """``nn.WithLossCell(backbone, loss_fn)``: ``loss_fn(backbone(data), label)``; parameter
    names are the backbone's own (no prefix, as in MindSpore)."""

    def __init__(self, backbone: Cell, loss_fn: Cell) -> None:
        super().__init__(auto_prefix=False)
        self._backbone = backbone
        self._loss_fn = loss_fn

    def construct(self, data: Tensor, label: Tensor) -> Tensor:
        out = self._backbone(data)
        return self._loss_fn(out, label)

    @property
    def backbone_network(self) -> Cell:
        return self._backbone


class TrainOneStepCell(Cell):
    """``nn.TrainOneStepCell(network, optimizer, sens=None, return_grad=False)``.

    Without ``sens`` the gradients are those of the loss; with ``sens`` (a number) they are
    scaled by it, as MindSpore's sens filling the loss's shape does. The network runs forward
    once per step (a MindSpore ``set_grad()`` network reuses its forward for the gradient,
    so BatchNorm's moving statistics move once per step). ``return_grad=True``
    returns ``(loss, {parameter name: gradient})``.
    """

    def __init__(self, network: Cell, optimizer: Optimizer, sens: float | None = None,
                 return_grad: bool = False) -> None:
        super().__init__(auto_prefix=False)
        self.network = network
        self.network.set_grad()
        self.optimizer = optimizer
        self.weights = optimizer.parameters
        if sens is not None and sens == 0:
            raise ValueError("The input argument of 'sens' can not be 0.")
        self.sense_flag = sens is not None
        self.sens = 1.0 if sens is None else sens
        self.return_grad = return_grad
        self.grad_no_sens = value_and_grad(self.network, None, self.weights)

    def construct(self, *inputs: Tensor) -> Any:
        # one forward pass, as MindSpore's set_grad() network reuses its forward for the gradient
        loss, grads = self.grad_no_sens(*inputs)
        if self.sense_flag:
            grads = tuple(g * Tensor(np.asarray(self.sens), g.dtype) for g in grads)
        self.optimizer(grads)
        if self.return_grad:
            return loss, {p.name: g for p, g in zip(self.weights, grads)}
        return loss


__all__ = ["TrainOneStepCell", "WithLossCell"]
