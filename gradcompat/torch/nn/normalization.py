"""``nn.BatchNorm1d``, ``nn.BatchNorm2d`` (running statistics) and ``nn.LayerNorm``."""
from __future__ import annotations

__all__ = ["BatchNorm1d", "BatchNorm2d", "LayerNorm"]

from ... import core
from .. import dtypes
from ..tensor import wrap
from . import functional as F
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

    def reset_parameters(self) -> None:
        from .init import ones_, zeros_
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
        if elementwise_affine:
            self.weight = empty_parameter(*self.normalized_shape, dtype=dtype)
            if bias:
                self.bias = empty_parameter(*self.normalized_shape, dtype=dtype)
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        from .init import ones_, zeros_
        if self.elementwise_affine:
            ones_(self.weight)
            if self.bias is not None:
                zeros_(self.bias)

    def forward(self, input):
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}, "
                f"bias={self.bias is not None}")


del dtypes
