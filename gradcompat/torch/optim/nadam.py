"""``torch.optim.NAdam`` (Nesterov-accelerated Adam: momentum decay, decoupled weight decay)."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from . import kernels
from .optimizer import Optimizer, check_adam_args, run_kernel, set_, state_tensor, step_tensor


class NAdam(Optimizer):
    """NAdam as torch computes it on CPU (single-tensor path): the momentum schedule
    ``mu_t = beta1 (1 - 0.96 ** (t momentum_decay) / 2)`` and its running product (a float32
    state tensor, ``mu_product``) are host numbers; every parameter's update is one kernel."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0,
                 momentum_decay: float = 4e-3, decoupled_weight_decay: bool = False, *, foreach=None,
                 maximize: bool = False, capturable: bool = False, differentiable: bool = False):
        check_adam_args(lr, betas, eps, weight_decay)
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, group, p, grad, state) -> None:
        if not state:
            state["step"] = state_tensor(jnp.float32(0))
            state["mu_product"] = state_tensor(jnp.float32(1))
            state["exp_avg"] = state_tensor(jnp.zeros_like(p._value))
            state["exp_avg_sq"] = state_tensor(jnp.zeros_like(p._value))
        step = float(step_tensor(state))
        beta1, beta2 = group["betas"]
        lr, decay = float(group["lr"]), group["momentum_decay"]
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * decay))
        holder = state["mu_product"]
        mu_product = np.float32(holder._value) * np.float32(mu)  # a float32 tensor times a python float
        holder.node.value = jnp.asarray(mu_product)
        mu_product = float(mu_product)
        coef_g = -lr * (1.0 - mu) / (1.0 - mu_product)
        coef_m = (-lr * mu_next) / (1.0 - mu_product * mu_next)
        new = run_kernel(kernels.nadam, [p, grad, state["exp_avg"], state["exp_avg_sq"], lr, beta1, beta2,
                                         group["eps"], group["weight_decay"], 1 - beta2 ** step, coef_g, coef_m],
                         maximize=bool(group["maximize"]), decay=group["weight_decay"] != 0,
                         decoupled=bool(group["decoupled_weight_decay"]))
        set_(p, new[0])
        set_(state["exp_avg"], new[1])
        set_(state["exp_avg_sq"], new[2])
