"""Normalization kernels in the (N, C, *spatial) layout: group normalization (instance
normalization is its one-channel-per-group case), RMS normalization over trailing dimensions,
local response normalization across channels, and per-instance statistics for running averages.
Pure JAX functions with hashable keyword-only attributes."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from ..core.eager import compiled_kernel as kernel


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


def _norm_except(v, dim: int):
    """The 2-norm of ``v`` over every dimension but ``dim`` (kept with size 1); all of them for -1."""
    if dim == -1:
        return jnp.sqrt(jnp.sum(jnp.square(v)))
    axes = tuple(a for a in range(v.ndim) if a != dim)
    return jnp.sqrt(jnp.sum(jnp.square(v), axis=axes, keepdims=True))


@kernel
def norm_except_dim(v, *, dim: int):
    return _norm_except(v, dim)


@kernel
def weight_norm(v, g, *, dim: int):
    """``v * (g / ||v||)``, the norm over every dimension but ``dim`` (weight normalization)."""
    return v * (g / _norm_except(v, dim))


@kernel
def power_iteration(w, u, v, *, steps: int, eps: float, v_first: bool):
    """``steps`` rounds of the power method on matrix ``w`` from unit vectors ``u``, ``v``
    (each normalized by max(norm, eps)); ``v_first``: the legacy spectral_norm's order."""
    def unit(x):
        return x / jnp.maximum(jnp.sqrt(jnp.sum(jnp.square(x))), jnp.array(eps, x.dtype))
    for _ in range(steps):
        if v_first:
            v = unit(w.T @ u)
            u = unit(w @ v)
        else:
            u = unit(w @ v)
            v = unit(w.T @ u)
    return u, v


# ----- statistics over arbitrary axes (Keras / TF layouts) ----------------------------------------

@kernel
def moments(x, *, axes: tuple):
    """``(mean, variance)`` over ``axes`` (kept as size-1 dims), the variance biased and taken
    around the mean with its gradient stopped, as ``tf.nn.moments``."""
    mean = jnp.mean(x, axis=axes, keepdims=True)
    var = jnp.mean(jnp.square(x - jax.lax.stop_gradient(mean)), axis=axes, keepdims=True)
    return mean, var


@kernel
def normalize(x, mean, var, *affine, eps: float, scale: bool, center: bool):
    """``(x - mean) / sqrt(var + eps) * gamma + beta`` written as TF's ``batch_normalization``
    (``x * inv + (beta - mean * inv)``); ``affine`` holds gamma and/or beta as the flags say,
    all broadcastable to ``x``."""
    affine = list(affine)
    inv = jax.lax.rsqrt(var + jnp.asarray(eps, x.dtype))
    if scale:
        inv = inv * affine.pop(0)
    shift = affine.pop(0) - mean * inv if center else -mean * inv
    return x * inv + shift
