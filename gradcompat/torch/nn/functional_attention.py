"""``F.scaled_dot_product_attention`` and ``F.multi_head_attention_forward``: torch's argument
semantics (mask kinds and polarities, shapes, broadcasting, errors) over the dialect-free
kernels in ``gradcompat.layers.attention``. Each call is one core op, so its gradient comes from
the core vjp engine.

Dropout masks are torch's (``bernoulli_(1 - p)`` from the default CPU generator).
"""
from __future__ import annotations

import warnings

import jax.numpy as jnp
import numpy as np

from ... import core
from ...layers import attention as LA
from .. import autocast_policy, dtypes
from ..functions import _check_broadcast_shapes, _matmul_shape_problem
from ..tensor import Tensor, wrap
from .init import keep_mask
from .kernels import _jit

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]


def _require_tensor(x, fname: str, arg: str, pos: int, optional: bool = False) -> None:
    if x is None and optional:
        return
    if not isinstance(x, Tensor):
        raise TypeError(f"{fname}(): argument '{arg}' (position {pos}) must be Tensor, not {type(x).__name__}")


def _dropout_keep(shape: tuple, p: float):
    """A boolean keep mask (True = kept) with probability 1 - p, from the dialect's stream."""
    return core.Constant(keep_mask(shape, p))


# ----- scaled dot product attention ------------------------------------------------------------

@_jit
def _sdpa(q, k, v, *rest, has_mask: bool, has_keep: bool, causal: bool, scale, gqa: bool, keep_scale: float):
    mask = rest[0] if has_mask else None
    keep = rest[-1] if has_keep else None
    return LA.scaled_dot_product_attention(q, k, v, mask, causal=causal, scale=scale, gqa=gqa, keep=keep,
                                           keep_scale=keep_scale)


def _name(t: Tensor) -> str:
    return dtypes.C_TYPE_NAMES[t.dtype.name]


@autocast_policy.lower_precision
def scaled_dot_product_attention(query: Tensor, key: Tensor, value: Tensor, attn_mask: Tensor | None = None,
                                 dropout_p: float = 0.0, is_causal: bool = False, scale: float | None = None,
                                 enable_gqa: bool = False) -> Tensor:
    """``F.scaled_dot_product_attention``: ``softmax(Q K^T * scale + mask) V`` over (..., L, E),
    (..., S, E), (..., S, Ev), leading dimensions broadcast.

    As torch: a boolean ``attn_mask`` says which positions take part (True), a float one is added
    to the scores; a row with every key masked out gives zeros; ``is_causal`` is an upper-left
    lower-triangular mask and may not be combined with ``attn_mask``; ``enable_gqa`` repeats the
    key/value heads (dim -3) to the query's head count; torch's errors for bad dims, dtypes and
    shapes. Known difference: the dropout mask comes from gradcompat's stream.
    """
    fname = "scaled_dot_product_attention"
    _require_tensor(query, fname, "query", 1)
    _require_tensor(key, fname, "key", 2)
    _require_tensor(value, fname, "value", 3)
    _require_tensor(attn_mask, fname, "attn_mask", 4, optional=True)
    if dropout_p > 1.0:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {dropout_p}")
    if min(query.dim(), key.dim(), value.dim()) < 2:
        raise RuntimeError("Expected query, key, and value to all be  at least 2 dimensional, but got query.dim: "
                           f"{query.dim()} key.dim: {key.dim()} and value.dim: {value.dim()} instead.")
    if not (query.dtype is key.dtype is value.dtype):
        raise RuntimeError("Expected query, key, and value to have the same dtype, but got query.dtype: "
                           f"{_name(query)} key.dtype: {_name(key)} and value.dtype: {_name(value)} instead.")
    if not query.dtype.is_floating_point:
        raise RuntimeError(f"expected scalar type Float but found {dtypes.SCALAR_TYPE_NAMES[query.dtype.name]}")
    if attn_mask is not None and attn_mask.dtype not in (dtypes.bool_, dtypes.float32, query.dtype):
        raise RuntimeError("Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                           f"attn_mask.dtype: {_name(attn_mask)} and  query.dtype: {_name(query)} instead.")
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    qs, ks, vs = tuple(query.shape), tuple(key.shape), tuple(value.shape)
    if enable_gqa:
        if query.dim() < 3:
            raise IndexError("Dimension out of range (expected to be in range of [-2, 1], but got -3)")
        if qs[-3] % ks[-3] or qs[-3] % vs[-3]:
            raise RuntimeError("Number of heads in key and value must divide the number of heads in query")
        ks = ks[:-3] + (qs[-3],) + ks[-2:]
        vs = vs[:-3] + (qs[-3],) + vs[-2:]
    problem = _matmul_shape_problem(qs, ks[:-2] + (ks[-1], ks[-2]))
    if problem:
        raise RuntimeError(problem)
    scores = tuple(np.broadcast_shapes(qs[:-2], ks[:-2])) + (qs[-2], ks[-2])
    if attn_mask is not None:
        ms = tuple(attn_mask.shape)
        _check_broadcast_shapes(scores, ms)
        if tuple(np.broadcast_shapes(scores, ms)) != scores:
            raise RuntimeError(f"output with shape {list(scores)} doesn't match the broadcast shape "
                               f"{list(np.broadcast_shapes(scores, ms))}")
    problem = _matmul_shape_problem(scores, vs)
    if problem:
        raise RuntimeError(problem)
    inputs = [query, key, value] + ([attn_mask] if attn_mask is not None else [])
    nodes = [t.node for t in inputs]
    keep_scale = 1.0
    if dropout_p > 0.0:
        nodes.append(_dropout_keep(scores, dropout_p))
        keep_scale = 0.0 if dropout_p >= 1.0 else 1.0 / (1.0 - dropout_p)
    name = "ScaledDotProductFlashAttentionForCpuBackward0" if query.dim() == 4 else "UnsafeViewBackward0"
    return wrap(core.apply(_sdpa, nodes, dict(has_mask=attn_mask is not None, has_keep=dropout_p > 0.0,
                                               causal=bool(is_causal), scale=None if scale is None else float(scale),
                                               gqa=bool(enable_gqa), keep_scale=keep_scale), name=name))


# ----- multi-head attention --------------------------------------------------------------------

def _none_or_dtype(input: Tensor | None):
    """``F._none_or_dtype``: a mask's dtype, or None."""
    if input is None:
        return None
    if isinstance(input, Tensor):
        return input.dtype
    raise RuntimeError("input to _none_or_dtype() must be None or torch.Tensor")


def _canonical_mask(mask: Tensor | None, mask_name: str, other_type, other_name: str, target_type,
                    check_other: bool = True) -> Tensor | None:
    """``F._canonical_mask`` (custom layers copied from torch's call it): a bool mask (True =
    masked out) as an additive float mask of ``target_type`` (-inf where True); a float mask
    unchanged. Torch's error for other dtypes and its warning when the two masks of a call
    have different dtypes."""
    if mask is None:
        return None
    if mask.dtype is not dtypes.bool_ and not mask.dtype.is_floating_point:
        raise AssertionError(f"only bool and floating types of {mask_name} are supported")
    if check_other and other_type is not None and other_type is not mask.dtype:
        warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. "
                      "Use same type for both instead.", UserWarning, stacklevel=2)
    if mask.dtype is dtypes.bool_:
        target = dtypes.to_dtype(target_type)
        return wrap(core.apply(_additive, [mask.node], {"dtype": target.np_name}, name="MaskedFillBackward0"))
    return mask


@_jit
def _additive(mask, *, dtype: str):
    return jnp.where(mask, -jnp.inf, 0).astype(dtype)


@_jit
def _mha(query, key, value, *rest, names: tuple, num_heads: int, batch_first: bool,
         causal: bool, keep_scale: float, need_weights: bool, average: bool, unbatched: bool,
         safe: bool):
    a = dict(zip(names, rest))
    if unbatched:
        query, key, value = (t[None] for t in (query, key, value))
    elif not batch_first:
        query, key, value = (jnp.swapaxes(t, 0, 1) for t in (query, key, value))
    n, length, e = query.shape
    mask = None
    if "attn_mask" in a:
        m = a["attn_mask"]
        mask = m.reshape(1, 1, *m.shape) if m.ndim == 2 else m.reshape(n, num_heads, *m.shape[1:])
    if "key_padding_mask" in a:
        kpm = a["key_padding_mask"].reshape(n, 1, 1, -1)
        mask = kpm if mask is None else mask + kpm
    if "in_proj_weight" in a:
        qw, kw, vw = a["in_proj_weight"][:e], a["in_proj_weight"][e:2 * e], a["in_proj_weight"][2 * e:]
    else:
        qw, kw, vw = a["q_proj_weight"], a["k_proj_weight"], a["v_proj_weight"]
    b = a.get("in_proj_bias")
    qb, kb, vb = (None, None, None) if b is None else (b[:e], b[e:2 * e], b[2 * e:])
    out, weights = LA.multi_head_attention(
        query, key, value, num_heads=num_heads, q_weight=qw, k_weight=kw, v_weight=vw, q_bias=qb, k_bias=kb,
        v_bias=vb, out_weight=a["out_proj_weight"], out_bias=a.get("out_proj_bias"), bias_k=a.get("bias_k"),
        bias_v=a.get("bias_v"), add_zero_attn="zero_attn" in names, mask=mask, causal=causal, keep=a.get("keep"),
        keep_scale=keep_scale, need_weights=need_weights, average_weights=average, safe=safe,
        scale_query=need_weights)
    if unbatched:
        out = out[0]
        weights = None if weights is None else weights[0]
    elif not batch_first:
        out = jnp.swapaxes(out, 0, 1)
    return out if weights is None else (out, weights)


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads: int) -> bool:
    if query.dim() == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError("For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                                 f"{key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError("For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but "
                                 f"found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError("For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                                 f"found {attn_mask.dim()}-D tensor instead")
        return True
    if query.dim() == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError("For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                                 f"{key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError("For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D "
                                 f"but found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError("For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                                     f"but found {attn_mask.dim()}-D tensor instead")
            expected = (num_heads, query.shape[0], key.shape[0])
            if attn_mask.dim() == 3 and tuple(attn_mask.shape) != expected:
                raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got {attn_mask.shape}")
        return False
    raise AssertionError(f"query should be unbatched 2D or batched 3D tensor but received {query.dim()}-D "
                         "query tensor")


@autocast_policy.lower_precision
def mha(query: Tensor, key: Tensor, value: Tensor, embed_dim_to_check: int, num_heads: int, in_proj_weight,
        in_proj_bias, bias_k, bias_v, add_zero_attn: bool, dropout_p: float, out_proj_weight, out_proj_bias,
        training: bool = True, key_padding_mask=None, need_weights: bool = True, attn_mask=None,
        use_separate_proj_weight: bool = False, q_proj_weight=None, k_proj_weight=None, v_proj_weight=None,
        static_k=None, static_v=None, average_attn_weights: bool = True, is_causal: bool = False,
        batch_first: bool = False, fast_path: bool = False):
    """The multi-head attention behind ``F.multi_head_attention_forward`` and
    ``nn.MultiheadAttention``; ``batch_first`` says the layout of batched inputs. A query with
    every key masked out gets zeros through torch's scaled_dot_product_attention (no weights
    asked for) and NaN otherwise, and NaN on torch's inference ``fast_path``."""
    batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if static_k is not None or static_v is not None:
        raise NotImplementedError("gradcompat.torch: multi_head_attention_forward with static_k / static_v")
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask", _none_or_dtype(attn_mask), "attn_mask",
                                       query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    causal = bool(is_causal and key_padding_mask is None and not need_weights)
    if causal:
        attn_mask = None  # the hint replaces the mask, as torch does
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype, check_other=False)
    shape = tuple(query.shape) if not batched else (
        tuple(query.shape) if not batch_first else (query.shape[1], query.shape[0], query.shape[2]))
    if not batched:
        shape = (shape[0], 1, shape[1])
    tgt_len, bsz, embed_dim = shape
    kshape = tuple(key.shape) if not batched or not batch_first else (key.shape[1], key.shape[0], key.shape[2])
    src_len = kshape[0]
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if use_separate_proj_weight:
        if tuple(key.shape[:-1]) != tuple(value.shape[:-1]):
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match value's "
                                 f"{value.shape[:2]}")
    elif tuple(key.shape) != tuple(value.shape):
        raise AssertionError(f"key shape {key.shape} does not match value shape {value.shape}")
    named: list[tuple[str, Tensor]] = []
    if not use_separate_proj_weight:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        if key.shape[-1] != embed_dim:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({src_len * bsz}x{key.shape[-1]} and "
                               f"{embed_dim}x{2 * embed_dim})")
        named.append(("in_proj_weight", in_proj_weight))
    else:
        for which, w in (("q", q_proj_weight), ("k", k_proj_weight), ("v", v_proj_weight)):
            if w is None:
                raise AssertionError(f"use_separate_proj_weight is True but {which}_proj_weight is None")
        named += [("q_proj_weight", q_proj_weight), ("k_proj_weight", k_proj_weight), ("v_proj_weight", v_proj_weight)]
    if in_proj_bias is not None:
        named.append(("in_proj_bias", in_proj_bias))
    named.append(("out_proj_weight", out_proj_weight))
    if out_proj_bias is not None:
        named.append(("out_proj_bias", out_proj_bias))
    if attn_mask is not None:
        if attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (tgt_len, src_len):
                raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be "
                                   f"{(tgt_len, src_len)}.")
        elif attn_mask.dim() == 3:
            if tuple(attn_mask.shape) != (bsz * num_heads, tgt_len, src_len):
                raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be "
                                   f"{(bsz * num_heads, tgt_len, src_len)}.")
        else:
            raise RuntimeError(f"attn_mask's dimension {attn_mask.dim()} is not supported")
        named.append(("attn_mask", attn_mask))
    extra = 0
    if bias_k is not None and bias_v is not None:
        named += [("bias_k", bias_k), ("bias_v", bias_v)]
        extra += 1
    elif bias_k is not None:
        raise AssertionError("bias_k is set but bias_v is None")
    elif bias_v is not None:
        raise AssertionError("bias_v is set but bias_k is None")
    if add_zero_attn:
        extra += 1
    if key_padding_mask is not None:
        kp = (1, *key_padding_mask.shape) if not batched else tuple(key_padding_mask.shape)
        if kp[0] != bsz:
            raise AssertionError(f"Expected key_padded_mask.shape[0] to be {bsz}, but got {kp[0]}")
        if kp[1] != src_len:
            raise AssertionError(f"Expected key_padded_mask.shape[1] to be {src_len + extra}, but got "
                                 f"{kp[1] + extra}")
        named.append(("key_padding_mask", key_padding_mask))
    nodes = [query.node, key.node, value.node] + [t.node for _, t in named]
    names = tuple(n for n, _ in named) + (("zero_attn",) if add_zero_attn else ())
    keep_scale = 1.0
    if training and dropout_p > 0.0:
        nodes.append(_dropout_keep((bsz, num_heads, tgt_len, src_len + extra), dropout_p))
        names = names[:len(named)] + ("keep",) + names[len(named):]
        keep_scale = 0.0 if dropout_p >= 1.0 else 1.0 / (1.0 - dropout_p)
    # the names of inputs: the tuple zips with the extra arrays in order ("zero_attn" is a flag only)
    static = dict(names=names, num_heads=int(num_heads), batch_first=bool(batch_first and batched),
                  causal=causal, keep_scale=keep_scale, need_weights=bool(need_weights),
                  average=bool(average_attn_weights), unbatched=not batched,
                  safe=not (need_weights or fast_path))
    out_name = "SqueezeBackward1" if not batched else ("TransposeBackward0" if batch_first else "ViewBackward0")
    node = core.apply(_mha, nodes, static, name=out_name)
    if not need_weights:
        return wrap(node), None
    weights_name = "SqueezeBackward1" if not batched else ("MeanBackward1" if average_attn_weights else "ViewBackward0")
    return wrap(core.select(node, 0, name=out_name)), wrap(core.select(node, 1, name=weights_name))


def multi_head_attention_forward(query: Tensor, key: Tensor, value: Tensor, embed_dim_to_check: int,
                                 num_heads: int, in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn: bool,
                                 dropout_p: float, out_proj_weight, out_proj_bias, training: bool = True,
                                 key_padding_mask=None, need_weights: bool = True, attn_mask=None,
                                 use_separate_proj_weight: bool = False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None,
                                 average_attn_weights: bool = True, is_causal: bool = False):
    """``F.multi_head_attention_forward``: inputs (L, N, E) / (S, N, E) or unbatched (L, E); masks as
    torch (bool True = excluded, float added; ``key_padding_mask`` (N, S); ``attn_mask`` (L, S) or
    (N*num_heads, L, S)); returns (output, weights or None). Weights with ``need_weights`` are
    averaged over heads unless ``average_attn_weights=False``. Known differences: ``static_k`` /
    ``static_v`` are not supported; dropout masks come from gradcompat's stream."""
    return mha(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias, bias_k, bias_v,
               add_zero_attn, dropout_p, out_proj_weight, out_proj_bias, training, key_padding_mask, need_weights,
               attn_mask, use_separate_proj_weight, q_proj_weight, k_proj_weight, v_proj_weight, static_k, static_v,
               average_attn_weights, is_causal)
