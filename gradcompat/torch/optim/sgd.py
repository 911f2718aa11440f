"""``torch.optim.SGD``: momentum, dampening, nesterov, weight decay, maximize."""
from __future__ import annotations

from . import kernels
from .optimizer import Optimizer, required, run_kernel, set_, state_tensor


class SGD(Optimizer):
    """Stochastic gradient descent with torch's momentum rule (the first step's buffer is
    the gradient itself)."""

    def __init__(self, params, lr=1e-3, momentum: float = 0, dampening: float = 0, weight_decay: float = 0,
                 nesterov: bool = False, *, maximize: bool = False, foreach=None, differentiable: bool = False,
                 fused=None):
        if lr is not required and lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize, foreach=foreach, differentiable=differentiable,
                        fused=fused)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def _update(self, group, p, grad, state) -> None:
        momentum = group["momentum"]
        buf = state.get("momentum_buffer")
        first = momentum != 0 and buf is None
        new_p, new_buf = run_kernel(
            kernels.sgd, [p, grad, grad if buf is None else buf, group["lr"], momentum,
                          group["dampening"], group["weight_decay"]],
            maximize=bool(group["maximize"]), use_momentum=momentum != 0, first=first,
            nesterov=bool(group["nesterov"]), decay=group["weight_decay"] != 0)
        set_(p, new_p)
        if momentum != 0:  # without momentum torch keeps no state
            if buf is None:
                state["momentum_buffer"] = state_tensor(new_buf)
            else:
                set_(buf, new_buf)
        elif not state:
            self.state.pop(p, None)
