"""Attention kernels, dialect-free: pure JAX functions of arrays.

Layouts are batch-first: queries (..., L, E), keys (..., S, E), values (..., S, Ev); heads, when
there are any, sit just before the sequence axis: (..., H, L, D). Masks come in two kinds, as in
every framework: a boolean mask (True = this query may attend to this key) or an additive float
mask (0 = attend, -inf = excluded), broadcastable to the scores (..., L, S). Dropout is applied
to the attention weights through a keep mask that the caller draws from its framework's
generator, so the random stream stays the dialect's business.

Projection weights are in the (out_features, in_features) layout (``x @ w.T + b``); a dialect
that stores them otherwise transposes them before the call.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

_HIGHEST = jax.lax.Precision.HIGHEST

__all__ = [
    "causal_mask", "repeat_kv", "softmax", "scaled_dot_product_attention", "project", "split_heads",
    "merge_heads", "multi_head_attention",
]


def causal_mask(target_len: int, source_len: int) -> np.ndarray:
    """A boolean (L, S) mask, True on and below the main diagonal (upper-left aligned):
    query i attends to keys 0..i."""
    return np.tril(np.ones((target_len, source_len), dtype=bool))


def repeat_kv(x: jax.Array, groups: int, axis: int = -3) -> jax.Array:
    """Each key/value head repeated ``groups`` times in place (h0 h0 h1 h1 ...), as grouped-query
    attention shares one key/value head among ``groups`` query heads."""
    return x if groups == 1 else jnp.repeat(x, groups, axis=axis)


def softmax(scores: jax.Array, safe: bool = True) -> jax.Array:
    """Softmax over the last axis. With ``safe``, a row whose scores are all -inf (every key
    masked out) gives zeros, and its gradient is zero; otherwise such a row gives NaN."""
    if not safe:
        return jax.nn.softmax(scores, axis=-1)
    top = jnp.max(scores, axis=-1, keepdims=True)
    top = jax.lax.stop_gradient(jnp.where(jnp.isfinite(top), top, 0))
    e = jnp.exp(scores - top)
    total = jnp.sum(e, axis=-1, keepdims=True)
    return e / jnp.where(total == 0, 1, total)


def _apply_mask(scores: jax.Array, mask) -> jax.Array:
    if mask is None:
        return scores
    if mask.dtype == jnp.bool_:
        return jnp.where(mask, scores, -jnp.inf)
    return scores + mask.astype(scores.dtype)


def scaled_dot_product_attention(q: jax.Array, k: jax.Array, v: jax.Array, mask: jax.Array | None = None, *,
                                 causal: bool = False, scale: float | None = None, gqa: bool = False,
                                 keep: jax.Array | None = None, keep_scale: float = 1.0, safe: bool = True,
                                 scale_query: bool = False, return_weights: bool = False):
    """``softmax(q @ k^T * scale + mask) @ v`` over the last two axes, leading axes broadcast.

    ``causal``: an upper-left aligned lower-triangular mask (combined with ``mask`` if both are
    given). ``scale`` defaults to 1/sqrt(E). ``gqa``: the head axis (-3) of ``k`` and ``v`` is
    repeated to the query's head count. ``keep`` (a boolean mask broadcastable to the weights)
    and ``keep_scale`` apply dropout to the weights. ``safe`` gives zeros for fully masked rows
    (NaN otherwise). ``scale_query`` multiplies the query by the scale before the product
    (instead of the scores after it), as some frameworks do. Half-precision inputs are computed
    in float32 and cast back. Returns the output, or (output, weights) with ``return_weights``.
    """
    dtype = q.dtype
    if dtype in (jnp.float16, jnp.bfloat16):
        q, k, v = (t.astype(jnp.float32) for t in (q, k, v))
    if gqa and q.ndim >= 3:
        k = repeat_kv(k, q.shape[-3] // k.shape[-3])
        v = repeat_kv(v, q.shape[-3] // v.shape[-3])
    factor = 1.0 / float(np.sqrt(q.shape[-1])) if scale is None else float(scale)
    if scale_query:
        scores = jnp.matmul(q * jnp.asarray(factor, q.dtype), jnp.swapaxes(k, -1, -2), precision=_HIGHEST)
    else:
        scores = jnp.matmul(q, jnp.swapaxes(k, -1, -2), precision=_HIGHEST) * jnp.asarray(factor, q.dtype)
    scores = _apply_mask(scores, mask)
    if causal:
        scores = jnp.where(causal_mask(scores.shape[-2], scores.shape[-1]), scores, -jnp.inf)
    weights = softmax(scores, safe)
    dropped = weights if keep is None else weights * keep.astype(weights.dtype) * jnp.asarray(keep_scale, weights.dtype)
    out = jnp.matmul(dropped, v, precision=_HIGHEST).astype(dtype)
    if return_weights:
        return out, dropped.astype(dtype)
    return out


def project(x: jax.Array, w: jax.Array, b: jax.Array | None = None) -> jax.Array:
    """``x @ w.T + b`` with ``w`` in (out_features, in_features) layout."""
    y = jnp.matmul(x, w.T, precision=_HIGHEST)
    return y if b is None else y + b


def split_heads(x: jax.Array, num_heads: int) -> jax.Array:
    """(..., L, H*D) -> (..., H, L, D)."""
    *lead, length, width = x.shape
    return jnp.swapaxes(x.reshape(*lead, length, num_heads, width // num_heads), -2, -3)


def merge_heads(x: jax.Array) -> jax.Array:
    """(..., H, L, D) -> (..., L, H*D)."""
    *lead, heads, length, depth = x.shape
    return jnp.swapaxes(x, -2, -3).reshape(*lead, length, heads * depth)


def multi_head_attention(query: jax.Array, key: jax.Array, value: jax.Array, *, num_heads: int,
                         q_weight: jax.Array, k_weight: jax.Array, v_weight: jax.Array,
                         q_bias=None, k_bias=None, v_bias=None, out_weight: jax.Array, out_bias=None,
                         bias_k=None, bias_v=None, add_zero_attn: bool = False, mask=None,
                         causal: bool = False, keep=None, keep_scale: float = 1.0, need_weights: bool = False,
                         average_weights: bool = True, safe: bool = True, scale_query: bool = False):
    """Multi-head attention, batch-first: query (N, L, Eq), key (N, S, Ek), value (N, S, Ev).

    Projections ``project(query, q_weight, q_bias)`` ...; ``bias_k`` / ``bias_v`` (broadcastable to
    (N, 1, E)) are appended to the projected keys / values as one more source position, and
    ``add_zero_attn`` appends a zero key and value per head after that; the mask (additive or
    boolean, broadcastable to (N, H, L, S) over the original S keys) lets every appended position
    take part. ``keep`` (N, H, L, S_total) is the dropout keep mask of the weights.
    Returns (output (N, L, E), weights or None): the weights are (N, H, L, S_total), or averaged
    over the heads (N, L, S_total) with ``average_weights``.
    """
    q = project(query, q_weight, q_bias)
    k = project(key, k_weight, k_bias)
    v = project(value, v_weight, v_bias)
    extra = 0
    if bias_k is not None:
        n = k.shape[0]
        k = jnp.concatenate([k, jnp.broadcast_to(bias_k.reshape(1, 1, -1), (n, 1, k.shape[-1]))], axis=1)
        v = jnp.concatenate([v, jnp.broadcast_to(bias_v.reshape(1, 1, -1), (n, 1, v.shape[-1]))], axis=1)
        extra += 1
    q, k, v = (split_heads(t, num_heads) for t in (q, k, v))
    if add_zero_attn:
        k = jnp.concatenate([k, jnp.zeros(k.shape[:-2] + (1, k.shape[-1]), k.dtype)], axis=-2)
        v = jnp.concatenate([v, jnp.zeros(v.shape[:-2] + (1, v.shape[-1]), v.dtype)], axis=-2)
        extra += 1
    if mask is not None and extra:
        fill = True if mask.dtype == jnp.bool_ else 0
        widths = [(0, 0)] * (mask.ndim - 1) + [(0, extra)]
        mask = jnp.pad(mask, widths, constant_values=fill)
    out, weights = scaled_dot_product_attention(q, k, v, mask, causal=causal, keep=keep, keep_scale=keep_scale,
                                                safe=safe, scale_query=scale_query, return_weights=True)
    out = project(merge_heads(out), out_weight, out_bias)
    if not need_weights:
        return out, None
    return out, (jnp.mean(weights, axis=1) if average_weights else weights)
