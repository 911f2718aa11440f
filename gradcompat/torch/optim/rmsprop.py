"""``torch.optim.RMSprop`` (alpha, eps, centered, momentum, weight decay, maximize)."""
from __future__ import annotations

import jax.numpy as jnp

from . import kernels
from .optimizer import Optimizer, advance_step, run_kernel, set_, state_tensor, zeros_state


class RMSprop(Optimizer):
    def __init__(self, params, lr=1e-2, alpha: float = 0.99, eps: float = 1e-8, weight_decay: float = 0,
                 momentum: float = 0, centered: bool = False, capturable: bool = False, foreach=None,
                 maximize: bool = False, differentiable: bool = False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, capturable=capturable, foreach=foreach, maximize=maximize,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, group, p, grad, state) -> None:
        if not state:
            state["step"] = state_tensor(jnp.float32(0))
            state["square_avg"] = zeros_state(p)
            if group["momentum"] > 0:
                state["momentum_buffer"] = zeros_state(p)
            if group["centered"]:
                state["grad_avg"] = zeros_state(p)
        advance_step(state)
        gavg, buf = state.get("grad_avg"), state.get("momentum_buffer")
        new = run_kernel(kernels.rmsprop, [p, grad, state["square_avg"],
                                           gavg if gavg is not None else grad,
                                           buf if buf is not None else grad,
                                           group["lr"], group["alpha"], group["eps"], group["weight_decay"],
                                           group["momentum"]],
                         maximize=bool(group["maximize"]), decay=group["weight_decay"] != 0,
                         centered=bool(group["centered"]), use_momentum=group["momentum"] > 0)
        set_(p, new[0])
        set_(state["square_avg"], new[1])
        if gavg is not None:
            set_(gavg, new[2])
        if buf is not None:
            set_(buf, new[3])
