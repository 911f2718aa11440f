"""``torch.optim.Adagrad`` (lr_decay, weight decay, initial accumulator, eps, maximize)."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from . import kernels
from .optimizer import Optimizer, advance_step, run_kernel, set_, state_tensor


class Adagrad(Optimizer):
    def __init__(self, params, lr=1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10, foreach=None, *, maximize: bool = False,
                 differentiable: bool = False, fused=None):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(f"Invalid initial_accumulator_value value: {initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)
        for group in self.param_groups:  # torch creates the state eagerly
            for p in group["params"]:
                self.state[p]["step"] = state_tensor(jnp.float32(0))
                self.state[p]["sum"] = state_tensor(jnp.full_like(p._value, group["initial_accumulator_value"]))

    def _update(self, group, p, grad, state) -> None:
        clr = run_kernel(kernels.adagrad_scalars, [advance_step(state), group["lr"], group["lr_decay"]],
                         dtype=np.dtype(p.node.aval.dtype).name)[0]
        new_p, new_sum = run_kernel(kernels.adagrad, [p, grad, state["sum"], clr, group["eps"],
                                                      group["weight_decay"]],
                                    maximize=bool(group["maximize"]), decay=group["weight_decay"] != 0)
        set_(p, new_p)
        set_(state["sum"], new_sum)
