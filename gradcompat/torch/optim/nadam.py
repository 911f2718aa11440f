"""``torch.optim.NAdam`` (Nesterov-accelerated Adam: momentum decay, decoupled weight decay)."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from . import kernels
from .optimizer import Optimizer, advance_step, check_adam_args, run_kernel, set_, state_tensor, zeros_state


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
            state["exp_avg"] = zeros_state(p)
            state["exp_avg_sq"] = zeros_state(p)
        beta1, beta2 = group["betas"]
        lr = float(group["lr"])
        holder = state["mu_product"]
        product, bc2, coef_g, coef_m = run_kernel(
            kernels.nadam_scalars, [advance_step(state), holder, lr, beta1, beta2, group["momentum_decay"]],
            dtype=np.dtype(p.node.aval.dtype).name)
        set_(holder, product)
        new = run_kernel(kernels.nadam, [p, grad, state["exp_avg"], state["exp_avg_sq"], lr, beta1, beta2,
                                         group["eps"], group["weight_decay"], bc2, coef_g, coef_m],
                         maximize=bool(group["maximize"]), decay=group["weight_decay"] != 0,
                         decoupled=bool(group["decoupled_weight_decay"]))
        set_(p, new[0])
        set_(state["exp_avg"], new[1])
        set_(state["exp_avg_sq"], new[2])
