"""``torch.nn.SyncBatchNorm``: batch normalization whose batch statistics are those of the whole
process group.

As torch 2.13: without an initialized process group (or in eval mode, or in a group of one) it is
the plain batch norm; in training within a group of several ranks the input must be on a GPU
(``cuda``: torch raises ``ValueError`` for CPU tensors, even with gloo), and the per-channel sum,
sum of squares and count are all-reduced over the group, so every rank normalizes with the
statistics of the global batch. The all-reduce is differentiable (its gradient is the all-reduce
of the ranks' gradients), so the input gradient is that of the sum of all ranks' losses, as
torch's ``sync_batch_norm`` backward; weight and bias gradients stay local (DDP averages them).
Known difference: torch combines per-rank means and variances (Welford); this sums powers, which
agrees to float rounding for well-scaled inputs.
"""
from __future__ import annotations

__all__ = ["SyncBatchNorm"]

from typing import Any

from . import functional as F
from .normalization import _BatchNorm

_SYNC_DEVICES = ("cuda", "hpu", "xpu", "privateuseone")


def _all_reduced(value, group):
    """``value`` summed over the group's ranks; its gradient is the sum of the ranks' gradients.

    The sum is computed outside autograd (a collective runs on concrete arrays, not under JAX's
    tracing); the result is this rank's ``value`` plus the other ranks' part as a constant, so
    the gradient reaches ``value``, and a hook all-reduces it in backward (every rank's loss
    depends on every rank's statistics)."""
    from .. import distributed as dist
    total = value.detach().clone()
    dist.all_reduce(total, group=group)
    out = value + (total - value.detach())
    if out.requires_grad:
        def hook(grad):
            grad = grad.detach().clone()
            dist.all_reduce(grad, group=group)
            return grad
        out.register_hook(hook)
    return out


class SyncBatchNorm(_BatchNorm):
    """``torch.nn.SyncBatchNorm(num_features, eps, momentum, affine, track_running_stats,
    process_group)`` over inputs of any rank >= 2 (N, C, ...)."""

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, process_group: Any | None = None, device=None, dtype=None,
                 *, bias: bool = True) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device=device, dtype=dtype,
                         bias=bias)
        self.process_group = process_group

    def _check_input_dim(self, input) -> None:
        if input.dim() < 2:
            raise ValueError(f"expected at least 2D input (got {input.dim()}D input)")

    def forward(self, input):
        self._check_input_dim(input)
        if input.size(1) == 0:
            raise ValueError("SyncBatchNorm number of input channels should be non-zero")
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:  # counted before the device check, as torch
            n = self.num_batches_tracked
            n.node.value = n._value + 1
            if self.momentum is None:
                momentum = 1.0 / float(n._value)  # cumulative moving average
        group = self._sync_group(input)
        if group is None:  # torch falls back to the framework batch norm
            stats = not self.training or self.track_running_stats
            return F.batch_norm(input, self.running_mean if stats else None, self.running_var if stats else None,
                                self.weight, self.bias, self.training or self.running_mean is None, momentum,
                                self.eps)
        return self._synced(input, group, momentum)

    def _sync_group(self, input):
        """The group to synchronize over, or None where torch uses the plain batch norm."""
        from .. import distributed as dist
        bn_training = self.training or (self.running_mean is None and self.running_var is None)
        if not (bn_training and self.training and dist.is_initialized()):
            return None
        if input.device.type not in _SYNC_DEVICES:
            raise ValueError("SyncBatchNorm expected input tensor to be on GPU or XPU or privateuseone")
        group = self.process_group if self.process_group else dist.group.WORLD
        return group if dist.get_world_size(group) > 1 else None

    def _synced(self, input, group, momentum: float):
        import gradcompat.torch as torch
        channels = input.size(1)
        dims = [0] + list(range(2, input.dim()))
        local = input.float() if input.dtype in (torch.float16, torch.bfloat16) else input
        count = torch.full((1,), float(input.numel() // channels), dtype=local.dtype, device=input.device)
        packed = torch.cat([local.sum(dims), (local * local).sum(dims), count])
        total = _all_reduced(packed, group)
        n_all = total[2 * channels]
        mean = total[:channels] / n_all
        var = total[channels:2 * channels] / n_all - mean * mean
        if self.track_running_stats and self.running_mean is not None:
            with torch.no_grad():
                unbiased = var.detach() * (n_all.detach() / (n_all.detach() - 1))
                self.running_mean.mul_(1 - momentum).add_(momentum * mean.detach().to(self.running_mean.dtype))
                self.running_var.mul_(1 - momentum).add_(momentum * unbiased.to(self.running_var.dtype))
        shape = [1, channels] + [1] * (input.dim() - 2)
        out = (local - mean.reshape(shape)) * torch.rsqrt(var + self.eps).reshape(shape)
        out = out.to(input.dtype)
        if self.weight is not None:
            out = out * self.weight.reshape(shape)
        if self.bias is not None:
            out = out + self.bias.reshape(shape)
        return out

    @classmethod
    def convert_sync_batchnorm(cls, module, process_group=None):
        """Every ``BatchNorm*d`` of ``module`` replaced by a ``SyncBatchNorm`` sharing its parameters
        and buffers (``module`` itself, if a batch norm, gives a new layer), as torch."""
        out = module
        if isinstance(module, _BatchNorm) and not _is_instance_norm(module):
            out = cls(module.num_features, module.eps, module.momentum, module.affine, module.track_running_stats,
                      process_group, bias=module.bias is not None)
            if module.affine:
                out.weight = module.weight
                out.bias = module.bias
            out.running_mean = module.running_mean
            out.running_var = module.running_var
            out.num_batches_tracked = module.num_batches_tracked
            out.training = module.training
            if hasattr(module, "qconfig"):
                out.qconfig = module.qconfig
        for name, child in module.named_children():
            out.add_module(name, cls.convert_sync_batchnorm(child, process_group))
        return out


def _is_instance_norm(module) -> bool:
    from .normalization import _InstanceNorm
    return isinstance(module, _InstanceNorm)
