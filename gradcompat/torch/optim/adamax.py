"""``torch.optim.Adamax`` (Adam with the infinity norm)."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from . import kernels
from .optimizer import Optimizer, advance_step, check_adam_args, run_kernel, set_, state_tensor, zeros_state


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
            state["exp_avg"] = zeros_state(p)
            state["exp_inf"] = zeros_state(p)
        beta1, beta2 = group["betas"]
        clr = run_kernel(kernels.adamax_scalars, [advance_step(state), float(group["lr"]), beta1],
                         dtype=np.dtype(p.node.aval.dtype).name)[0]
        new = run_kernel(kernels.adamax, [p, grad, state["exp_avg"], state["exp_inf"], beta1, beta2, group["eps"],
                                          group["weight_decay"], clr],
                         maximize=bool(group["maximize"]), decay=group["weight_decay"] != 0)
        set_(p, new[0])
        set_(state["exp_avg"], new[1])
        set_(state["exp_inf"], new[2])
