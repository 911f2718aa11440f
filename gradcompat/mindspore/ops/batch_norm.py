"""``ops.BatchNorm``: MindSpore's batch-normalization primitive, inference form.

``BatchNorm(is_training=False, epsilon=1e-5, momentum=0.1, data_format="NCHW")(x, scale,
bias, mean, variance)`` returns ``(y, batch_mean, batch_variance, reserve_space_1,
reserve_space_2)``; with ``is_training=False`` ``y`` normalizes with the given moving
statistics and the other four outputs are zeros of the channel size, as MindSpore's CPU
kernel returns them. With ``is_training=True`` ``y`` uses the batch statistics, the outputs
are ``(y, zeros, zeros, batch mean, batch variance)`` and the ``mean`` / ``variance``
Parameters are updated in place (``momentum`` weights the batch's statistics).
"""
from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp

from ...core import apply, select
from ..nn import layer_kernels as LK
from ..parameter import Parameter
from ..tensor import Tensor
from .primitives import Primitive, as_tensor


def batch_norm_inference(x, scale, bias, mean, variance, *, epsilon: float, channel_axis: int):
    shape = [1] * x.ndim
    shape[channel_axis] = x.shape[channel_axis]
    inv = (scale / jnp.sqrt(variance + epsilon)).reshape(shape)
    y = (x - mean.reshape(shape)) * inv + bias.reshape(shape)
    zeros = jnp.zeros_like(mean)
    return y.astype(x.dtype), zeros, zeros, zeros, zeros


def batch_norm_training(x, scale, bias, mean, variance, *, epsilon: float, momentum: float, channel_axis: int):
    """Batch statistics: ``(y, zeros, zeros, batch mean, biased batch variance, new mean, new
    variance)`` as MindSpore's CPU kernel gives them; the moving statistics take ``momentum`` of
    the batch's (the unbiased variance) and carry no gradient."""
    moved = jnp.moveaxis(x, channel_axis, 1)
    y, new_mean, new_var = LK.batch_norm_train(moved, scale, bias, mean, variance, eps=epsilon,
                                               momentum=1.0 - momentum)
    axes = tuple(i for i in range(x.ndim) if i != 1)
    batch_mean = jax.lax.stop_gradient(jnp.mean(moved, axis=axes))
    batch_var = jax.lax.stop_gradient(jnp.var(moved, axis=axes))
    zeros = jnp.zeros_like(mean)
    return jnp.moveaxis(y, 1, channel_axis).astype(x.dtype), zeros, zeros, batch_mean, batch_var, new_mean, new_var


class BatchNorm(Primitive):
    """``ops.BatchNorm(is_training=False, epsilon=1e-5, momentum=0.1, data_format="NCHW")``."""

    name = "BatchNorm"

    def __init__(self, is_training: bool = False, epsilon: float = 1e-5, momentum: float = 0.1,
                 data_format: str = "NCHW") -> None:
        super().__init__()
        if data_format not in ("NCHW", "NHWC"):
            raise ValueError(f"For 'BatchNorm', the 'data_format' must be 'NCHW' or 'NHWC', but got {data_format}.")
        self.is_training, self.epsilon, self.momentum, self.data_format = is_training, epsilon, momentum, data_format
        for key, value in (("is_training", is_training), ("epsilon", epsilon), ("momentum", momentum),
                           ("data_format", data_format)):
            self.add_prim_attr(key, value)

    def __call__(self, input_x: Tensor, scale: Any, bias: Any, mean: Any, variance: Any) -> tuple:
        tensors = [as_tensor(t) for t in (input_x, scale, bias, mean, variance)]
        axis = 1 if self.data_format == "NCHW" else tensors[0].ndim - 1
        if self.is_training:
            node = apply(batch_norm_training, [t.node for t in tensors],
                         {"epsilon": float(self.epsilon), "momentum": float(self.momentum), "channel_axis": axis},
                         name=self.name)
            outputs = tuple(Tensor._from_node(select(node, i)) for i in range(7))
            for target, value in ((mean, outputs[5]), (variance, outputs[6])):
                if isinstance(target, Parameter):  # the moving statistics are updated in place
                    target._write(value)
            return outputs[:5]
        node = apply(batch_norm_inference, [t.node for t in tensors],
                     {"epsilon": float(self.epsilon), "channel_axis": axis}, name=self.name)
        return tuple(Tensor._from_node(select(node, i)) for i in range(5))


__all__ = ["BatchNorm"]
