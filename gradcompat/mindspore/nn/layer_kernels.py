"""Pure JAX functions behind the nn layers that have no primitive in ``ops`` here (BatchNorm,
LayerNorm, Dropout, BCEWithLogitsLoss); module-level for stable
compile-cache identities."""
from __future__ import annotations

import jax
import jax.numpy as jnp


def _channel_shape(x, channel_axis: int = 1) -> list:
    shape = [1] * x.ndim
    shape[channel_axis] = x.shape[channel_axis]
    return shape


def batch_norm_train(x, gamma, beta, moving_mean, moving_var, *, eps: float, momentum: float):
    """BatchNorm with batch statistics (channel axis 1): the normalized output and the new
    moving mean and variance, ``moving * momentum + batch * (1 - momentum)``; the moving
    variance takes the unbiased batch variance. The moving statistics carry no gradient."""
    axes = tuple(i for i in range(x.ndim) if i != 1)
    shape = _channel_shape(x)
    mean = jnp.mean(x, axis=axes)
    var = jnp.mean(jnp.square(x - mean.reshape(shape)), axis=axes)
    y = (x - mean.reshape(shape)) * jax.lax.rsqrt(var.reshape(shape) + eps) * gamma.reshape(shape) + beta.reshape(shape)
    count = x.size // x.shape[1]
    unbiased = var * (count / max(count - 1, 1))
    new_mean = jax.lax.stop_gradient(moving_mean * momentum + mean * (1 - momentum))
    new_var = jax.lax.stop_gradient(moving_var * momentum + unbiased * (1 - momentum))
    return y, new_mean, new_var


def batch_norm_eval(x, gamma, beta, mean, var, *, eps: float):
    """BatchNorm with the moving statistics (inference)."""
    shape = _channel_shape(x)
    return (x - mean.reshape(shape)) * jax.lax.rsqrt(var.reshape(shape) + eps) * gamma.reshape(shape) + beta.reshape(shape)


def layer_norm(x, gamma, beta, *, begin_norm_axis: int, begin_params_axis: int, eps: float):
    """LayerNorm over the axes from ``begin_norm_axis``; gamma/beta cover the axes from
    ``begin_params_axis`` (both non-negative here)."""
    axes = tuple(range(begin_norm_axis, x.ndim))
    mean = jnp.mean(x, axis=axes, keepdims=True)
    var = jnp.mean(jnp.square(x - mean), axis=axes, keepdims=True)
    params_shape = (1,) * begin_params_axis + tuple(x.shape[begin_params_axis:])
    return (x - mean) * jax.lax.rsqrt(var + eps) * gamma.reshape(params_shape) + beta.reshape(params_shape)


def dropout(x, seed, *, keep_prob: float):
    """Inverted dropout: kept elements are scaled by ``1 / keep_prob``; the mask is drawn
    from the key of ``seed`` (an integer scalar)."""
    mask = jax.random.bernoulli(jax.random.PRNGKey(seed), keep_prob, x.shape)
    return jnp.where(mask, x / keep_prob, jnp.zeros_like(x))


def bce_with_logits(logits, labels, weight, pos_weight):
    """Elementwise ``BCEWithLogitsLoss`` before reduction (MindSpore's stable form)."""
    max_val = jnp.maximum(-logits, 0)
    log_weight = (pos_weight - 1) * labels + 1
    loss = (1 - labels) * logits + log_weight * (jnp.log(jnp.exp(-max_val) + jnp.exp(-logits - max_val)) + max_val)
    return loss * weight


def cross_entropy(logits, labels, weight, *, ignore_index: int, reduction: str, label_smoothing: float):
    """``nn.CrossEntropyLoss``: class axis 1 (0 for a 1-D input); integer labels are class
    indices, float labels class probabilities."""
    axis = 0 if logits.ndim == 1 else 1
    classes = logits.shape[axis]
    logp = jax.nn.log_softmax(logits, axis=axis)
    shape = [1] * logits.ndim
    shape[axis] = classes
    w = weight.astype(logits.dtype).reshape(shape)
    smooth = -jnp.sum(logp * w, axis=axis) / classes  # the label-smoothing term
    if jnp.issubdtype(labels.dtype, jnp.integer):
        valid = labels != ignore_index
        safe = jnp.where(valid, labels, 0)
        picked = -jnp.take_along_axis(logp, jnp.expand_dims(safe, axis), axis=axis).squeeze(axis)
        w_y = jnp.where(valid, weight.astype(logits.dtype)[safe], 0)
        loss = (1 - label_smoothing) * picked * w_y + label_smoothing * jnp.where(valid, smooth, 0)
        if reduction == "mean":
            return jnp.sum(loss) / jnp.sum(w_y)
    else:
        target = labels.astype(logits.dtype)
        loss = -(1 - label_smoothing) * jnp.sum(logp * target * w, axis=axis) + label_smoothing * smooth
        if reduction == "mean":
            return jnp.sum(loss) / (loss.size if logits.ndim > 1 else 1)
    return jnp.sum(loss) if reduction == "sum" else loss
