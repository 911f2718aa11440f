"""``torch.optim.Adadelta`` (rho, eps, weight decay, maximize)."""
from __future__ import annotations

import jax.numpy as jnp

from . import kernels
from .optimizer import Optimizer, advance_step, run_kernel, set_, state_tensor, zeros_state


class Adadelta(Optimizer):
    """Adadelta as torch computes it on CPU (single-tensor path)."""

    def __init__(self, params, lr=1.0, rho: float = 0.9, eps: float = 1e-6, weight_decay: float = 0, foreach=None,
                 *, capturable: bool = False, maximize: bool = False, differentiable: bool = False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize, capturable=capturable,
                        foreach=foreach, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, group, p, grad, state) -> None:
        if not state:
            state["step"] = state_tensor(jnp.float32(0))
            state["square_avg"] = zeros_state(p)
            state["acc_delta"] = zeros_state(p)
        advance_step(state)
        new = run_kernel(kernels.adadelta, [p, grad, state["square_avg"], state["acc_delta"], float(group["lr"]),
                                            group["rho"], group["eps"], group["weight_decay"]],
                         maximize=bool(group["maximize"]), decay=group["weight_decay"] != 0)
        set_(p, new[0])
        set_(state["square_avg"], new[1])
        set_(state["acc_delta"], new[2])
