"""``torch.optim.RAdam`` (rectified Adam, decoupled weight decay)."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from . import kernels
from .optimizer import Optimizer, advance_step, check_adam_args, run_kernel, set_, state_tensor, zeros_state


class RAdam(Optimizer):
    """RAdam as torch computes it on CPU (single-tensor path): the rectification term and the
    choice between the adaptive and the plain momentum update (``rho_t > 5``) are host numbers
    of the step count; every parameter's update is one kernel."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0,
                 decoupled_weight_decay: bool = False, *, foreach=None, maximize: bool = False,
                 capturable: bool = False, differentiable: bool = False):
        check_adam_args(lr, betas, eps, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, maximize=maximize, foreach=foreach,
                        capturable=capturable, decoupled_weight_decay=decoupled_weight_decay,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def _update(self, group, p, grad, state) -> None:
        if not state:
            state["step"] = state_tensor(jnp.float32(0))
            state["exp_avg"] = zeros_state(p)
            state["exp_avg_sq"] = zeros_state(p)
        beta1, beta2 = group["betas"]
        lr = float(group["lr"])
        bc1, bc2, rect, rectify = run_kernel(kernels.radam_scalars, [advance_step(state), beta1, beta2],
                                             dtype=np.dtype(p.node.aval.dtype).name)
        new = run_kernel(kernels.radam, [p, grad, state["exp_avg"], state["exp_avg_sq"], lr, beta1, beta2,
                                         group["eps"], group["weight_decay"], bc1, bc2, rect, rectify],
                         maximize=bool(group["maximize"]), decay=group["weight_decay"] != 0,
                         decoupled=bool(group["decoupled_weight_decay"]))
        set_(p, new[0])
        set_(state["exp_avg"], new[1])
        set_(state["exp_avg_sq"], new[2])
