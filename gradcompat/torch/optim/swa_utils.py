"""``torch.optim.swa_utils``: ``AveragedModel`` (SWA and EMA weight averaging), ``SWALR``,
``update_bn`` and the ``get_{swa,ema}_{,multi_}avg_fn`` helpers.

``AveragedModel.update_parameters`` with the default average runs torch's CPU rule
``avg + (current - avg) / (n + 1)`` for every parameter as one kernel (one program per
update). Known difference: on a GPU torch's default uses its foreach ``lerp`` kernels, whose
rounding differs in the last bit; here the CPU rule is used on every device.
"""
from __future__ import annotations

import copy
import itertools
import math
from typing import Any, Callable, Iterable

import jax.numpy as jnp

from ... import core
from .. import dtypes
from ..functions import tensor as _tensor
from ..nn.module import Module
from ..nn.normalization import _BatchNorm
from ..tensor import Tensor
from . import kernels
from .lr_scheduler import LRScheduler, _per_group, _warn_outside_step
from .optimizer import Optimizer, run_kernel, set_

__all__ = ["AveragedModel", "update_bn", "SWALR", "get_ema_multi_avg_fn", "get_swa_multi_avg_fn",
           "get_ema_avg_fn", "get_swa_avg_fn"]


def _no_grad(fn: Callable) -> Callable:
    def run(*args, **kwargs):
        with core.recording.grad_mode(False):
            return fn(*args, **kwargs)
    run.__name__ = run.__qualname__ = fn.__name__
    return run


def _check_decay(decay: float) -> None:
    if decay < 0.0 or decay > 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in [0,1] range.")


def get_ema_multi_avg_fn(decay: float = 0.999) -> Callable:
    """An exponential moving average updating a list of averaged tensors in place."""
    _check_decay(decay)

    @_no_grad
    def ema_update(ema_params, current_params, _) -> None:
        for ema, cur in zip(ema_params, current_params):
            if ema.dtype.is_floating_point or ema.dtype.is_complex:
                ema.lerp_(cur, 1 - decay)
            else:
                ema.copy_(ema * decay + cur * (1 - decay))
    return ema_update


def get_swa_multi_avg_fn() -> Callable:
    """The running (equal-weight) average, updating a list of averaged tensors in place."""

    @_no_grad
    def swa_update(averaged_params, current_params, num_averaged) -> None:
        for avg, cur in zip(averaged_params, current_params):
            if avg.dtype.is_floating_point or avg.dtype.is_complex:
                avg.lerp_(cur, float(1 / (num_averaged + 1)))
            elif isinstance(num_averaged, Tensor):
                avg.copy_(avg + (cur - avg) / (num_averaged + 1))
            else:
                avg.add_(cur - avg, alpha=1.0 / (num_averaged + 1))
    return swa_update


def get_ema_avg_fn(decay: float = 0.999) -> Callable:
    """``decay * ema + (1 - decay) * current``, one tensor at a time."""
    _check_decay(decay)

    @_no_grad
    def ema_update(ema_param, current_param, num_averaged):
        return decay * ema_param + (1 - decay) * current_param
    return ema_update


def get_swa_avg_fn() -> Callable:
    """``avg + (current - avg) / (n + 1)``, one tensor at a time."""

    @_no_grad
    def swa_update(averaged_param, current_param, num_averaged):
        return averaged_param + (current_param - averaged_param) / (num_averaged + 1)
    return swa_update


@kernels._jit
def _swa_average(*args, count: int, default_float: str):
    # torch's swa_update on every tensor: (current - avg) / (n + 1) divides by the count as
    # the tensor's floating dtype (integer tensors: the default float dtype, truncated back)
    averaged, current, n = args[:count], args[count:2 * count], args[-1]
    out = []
    for a, c in zip(averaged, current):
        floating = jnp.issubdtype(a.dtype, jnp.floating) or jnp.issubdtype(a.dtype, jnp.complexfloating)
        dtype = a.dtype if floating else jnp.dtype(default_float)
        step = (c - a).astype(dtype) / (n + 1).astype(dtype)
        out.append((a.astype(dtype) + step).astype(a.dtype))
    return tuple(out)


class AveragedModel(Module):
    """A copy of ``model`` whose parameters (and, with ``use_buffers``, buffers) are the
    average of the models given to ``update_parameters``: equal weights by default, or
    ``avg_fn`` / ``multi_avg_fn`` (e.g. ``get_ema_multi_avg_fn(0.999)``); ``n_averaged``
    counts the updates."""

    def __init__(self, model: Module, device=None, avg_fn: Callable | None = None,
                 multi_avg_fn: Callable | None = None, use_buffers: bool = False) -> None:
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise AssertionError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = copy.deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", _tensor(0, dtype=dtypes.int64, device=device))
        self.avg_fn = avg_fn
        self.multi_avg_fn = multi_avg_fn
        self.use_buffers = use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    def update_parameters(self, model: Module) -> None:
        """Average ``model``'s current parameters into this copy (the first call copies them)."""
        if self.use_buffers:
            mine = list(itertools.chain(self.module.parameters(), self.module.buffers()))
            theirs = list(itertools.chain(model.parameters(), model.buffers()))
        else:
            mine, theirs = list(self.parameters()), list(model.parameters())
        pairs = list(zip(mine, theirs))
        targets, values = [], []  # written at one step boundary: one program for the update
        with core.recording.grad_mode(False), core.lazy.lazy_mode():
            if int(self.n_averaged.item()) == 0:
                targets, values = [a for a, _ in pairs], [c.node for _, c in pairs]
            elif self.multi_avg_fn is not None:
                self.multi_avg_fn([a.detach() for a, _ in pairs], [c.detach() for _, c in pairs], self.n_averaged)
            elif self.avg_fn is not None:
                for a, c in pairs:
                    a.detach().copy_(self.avg_fn(a.detach(), c.detach(), self.n_averaged))
            elif pairs:
                targets = [a for a, _ in pairs]
                values = run_kernel(_swa_average, targets + [c for _, c in pairs] + [self.n_averaged],
                                    count=len(pairs), default_float=dtypes.default_float.np_name)
            if not self.use_buffers:
                buffers = list(zip(self.module.buffers(), model.buffers()))
                targets += [b for b, _ in buffers]
                values += [c.node for _, c in buffers]
            for t, v in zip(targets, values):
                set_(t, v)
            core.lazy.sync()
            self.n_averaged += 1


def update_bn(loader: Iterable[Any], model: Module, device=None) -> None:
    """Recompute every BatchNorm's running statistics with one pass over ``loader`` (a
    cumulative average over its batches, as torch: momentum None while it runs)."""
    with core.recording.grad_mode(False):
        momenta = {}
        for module in model.modules():
            if isinstance(module, _BatchNorm):
                module.reset_running_stats()
                momenta[module] = module.momentum
        if not momenta:
            return
        was_training = model.training
        model.train()
        for module in momenta:
            module.momentum = None
        for batch in loader:
            if isinstance(batch, (list, tuple)):
                batch = batch[0]
            if device is not None:
                batch = batch.to(device)
            model(batch)
        for module, momentum in momenta.items():
            module.momentum = momentum
        model.train(was_training)


class SWALR(LRScheduler):
    """Anneal each group's lr to ``swa_lr`` over ``anneal_epochs`` (cos or linear), then hold it."""

    def __init__(self, optimizer: Optimizer, swa_lr: float | list[float], anneal_epochs: int = 10,
                 anneal_strategy: str = "cos", last_epoch: int = -1) -> None:
        for lr, group in zip(_per_group("swa_lr", optimizer, swa_lr), optimizer.param_groups):
            group["swa_lr"] = lr
        if anneal_strategy not in ["cos", "linear"]:
            raise ValueError(f"anneal_strategy must be one of 'cos' or 'linear', instead got {anneal_strategy}")
        self._set_anneal_func(anneal_strategy)
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, got {anneal_epochs}")
        self.anneal_epochs = anneal_epochs
        super().__init__(optimizer, last_epoch)

    @staticmethod
    def _linear_anneal(t: float) -> float:
        return t

    @staticmethod
    def _cosine_anneal(t: float) -> float:
        return (1 - math.cos(math.pi * t)) / 2

    @staticmethod
    def _get_initial_lr(lr: float, swa_lr: float, alpha: float) -> float:
        if alpha == 1:
            return swa_lr
        return (lr - alpha * swa_lr) / (1 - alpha)

    def get_lr(self) -> list[float]:
        _warn_outside_step(self)
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        # undo the previous step's blend to recover the lr it started from, then blend again
        prev_alpha = self.anneal_func(max(0, min(1, (step - 1) / max(1, self.anneal_epochs))))
        groups = self.optimizer.param_groups
        prev_lrs = [self._get_initial_lr(g["lr"], g["swa_lr"], prev_alpha) for g in groups]
        alpha = self.anneal_func(max(0, min(1, step / max(1, self.anneal_epochs))))
        return [g["swa_lr"] * alpha + lr * (1 - alpha) for g, lr in zip(groups, prev_lrs)]

    def _set_anneal_func(self, anneal_strategy: str) -> None:
        self._anneal_strategy = anneal_strategy
        self.anneal_func = self._cosine_anneal if anneal_strategy == "cos" else self._linear_anneal

    def state_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "anneal_func")}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        self.__dict__.update(state_dict)
        self._set_anneal_func(self._anneal_strategy)
