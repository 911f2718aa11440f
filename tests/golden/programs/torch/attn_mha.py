"""nn.MultiheadAttention and F.multi_head_attention_forward with weights loaded from numpy:
batch_first both ways, unbatched input, key_padding_mask (bool, float), attn_mask (2-D, 3-D, bool,
float), need_weights with and without head averaging, kdim/vdim, add_bias_kv, add_zero_attn,
is_causal, eval mode under no_grad; outputs, weights and gradients; state_dict keys, shapes,
reprs, warnings and errors."""
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(5)


def arr(*shape):
    # float64: gradients summed over many terms then match to the last digits compared
    return rng.normal(size=shape)


def t(*shape, grad=True):
    return torch.tensor(arr(*shape), requires_grad=grad)


def load(module):
    """Every parameter set from numpy (biases included), in state_dict order."""
    module.double()
    sd = {k: torch.tensor(arr(*v.shape) * 0.5) for k, v in module.state_dict().items()}
    module.load_state_dict(sd)
    return module


def check(name, module, *args, **kwargs):
    out, weights = module(*args, **kwargs)
    emit(name, out)
    emit(name + "_weights", weights)
    emit_text(name + "_grad_fn", out.grad_fn.name() if out.grad_fn is not None else None)
    cot = torch.tensor(arr(*out.shape))
    loss = (out * cot).sum()
    if weights is not None:
        loss = loss + (weights * torch.tensor(arr(*weights.shape))).sum()
    names, params = zip(*module.named_parameters())
    inputs = [a for a in args if isinstance(a, torch.Tensor) and a.requires_grad]
    grads = list(torch.autograd.grad(loss, inputs + list(params), allow_unused=True))
    for i, n in enumerate(names):
        if n == "in_proj_bias":  # the key bias gets a zero gradient up to rounding noise: not compared
            g = grads[len(inputs) + i]
            grads[len(inputs) + i] = torch.cat([g[:E], g[2 * E:]])
    emit(name + "_grads", grads)


E, H = 8, 2
mha = load(nn.MultiheadAttention(E, H))
emit_text("repr", repr(mha))
emit_text("keys", [(k, list(v.shape)) for k, v in mha.state_dict().items()])
x = t(5, 3, E)          # (L, N, E)
mem = t(4, 3, E)        # (S, N, E)
check("self_attn", mha, x, x, x)
mha32 = nn.MultiheadAttention(E, H).float()
mha32.load_state_dict({k: v.float() for k, v in mha.state_dict().items()})
out32, w32 = mha32(x.float(), mem.float(), mem.float())
emit("float32", [out32, w32])
check("cross_attn", mha, x, mem, mem)
check("no_weights", mha, x, mem, mem, need_weights=False)
check("per_head_weights", mha, x, mem, mem, average_attn_weights=False)
kpm = torch.tensor([[False, False, True, True], [False, False, False, False], [False, True, False, True]])
check("kpm_bool", mha, x, mem, mem, key_padding_mask=kpm)
check("kpm_bool_no_weights", mha, x, mem, mem, key_padding_mask=kpm, need_weights=False)
kpm_float = torch.tensor(arr(3, 4))
check("kpm_float", mha, x, mem, mem, key_padding_mask=kpm_float)
am_bool = torch.tensor(rng.random((5, 4)) > 0.6)
am_bool[:, 0] = False
check("attn_mask_bool", mha, x, mem, mem, attn_mask=am_bool)
am3 = t(3 * H, 5, 4, grad=False)
check("attn_mask_3d", mha, x, mem, mem, attn_mask=am3, need_weights=False)
check("both_masks", mha, x, mem, mem, attn_mask=am_bool, key_padding_mask=kpm, average_attn_weights=False)
causal = nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64)
check("causal_hint", mha, x, x, x, attn_mask=causal, is_causal=True, need_weights=False)
check("causal_mask_weights", mha, x, x, x, attn_mask=causal)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    check("mixed_masks", mha, x, mem, mem, attn_mask=torch.tensor(arr(5, 4)), key_padding_mask=kpm)
emit_text("mixed_masks_warning", [str(w.message) for w in caught])

# batch_first, unbatched
mha_bf = load(nn.MultiheadAttention(E, H, batch_first=True))
xb = t(3, 5, E)
mb = t(3, 4, E)
check("batch_first", mha_bf, xb, mb, mb, key_padding_mask=kpm)
check("batch_first_self", mha_bf, xb, xb, xb, need_weights=False)
xu, mu = t(5, E), t(4, E)
check("unbatched", mha_bf, xu, mu, mu)
check("unbatched_kpm", mha_bf, xu, mu, mu, key_padding_mask=kpm[0], need_weights=False)

# kdim / vdim, no bias, bias_kv, zero attention
mha_kv = load(nn.MultiheadAttention(E, 4, kdim=6, vdim=3, bias=False, batch_first=True))
emit_text("kv_keys", [(k, list(v.shape)) for k, v in mha_kv.state_dict().items()])
emit_text("kv_repr", repr(mha_kv))
check("kdim_vdim", mha_kv, xb, t(3, 4, 6), t(3, 4, 3), key_padding_mask=kpm)
mha_bias = load(nn.MultiheadAttention(E, H, add_bias_kv=True, add_zero_attn=True))
emit_text("bias_kv_keys", [(k, list(v.shape)) for k, v in mha_bias.state_dict().items()])
check("bias_kv_zero_attn", mha_bias, x, mem, mem, key_padding_mask=kpm, attn_mask=am_bool)
check("bias_kv_no_weights", mha_bias, x, mem, mem, need_weights=False)
mha_zero = load(nn.MultiheadAttention(E, H, add_zero_attn=True, kdim=5, vdim=5))
check("zero_attn_kdim", mha_zero, x, t(4, 3, 5), t(4, 3, 5), average_attn_weights=False)

# eval mode without gradients (torch's fast path): the same numbers
mha_bf.eval()
with torch.no_grad():
    out, w = mha_bf(xb, xb, xb, key_padding_mask=kpm[:, :4].repeat(1, 2)[:, :5])
    emit("eval_fast_path", out)
    emit("eval_fast_path_weights", w)
    out, w = mha_bf(xb, xb, xb, need_weights=False)
    emit("eval_fast_path_no_weights", out)
    emit("eval_fast_path_none", w)
# a sequence with every key padded: NaN on torch's inference path, zeros through sdpa, NaN weights
full = torch.tensor([[True] * 5, [False] * 5, [False] * 4 + [True]])
with torch.no_grad():
    emit("eval_fully_masked", list(mha_bf(xb, xb, xb, key_padding_mask=full, need_weights=False)))
emit("grad_fully_masked", mha_bf(xb, xb, xb, key_padding_mask=full, need_weights=False)[0])
emit("grad_fully_masked_weights", list(mha_bf(xb, xb, xb, key_padding_mask=full)))

# the functional form
out, w = F.multi_head_attention_forward(x, mem, mem, E, H, mha.in_proj_weight, mha.in_proj_bias, None, None,
                                        False, 0.0, mha.out_proj.weight, mha.out_proj.bias,
                                        key_padding_mask=kpm, training=False)
emit("functional", out)
emit("functional_weights", w)
bq = torch.tensor(arr(3 * E))
out, w = F.multi_head_attention_forward(x, mem, mem, E, H, None, bq, None, None, False, 0.0,
                                        mha.out_proj.weight, None, use_separate_proj_weight=True,
                                        q_proj_weight=torch.tensor(arr(E, E)), k_proj_weight=torch.tensor(arr(E, E)),
                                        v_proj_weight=torch.tensor(arr(E, E)), need_weights=False)
emit("functional_separate", out)

# dropout in training mode: weights still sum to one on average, zeros appear
mha_drop = load(nn.MultiheadAttention(E, H, dropout=0.5))
out, w = mha_drop(x, mem, mem, average_attn_weights=False)
emit("dropout_shapes", [list(out.shape), list(w.shape)])
emit("dropout_has_zeros", bool((w == 0).any()))
mha_drop.eval()
emit("dropout_eval", mha_drop(x, mem, mem)[0])

# errors
expect_error("err_divisible", lambda: nn.MultiheadAttention(10, 3), "embed_dim must be divisible by num_heads")
expect_error("err_zero_heads", lambda: nn.MultiheadAttention(8, 0), "embed_dim and num_heads must be greater than 0")
expect_error("err_embed", lambda: mha(t(5, 3, 6), t(4, 3, 6), t(4, 3, 6)), "was expecting embedding dimension of 8")
expect_error("err_rank", lambda: mha(t(2, 5, 3, E), mem, mem), "query should be unbatched 2D or batched 3D tensor")
expect_error("err_key_rank", lambda: mha(x, mem[0], mem[0]), "expected `key` and `value` to be 3-D")
expect_error("err_kv_shape", lambda: mha(x, mem, mem[:3]), "does not match value shape")
expect_error("err_mask_2d", lambda: mha(x, mem, mem, attn_mask=torch.zeros(5, 5)), "The shape of the 2D attn_mask is")
expect_error("err_mask_3d", lambda: mha(x, mem, mem, attn_mask=torch.zeros(2, 5, 4)), "The shape of the 3D attn_mask is")
expect_error("err_mask_4d", lambda: mha(x, mem, mem, attn_mask=torch.zeros(1, 2, 5, 4)),
             "expected `attn_mask` to be `None`, 2-D or 3-D")
expect_error("err_kpm_rank", lambda: mha(x, mem, mem, key_padding_mask=kpm[0]),
             "expected `key_padding_mask` to be `None` or 2-D")
expect_error("err_kpm_batch", lambda: mha(x, mem, mem, key_padding_mask=kpm[:2]),
             "Expected key_padded_mask.shape[0] to be 3")
expect_error("err_kpm_len", lambda: mha(x, mem, mem, key_padding_mask=kpm[:, :3]),
             "Expected key_padded_mask.shape[1] to be 4")
expect_error("err_kpm_dtype", lambda: mha(x, mem, mem, key_padding_mask=kpm.long()),
             "only bool and floating types of key_padding_mask are supported")
expect_error("err_causal_no_mask", lambda: mha(x, x, x, is_causal=True), "Need attn_mask if specifying the is_causal hint")
expect_error("err_unbatched_mask", lambda: mha_bf(xu, mu, mu, attn_mask=torch.zeros(3, 5, 4)),
             "Expected `attn_mask` shape to be")
