"""Normalization kernels in the (N, C, *spatial) layout: group normalization (instance
normalization is its one-channel-per-group case), RMS normalization over trailing dimensions,
local response normalization across channels, and per-instance statistics for running averages.
Pure JAX functions with hashable keyword-only attributes."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from ._jit import kernel


def _channel_affine(y, args, has_weight: bool, has_bias: bool):
    shape = (1, -1) + (1,) * (y.ndim - 2)
    args = list(args)
    if has_weight:
        y = y * args.pop(0).reshape(shape)
    if has_bias:
        y = y + args.pop(0).reshape(shape)
    return y


@kernel
def group_norm(x, *args, groups: int, eps: float, has_weight: bool, has_bias: bool):
    """Normalize each sample's channel groups with their biased statistics, then a per-channel
    affine map (``args`` = weight and/or bias, as the flags say)."""
    n, c = x.shape[:2]
    xg = x.reshape((n, groups, -1))
    mean = jnp.mean(xg, axis=-1, keepdims=True)
    var = jnp.mean(jnp.square(xg - mean), axis=-1, keepdims=True)
    y = ((xg - mean) * jax.lax.rsqrt(var + jnp.array(eps, x.dtype))).reshape(x.shape)
    return _channel_affine(y, args, has_weight, has_bias)


@kernel
def instance_stats(x):
    """The per-channel running-statistics inputs of instance normalization: the mean over the
    batch of each instance's mean and of each instance's unbiased variance."""
    axes = tuple(range(2, x.ndim))
    count = 1
    for a in axes:
        count *= x.shape[a]
    mean = jnp.mean(x, axis=axes)
    var = jnp.sum(jnp.square(x - jnp.mean(x, axis=axes, keepdims=True)), axis=axes) / max(count - 1, 1)
    return jnp.mean(mean, axis=0), jnp.mean(var, axis=0)


@kernel
def rms_norm(x, *w, n: int, eps: float):
    """``x / sqrt(mean(x^2) + eps)`` over the last ``n`` dimensions, times ``w`` if given."""
    axes = tuple(range(x.ndim - n, x.ndim))
    y = x * jax.lax.rsqrt(jnp.mean(jnp.square(x), axis=axes, keepdims=True) + jnp.array(eps, x.dtype))
    return y * w[0] if w else y


@kernel
def local_response_norm(x, *, size: int, alpha: float, beta: float, k: float):
    """``x / (k + alpha * mean of x^2 over a window of ``size`` channels) ** beta``; the window is
    zero-padded by size // 2 before and (size - 1) // 2 after, and always divided by ``size``."""
    sq = jnp.square(x)
    widths = [(0, 0)] * x.ndim
    widths[1] = (size // 2, (size - 1) // 2)
    sq = jnp.pad(sq, widths)
    window = (1, size) + (1,) * (x.ndim - 2)
    sums = jax.lax.reduce_window(sq, np.array(0, x.dtype),  # concrete: differentiable under jit
                                 jax.lax.add, window, (1,) * x.ndim, "VALID")
    div = (sums * jnp.array(alpha / size, x.dtype) + jnp.array(k, x.dtype)) ** jnp.array(beta, x.dtype)
    return x / div
