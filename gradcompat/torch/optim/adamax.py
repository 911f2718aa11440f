"""``torch.optim.Adamax`` (Adam with the infinity norm)."""
from __future__ import annotations

import jax.numpy as jnp

from . import kernels
from .optimizer import Optimizer, check_adam_args, run_kernel, set_, state_tensor, step_tensor


class Adamax(Optimizer):
    """Adamax as torch computes it on CPU (single-tensor path): ``exp_inf = max(beta2 exp_inf,
    |g| + eps)``, step size ``lr / (1 - beta1 ** t)``."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0,
                 foreach=None, *, maximize: bool = False, differentiable: bool = False, capturable: bool = False):
        check_adam_args(lr, betas, eps, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    def _update(self, group, p, grad, state) -> None:
        if not state:
            state["step"] = state_tensor(jnp.float32(0))
            state["exp_avg"] = state_tensor(jnp.zeros_like(p._value))
            state["exp_inf"] = state_tensor(jnp.zeros_like(p._value))
        step = float(step_tensor(state))
        beta1, beta2 = group["betas"]
        clr = float(group["lr"]) / (1 - beta1 ** step)
        new = run_kernel(kernels.adamax, [p, grad, state["exp_avg"], state["exp_inf"], beta1, beta2, group["eps"],
                                          group["weight_decay"], clr],
                         maximize=bool(group["maximize"]), decay=group["weight_decay"] != 0)
        set_(p, new[0])
        set_(state["exp_avg"], new[1])
        set_(state["exp_inf"], new[2])
