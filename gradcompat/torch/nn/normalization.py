"""Normalization layers: ``BatchNorm1d/2d/3d`` (running statistics), ``LayerNorm``, ``GroupNorm``,
``InstanceNorm1d/2d/3d``, ``RMSNorm``, ``LocalResponseNorm``."""
from __future__ import annotations

__all__ = ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "GroupNorm", "InstanceNorm1d", "InstanceNorm2d",
           "InstanceNorm3d", "LayerNorm", "LocalResponseNorm", "RMSNorm"]

import warnings

from ... import core
from .. import dtypes
from ..tensor import wrap
from . import functional as F
from .init import ones_, zeros_
from .layers import empty_parameter, filled
from .module import Module

import jax.numpy as jnp


class _BatchNorm(Module):
    _expected: tuple = ()

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None, bias: bool = True):
        super().__init__()
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        self._has_bias = bias
        if affine:
            self.weight = empty_parameter(num_features, dtype=dtype)
            if bias:
                self.bias = empty_parameter(num_features, dtype=dtype)
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", filled((num_features,), 0.0, dtype))
            self.register_buffer("running_var", filled((num_features,), 1.0, dtype))
            self.register_buffer("num_batches_tracked", wrap(core.Constant(jnp.array(0, jnp.int64))))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self) -> None:
        """Running mean 0, variance 1, no batches tracked (``swa_utils.update_bn`` starts here)."""
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        if self.affine:
            ones_(self.weight)
            if self.bias is not None:
                zeros_(self.bias)

    def _check_input_dim(self, input) -> None:
        if input.dim() not in self._expected:
            raise ValueError(f"expected {self._expected_text} input (got {input.dim()}D input)")

    def forward(self, input):
        self._check_input_dim(input)
        training = self.training or not self.track_running_stats
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            n = self.num_batches_tracked
            n.node.value = n._value + 1
            if self.momentum is None:
                momentum = 1.0 / float(n._value)  # cumulative moving average
        use_stats = not self.training and self.track_running_stats
        return F.batch_norm(input, self.running_mean if (use_stats or self.training) else None,
                            self.running_var if (use_stats or self.training) else None,
                            self.weight, self.bias, training, momentum, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, affine={self.affine}, "
                f"bias={self.bias is not None}, track_running_stats={self.track_running_stats}")


class BatchNorm1d(_BatchNorm):
    """Batch normalization over (N, C) or (N, C, L)."""

    _expected = (2, 3)
    _expected_text = "2D or 3D"


class BatchNorm2d(_BatchNorm):
    """Batch normalization over (N, C, H, W)."""

    _expected = (4,)
    _expected_text = "4D"


class BatchNorm3d(_BatchNorm):
    """Batch normalization over (N, C, D, H, W)."""

    _expected = (5,)
    _expected_text = "5D"


class _InstanceNorm(_BatchNorm):
    """Instance normalization: per-sample statistics; running statistics only when
    ``track_running_stats`` (then eval mode uses them). ``num_batches_tracked`` stays 0, as torch."""

    _n = 0

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = False,
                 track_running_stats: bool = False, device=None, dtype=None):
        super().__init__(num_features, eps, momentum, affine, track_running_stats, device, dtype)

    def forward(self, input):
        n = self._n
        if input.dim() not in (n + 1, n + 2):
            raise ValueError(f"expected {n + 1}D or {n + 2}D input (got {input.dim()}D input)")
        feature_dim = input.dim() - (n + 1)
        if input.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(f"expected input's size at dim={feature_dim} to match num_features "
                                 f"({self.num_features}), but got: {input.shape[feature_dim]}.")
            warnings.warn(f"input's size at dim={feature_dim} does not match num_features. You can silence this "
                          "warning by not passing in num_features, which is not used because affine=False",
                          UserWarning, stacklevel=3)
        unbatched = input.dim() == n + 1
        if unbatched:
            input = input.unsqueeze(0)
        out = F.instance_norm(input, self.running_mean, self.running_var, self.weight, self.bias,
                              self.training or not self.track_running_stats,
                              self.momentum if self.momentum is not None else 0.0, self.eps)
        return out.squeeze(0) if unbatched else out


class InstanceNorm1d(_InstanceNorm):
    """Instance normalization over (N, C, L) or (C, L)."""

    _n = 1


class InstanceNorm2d(_InstanceNorm):
    """Instance normalization over (N, C, H, W) or (C, H, W)."""

    _n = 2


class InstanceNorm3d(_InstanceNorm):
    """Instance normalization over (N, C, D, H, W) or (C, D, H, W)."""

    _n = 3



def _affine_parameters(module: Module, shape: tuple, affine: bool, bias: bool, dtype) -> None:
    """A normalization's ``weight`` and ``bias`` (each None where torch registers None)."""
    module.register_parameter("weight", empty_parameter(*shape, dtype=dtype) if affine else None)
    module.register_parameter("bias", empty_parameter(*shape, dtype=dtype) if affine and bias else None)


def _reset_affine(module: Module) -> None:
    """torch's reset: weight to ones, bias to zeros."""
    if module.weight is not None:
        ones_(module.weight)
    if module.bias is not None:
        zeros_(module.bias)

class GroupNorm(Module):
    """Group normalization: ``num_groups`` groups of channels per sample; weight ones, bias zeros."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
                 bias: bool = True, device=None, dtype=None):
        super().__init__()
        if num_channels % num_groups != 0:
            raise ValueError(f"num_channels ({num_channels}) must be divisible by num_groups ({num_groups})")
        self.num_groups, self.num_channels, self.eps, self.affine = num_groups, num_channels, eps, affine
        _affine_parameters(self, (num_channels,), affine, bias, dtype)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        _reset_affine(self)

    def forward(self, input):
        return F.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}, "
                f"bias={self.bias is not None}")


class RMSNorm(Module):
    """Root-mean-square normalization over the trailing ``normalized_shape`` (torch 2.4+);
    ``eps=None`` uses the input dtype's machine epsilon."""

    def __init__(self, normalized_shape, eps: float | None = None, elementwise_affine: bool = True, device=None,
                 dtype=None):
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = empty_parameter(*self.normalized_shape, dtype=dtype)
        else:
            self.register_parameter("weight", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        if self.elementwise_affine:
            ones_(self.weight)

    def forward(self, x):
        return F.rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"


class LocalResponseNorm(Module):
    """Local response normalization across channels (AlexNet's)."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input):
        return F.local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return "{size}, alpha={alpha}, beta={beta}, k={k}".format(**self.__dict__)


class LayerNorm(Module):
    """Layer normalization over the trailing ``normalized_shape`` dimensions."""

    def __init__(self, normalized_shape, eps: float = 1e-5, elementwise_affine: bool = True, bias: bool = True,
                 device=None, dtype=None):
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        self._has_bias = bias
        _affine_parameters(self, self.normalized_shape, elementwise_affine, bias, dtype)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        _reset_affine(self)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
                f"bias={self.bias is not None}")


del dtypes
