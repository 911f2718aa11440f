"""Pure JAX functions behind MindSpore's nn primitives (activations with axes, BiasAdd,
Conv2D, MaxPool, the cross-entropy primitives); module-level for stable cache identities."""
from __future__ import annotations

import jax
import jax.numpy as jnp


def softmax(x, *, axis):
    return jax.nn.softmax(x, axis=axis)


def log_softmax(x, *, axis):
    return jax.nn.log_softmax(x, axis=axis)


def bias_add(x, bias, *, channel_axis: int):
    """Adds ``bias`` along the channel axis (1 for NCHW / 2-D inputs, -1 for NHWC)."""
    shape = [1] * x.ndim
    shape[channel_axis] = bias.shape[0]
    return x + bias.reshape(shape)


def conv2d(x, weight, *, stride: tuple, padding, dilation: tuple, groups: int):
    """NCHW x OIHW convolution; ``padding`` is "SAME", "VALID" or ((top, bottom), (left, right))."""
    return jax.lax.conv_general_dilated(x, weight, window_strides=stride, padding=padding,
                                        rhs_dilation=dilation, feature_group_count=groups,
                                        dimension_numbers=("NCHW", "OIHW", "NCHW"))


def max_pool(x, *, window: tuple, strides: tuple, padding: str):
    """Max pooling over the last two axes of NCHW input."""
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, 1) + window, (1, 1) + strides, padding)


@jax.custom_vjp
def softmax_cross_entropy(logits, labels):
    """(loss, backprop) of ``SoftmaxCrossEntropyWithLogits``; backprop is softmax - labels."""
    log_p = jax.nn.log_softmax(logits, axis=-1)
    return -jnp.sum(labels * log_p, axis=-1), jnp.exp(log_p) - labels


def _xent_fwd(logits, labels):
    out = softmax_cross_entropy(logits, labels)
    return out, out[1]


def _xent_bwd(backprop, cotangents):
    # MindSpore's bprop: d logits = backprop * d loss, ignoring the backprop output's
    # cotangent; labels get a zero gradient.
    d_loss, _ = cotangents
    return backprop * d_loss[..., None], jnp.zeros_like(backprop)


softmax_cross_entropy.defvjp(_xent_fwd, _xent_bwd)


def sparse_softmax_cross_entropy(logits, labels, *, is_grad: bool):
    """Mean cross entropy of integer labels, or (``is_grad``) its gradient wrt logits."""
    log_p = jax.nn.log_softmax(logits, axis=-1)
    one_hot = jax.nn.one_hot(labels, logits.shape[-1], dtype=logits.dtype)
    if is_grad:
        return (jnp.exp(log_p) - one_hot) / logits.shape[0]
    return -jnp.sum(one_hot * log_p) / logits.shape[0]
