"""The pure JAX functions behind ``torch.nn.functional``.

Module-level functions of arrays plus hashable keyword-only static attributes (stable
identities, so the structural compile cache hits). Gradients come from ``jax.vjp`` of
these functions through the core engine; none is hand-written.
"""
from __future__ import annotations


import itertools

import jax
import jax.numpy as jnp
import numpy as np

from ...core import kernels
from ...core.eager import compiled_kernel as _jit


# ----- linear and convolution ---------------------------------------------------------------

@_jit
def linear(x, w):
    return jnp.matmul(x, w.T)


@_jit
def linear_bias(x, w, b):
    if x.dtype in (jnp.bfloat16, jnp.float16):  # torch's CPU kernel: float32 accumulation + bias, one rounding
        return (jnp.matmul(x, w.T, preferred_element_type=jnp.float32) + b.astype(jnp.float32)).astype(x.dtype)
    return jnp.matmul(x, w.T) + b


@_jit
def conv(x, w, *, stride: tuple, padding, dilation: tuple, groups: int):
    """N-d convolution, torch layout (N, C, *spatial) and (O, I/groups, *kernel)."""
    n = x.ndim - 2
    spatial = "DHW"[-n:] if n <= 3 else None
    numbers = (f"NC{spatial}", f"OI{spatial}", f"NC{spatial}")
    pad = padding if isinstance(padding, str) else tuple((p, p) for p in padding)
    return jax.lax.conv_general_dilated(x, w, window_strides=stride, padding=pad, rhs_dilation=dilation,
                                        feature_group_count=groups, dimension_numbers=numbers,
                                        precision=jax.lax.Precision.HIGHEST)


@_jit
def conv_bias(x, w, b, *, stride: tuple, padding, dilation: tuple, groups: int):
    if x.dtype in (jnp.bfloat16, jnp.float16):  # torch's CPU kernel: float32 accumulation + bias, one rounding
        out = conv(x.astype(jnp.float32), w.astype(jnp.float32), stride=stride, padding=padding, dilation=dilation,
                   groups=groups)
        return (out + b.astype(jnp.float32).reshape((1, -1) + (1,) * (x.ndim - 2))).astype(x.dtype)
    out = conv(x, w, stride=stride, padding=padding, dilation=dilation, groups=groups)
    return out + b.reshape((1, -1) + (1,) * (x.ndim - 2))


# ----- pooling ---------------------------------------------------------------------------------

@_jit
def max_pool(x, *, window: tuple, strides: tuple, padding: tuple, dilation: tuple):
    """Max over windows; ``padding`` holds (low, high) per dimension (-inf padding, as torch).

    Windows are gathered as strided slices and reduced with argmax + take, so the gradient
    goes to the first maximum of each window in scan order (torch's rule at ties; JAX's
    reduce_window would split it, and has no VJP with dilation).
    """
    low = -jnp.inf if jnp.issubdtype(x.dtype, jnp.floating) else jnp.iinfo(x.dtype).min
    xp = jnp.pad(x, padding, constant_values=low)
    dims = [i for i, w in enumerate(window) if w != 1 or strides[i] != 1]
    out_shape = [(xp.shape[i] - dilation[i] * (window[i] - 1) - 1) // strides[i] + 1 for i in range(x.ndim)]
    patches = []
    for offset in itertools.product(*[range(window[i]) for i in range(x.ndim)]):
        index = tuple(slice(offset[i] * dilation[i], offset[i] * dilation[i] + (out_shape[i] - 1) * strides[i] + 1,
                            strides[i]) for i in range(x.ndim))
        patches.append(xp[index])
    del dims
    stacked = jnp.stack(patches, axis=-1)
    first = jnp.argmax(stacked, axis=-1)
    return jnp.take_along_axis(stacked, first[..., None], axis=-1)[..., 0]


@_jit
def avg_pool(x, *, window: tuple, strides: tuple, padding: tuple, divisor):
    """Window sums divided by ``divisor``: a number, or "count" (the in-bounds element count) or
    "count_pad" (the count of elements inside the zero-padded input, torch's count_include_pad)."""
    zero = np.array(0, x.dtype)  # a concrete init value keeps reduce_window differentiable under jit
    sums = jax.lax.reduce_window(x, zero, jax.lax.add, window, strides, padding)
    if isinstance(divisor, str):
        ones = jnp.ones(x.shape, x.dtype)
        if divisor == "count_pad":
            sym = tuple((lo, min(hi, lo)) for lo, hi in padding)  # ceil_mode overhang is not counted
            ones = jnp.pad(ones, sym, constant_values=1)
            extra = tuple((0, hi - min(hi, lo)) for lo, hi in padding)
            counts = jax.lax.reduce_window(ones, zero, jax.lax.add, window, strides, extra)
        else:
            counts = jax.lax.reduce_window(ones, zero, jax.lax.add, window, strides, padding)
        return sums / counts
    return sums / jnp.array(divisor, x.dtype)


# ----- activations -----------------------------------------------------------------------------

@_jit
def gelu(x, *, approximate: bool):
    if x.dtype in (jnp.bfloat16, jnp.float16):  # torch computes 16-bit gelu in float32, one rounding
        return jax.nn.gelu(x.astype(jnp.float32), approximate=approximate).astype(x.dtype)
    return jax.nn.gelu(x, approximate=approximate)


@_jit
def silu(x):
    return x * jax.nn.sigmoid(x)


@_jit
def tanh(x):
    return jnp.tanh(x)


@_jit
def sigmoid(x):
    return jax.nn.sigmoid(x)


@_jit
def softmax(x, *, axis: int, dtype):
    if np.dtype(dtype) in (jnp.bfloat16, jnp.float16):  # torch's CPU kernel works in float32, rounds once
        return jax.nn.softmax(x.astype(np.float32), axis=axis).astype(dtype)
    return jax.nn.softmax(x.astype(dtype), axis=axis)


@_jit
def log_softmax(x, *, axis: int, dtype):
    if np.dtype(dtype) in (jnp.bfloat16, jnp.float16):  # float32 inside, one rounding, as torch's CPU kernel
        return jax.nn.log_softmax(x.astype(np.float32), axis=axis).astype(dtype)
    return jax.nn.log_softmax(x.astype(dtype), axis=axis)


@_jit
def dropout(x, mask, *, scale: float):
    return x * (mask.astype(x.dtype) * jnp.array(scale, x.dtype))


_SELU_SATURATION = 1.7580993408473766  # SELU's scale * alpha: where a dropped unit is sent


@_jit
def alpha_dropout(x, mask, *, p: float):
    """torch's alpha dropout: ``x * mask * a + ((mask - 1) * alpha' + alpha' * p) * a``."""
    alpha = _SELU_SATURATION
    a = 1.0 / np.sqrt((alpha * alpha * p + 1) * (1 - p))
    m = mask.astype(x.dtype)
    b = (m - 1) * jnp.array(alpha * a, x.dtype) + jnp.array(alpha * a * p, x.dtype)
    return x * (m * jnp.array(a, x.dtype)) + b


@_jit
def reshape(x, *, shape: tuple):
    return jnp.reshape(x, shape)


# ----- normalization ---------------------------------------------------------------------------

def _affine(y, w, b, axes_shape):
    if w is not None:
        y = y * w.reshape(axes_shape)
    if b is not None:
        y = y + b.reshape(axes_shape)
    return y


@_jit
def batch_norm(x, mean, var, w, b, *, eps: float, axes: tuple, use_batch: bool):
    """Normalize over ``axes``: with the batch's own (biased) statistics, or the given ones."""
    if x.dtype in (jnp.bfloat16, jnp.float16):  # torch's CPU kernel: float32 inside, one rounding to x's dtype
        up = [None if a is None else a.astype(jnp.float32) for a in (x, mean, var, w, b)]
        return batch_norm(*up, eps=eps, axes=axes, use_batch=use_batch).astype(x.dtype)
    shape = (1, -1) + (1,) * (x.ndim - 2)
    if use_batch:
        mean = jnp.mean(x, axis=axes, keepdims=True)
        var = jnp.mean(jnp.square(x - mean), axis=axes, keepdims=True)
    else:
        mean, var = mean.reshape(shape), var.reshape(shape)
    y = (x - mean) * jax.lax.rsqrt(var + jnp.array(eps, x.dtype))
    return _affine(y, w, b, shape)


@_jit
def batch_norm_affine(x, mean, var, w, b, *, eps, axes, use_batch):
    return batch_norm(x, mean, var, w, b, eps=eps, axes=axes, use_batch=use_batch)


@_jit
def batch_norm_plain(x, mean, var, *, eps, axes, use_batch):
    return batch_norm(x, mean, var, None, None, eps=eps, axes=axes, use_batch=use_batch)


@_jit
def batch_norm_train_plain(x, *, eps, axes):
    return batch_norm(x, None, None, None, None, eps=eps, axes=axes, use_batch=True)


@_jit
def batch_norm_train_affine(x, w, b, *, eps, axes):
    return batch_norm(x, None, None, w, b, eps=eps, axes=axes, use_batch=True)


@_jit
def batch_stats(x, *, axes: tuple):
    """The batch mean and the unbiased variance (what torch's running statistics take in)."""
    if x.dtype in (jnp.bfloat16, jnp.float16):
        x = x.astype(jnp.float32)  # as torch computes the statistics of 16-bit inputs
    n = 1
    for a in axes:
        n *= x.shape[a]
    mean = jnp.mean(x, axis=axes)
    var = jnp.sum(jnp.square(x - jnp.mean(x, axis=axes, keepdims=True)), axis=axes) / max(n - 1, 1)
    return mean, var


@_jit
def layer_norm(x, *args, eps: float, n: int, has_weight: bool, has_bias: bool):
    if x.dtype in (jnp.bfloat16, jnp.float16):  # torch's CPU kernel: float32 inside, one rounding to x's dtype
        up = [a.astype(jnp.float32) for a in (x, *args)]
        return layer_norm(*up, eps=eps, n=n, has_weight=has_weight, has_bias=has_bias).astype(x.dtype)
    axes = tuple(range(x.ndim - n, x.ndim))
    mean = jnp.mean(x, axis=axes, keepdims=True)
    var = jnp.mean(jnp.square(x - mean), axis=axes, keepdims=True)
    y = (x - mean) * jax.lax.rsqrt(var + jnp.array(eps, x.dtype))
    args = list(args)
    if has_weight:
        y = y * args.pop(0)
    if has_bias:
        y = y + args.pop(0)
    return y


@_jit
def embedding(weight, idx, *, padding_idx):
    if padding_idx is not None:
        keep = (jnp.arange(weight.shape[0]) != padding_idx)[:, None]
        weight = jnp.where(keep, weight, jax.lax.stop_gradient(weight))  # no gradient to the padding row
    return jnp.take(weight, idx, axis=0)


# ----- losses ----------------------------------------------------------------------------------

def _reduce(loss, reduction: str):
    if reduction == "mean":
        return kernels.mean(loss)
    if reduction == "sum":
        return jnp.sum(loss)
    return loss


@_jit
def mse_loss(x, y, *, reduction: str):
    return _reduce(jnp.square(x - y), reduction)


@jax.custom_jvp
def _abs(d):
    return jnp.abs(d)


@_abs.defjvp
def _abs_jvp(primals, tangents):
    # torch's abs gradient is sign(d): 0 at d = 0 (JAX's is 1 there)
    (d,), (t,) = primals, tangents
    return jnp.abs(d), jnp.sign(d) * t


@_jit
def l1_loss(x, y, *, reduction: str):
    return _reduce(_abs(x - y), reduction)


@_jit
def smooth_l1_loss(x, y, *, reduction: str, beta: float):
    d = _abs(x - y)
    if beta == 0:
        return _reduce(d, reduction)
    loss = jnp.where(d < beta, 0.5 * jnp.square(d) / beta, d - 0.5 * beta)
    return _reduce(loss, reduction)


@_jit
def binary_cross_entropy(p, y, *weight, reduction: str):
    # torch clamps the logs at -100 so that p = 0 or 1 gives a finite loss
    log_p = jnp.maximum(jnp.log(p), -100.0)
    log_1p = jnp.maximum(jnp.log1p(-p), -100.0)
    loss = -(y * log_p + (1 - y) * log_1p)
    if weight:
        loss = loss * weight[0]
    return _reduce(loss, reduction)


@_jit
def bce_with_logits(x, y, *args, reduction: str, has_weight: bool, has_pos_weight: bool):
    args = list(args)
    weight = args.pop(0) if has_weight else None
    pos_weight = args.pop(0) if has_pos_weight else None
    log_sig = jax.nn.log_sigmoid(x)
    log_one_minus = jax.nn.log_sigmoid(-x)
    if pos_weight is not None:
        loss = -(pos_weight * y * log_sig + (1 - y) * log_one_minus)
    else:
        loss = -(y * log_sig + (1 - y) * log_one_minus)
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


def _class_last(x):
    return jnp.moveaxis(x, 1, -1) if x.ndim > 1 else x


def _weighted_mean(total, count):
    """total / count; with nothing counted (every target ignored), nan with a zero gradient, as torch."""
    empty = count == 0
    return jnp.where(empty, jnp.nan, total / jnp.where(empty, 1, count).astype(total.dtype))


@_jit
def nll_loss(logp, target, *weight, reduction: str, ignore_index: int, smoothing: float):
    """torch's nll_loss (weights, ignore_index) and cross_entropy's label smoothing term."""
    logp = _class_last(logp)
    n_classes = logp.shape[-1]
    valid = target != ignore_index
    safe = jnp.where(valid, target, 0)
    w = weight[0] if weight else jnp.ones((n_classes,), logp.dtype)
    picked = jnp.take_along_axis(logp, safe[..., None], axis=-1)[..., 0]
    wt = jnp.where(valid, w[safe], 0).astype(logp.dtype)
    loss = -picked * wt
    if reduction == "mean":
        nll = _weighted_mean(jnp.sum(loss), jnp.sum(wt))
    elif reduction == "sum":
        nll = jnp.sum(loss)
    else:
        nll = loss
    if smoothing == 0:
        return nll
    smooth = -jnp.sum(logp * w, axis=-1) if weight else -jnp.sum(logp, axis=-1)
    smooth = jnp.where(valid, smooth, 0)
    if reduction == "mean":
        smooth = _weighted_mean(jnp.sum(smooth), jnp.sum(wt) if weight else jnp.sum(valid))
    elif reduction == "sum":
        smooth = jnp.sum(smooth)
    return (1 - smoothing) * nll + smooth * (smoothing / n_classes)


@_jit
def soft_cross_entropy(logp, probs, *weight, reduction: str, smoothing: float):
    """cross_entropy with class probabilities as the target."""
    n_classes = logp.shape[1]
    probs = probs * (1 - smoothing) + smoothing / n_classes
    prod = logp * probs
    if weight:
        prod = prod * weight[0].reshape((1, -1) + (1,) * (logp.ndim - 2))
    loss = -jnp.sum(prod, axis=1)
    if reduction == "mean":
        return jnp.sum(loss) / (logp.size // n_classes)
    return _reduce(loss, reduction)


# ----- more activations and utilities ----------------------------------------------------------

@_jit
def leaky_relu(x, *, slope: float):
    return jnp.where(x > 0, x, x * jnp.asarray(slope, x.dtype))


@_jit
def threshold(x, *, threshold, value):
    return jnp.where(x > jnp.asarray(threshold, x.dtype), x, jnp.asarray(value, x.dtype))


@_jit
def elu(x, *, alpha: float):
    return jnp.where(x > 0, x, jnp.asarray(alpha, x.dtype) * jnp.expm1(jnp.where(x > 0, 0, x)))


@_jit
def softplus(x, *, beta: float, threshold: float):
    bx = x * jnp.asarray(beta, x.dtype)
    safe = jnp.where(bx > threshold, 0, bx)  # keeps the unused branch finite (and its gradient)
    return jnp.where(bx > threshold, x, jnp.log1p(jnp.exp(safe)) / jnp.asarray(beta, x.dtype))


@_jit
def pad(x, *, widths: tuple, mode: str, value: float):
    if mode == "constant":  # lax.pad: negative widths crop, as torch's
        return jax.lax.pad(x, jnp.asarray(value, x.dtype), [(lo, hi, 0) for lo, hi in widths])
    return jnp.pad(x, widths, mode={"reflect": "reflect", "replicate": "edge", "circular": "wrap"}[mode])


@_jit
def normalize(x, *, p: float, axis: int, eps: float):
    a = _abs(x)  # sign(0) = 0: torch's norm gradient at zero entries
    total = jnp.sum(a ** p, axis=axis, keepdims=True)
    positive = total > 0
    # the norm's gradient at an all-zero slice is 0 in torch; keep JAX's finite there too
    norm = jnp.where(positive, jnp.where(positive, total, 1) ** (1.0 / p), 0)
    return x / jnp.maximum(norm, jnp.asarray(eps, x.dtype))
