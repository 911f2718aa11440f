"""``torch.optim.Adam`` and ``torch.optim.AdamW`` (betas, eps, weight decay, amsgrad, maximize)."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from . import kernels
from .optimizer import Optimizer, advance_step, check_adam_args, run_kernel, set_, state_tensor, zeros_state


class Adam(Optimizer):
    """Adam as torch computes it on CPU (single-tensor path): bias corrections in double
    precision, ``denom = sqrt(v) / sqrt(bc2) + eps``. The step count stays a float32 state
    tensor advanced inside the step's program (as ``capturable=True``), so a compiled step
    replays without its Python."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0,
                 amsgrad: bool = False, *, foreach=None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False, fused=None, decoupled_weight_decay: bool = False):
        check_adam_args(lr, betas, eps, weight_decay)
        if fused and differentiable:
            raise RuntimeError("`fused` does not support `differentiable`")
        if fused and foreach:
            raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, foreach=foreach, capturable=capturable, differentiable=differentiable,
                        fused=fused, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def _update(self, group, p, grad, state) -> None:
        if not state:
            state["step"] = state_tensor(jnp.float32(0))
            state["exp_avg"] = zeros_state(p)
            state["exp_avg_sq"] = zeros_state(p)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = zeros_state(p)
        beta1, beta2 = group["betas"]
        lr = group["lr"]
        step_size, bc2_sqrt = run_kernel(kernels.adam_scalars, [advance_step(state), lr, beta1, beta2],
                                         dtype=np.dtype(p.node.aval.dtype).name)
        vmax = state.get("max_exp_avg_sq")
        new = run_kernel(kernels.adam, [p, grad, state["exp_avg"], state["exp_avg_sq"],
                                        vmax if vmax is not None else grad, lr, beta1, beta2,
                                        group["eps"], group["weight_decay"], step_size, bc2_sqrt],
                         maximize=bool(group["maximize"]), decay=group["weight_decay"] != 0,
                         decoupled=bool(group["decoupled_weight_decay"]), amsgrad=bool(group["amsgrad"]))
        set_(p, new[0])
        set_(state["exp_avg"], new[1])
        set_(state["exp_avg_sq"], new[2])
        if vmax is not None:
            set_(vmax, new[3])


class AdamW(Adam):
    """Adam with decoupled weight decay (``p *= 1 - lr * weight_decay`` first), default 1e-2."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 1e-2,
                 amsgrad: bool = False, *, maximize: bool = False, foreach=None, capturable: bool = False,
                 differentiable: bool = False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach, maximize=maximize,
                         capturable=capturable, differentiable=differentiable, fused=fused,
                         decoupled_weight_decay=True)
