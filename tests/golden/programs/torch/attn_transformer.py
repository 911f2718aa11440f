"""Transformer modules with weights loaded from numpy state_dicts: TransformerEncoderLayer and
TransformerDecoderLayer (post-norm and norm_first, relu / "gelu" / nn.GELU() / a callable, no
bias), TransformerEncoder and TransformerDecoder stacks with final norms, masks and causal
detection, eval mode with padding (torch's nested-tensor path), nn.Transformer and
generate_square_subsequent_mask; outputs and gradients, state_dict keys, reprs, warnings, errors."""
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(21)


def t(*shape, grad=True):
    return torch.tensor(rng.normal(size=shape), requires_grad=grad)


def load(module):
    module.double()
    sd = {}
    for k, v in module.state_dict().items():
        scale = 0.3 if v.dim() > 1 else 0.1
        base = 1.0 if k.split(".")[-2].startswith("norm") and k.endswith("weight") else 0.0
        sd[k] = torch.tensor(base + rng.normal(size=tuple(v.shape)) * scale)
    module.load_state_dict(sd)
    return module


def check(name, module, args, kwargs=None, params=()):
    out = module(*args, **(kwargs or {}))
    emit(name, out)
    cot = torch.tensor(rng.normal(size=tuple(out.shape)))
    inputs = [a for a in args if isinstance(a, torch.Tensor) and a.requires_grad]
    chosen = [dict(module.named_parameters())[p] for p in params]
    grads = torch.autograd.grad((out * cot).sum(), inputs + chosen, allow_unused=True)
    emit(name + "_grads", list(grads))


def keys(module):
    return [(k, list(v.shape)) for k, v in module.state_dict().items()]


D, H, FF = 8, 2, 16
src = t(5, 3, D)
tgt = t(4, 3, D)
src_bf = t(3, 5, D)
tgt_bf = t(3, 4, D)
pad = torch.tensor([[False, False, False, True, True], [False] * 5, [False, False, False, False, True]])

# encoder layers
enc = load(nn.TransformerEncoderLayer(D, H, FF, dropout=0.0))
emit_text("enc_layer_repr", repr(enc))
emit_text("enc_layer_keys", keys(enc))
check("enc_layer", enc, (src,), params=("self_attn.in_proj_weight", "linear1.weight", "norm2.bias"))
check("enc_layer_pad", enc, (src,), dict(src_key_padding_mask=pad), params=("self_attn.out_proj.weight",))
mask = nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64)
check("enc_layer_causal", enc, (src,), dict(src_mask=mask, is_causal=True), params=("linear2.bias",))
enc_nf = load(nn.TransformerEncoderLayer(D, H, FF, dropout=0.0, activation="gelu", norm_first=True, batch_first=True))
check("enc_layer_norm_first_gelu", enc_nf, (src_bf,), dict(src_key_padding_mask=pad),
      params=("norm1.weight", "linear1.bias"))
enc_mod = load(nn.TransformerEncoderLayer(D, H, FF, dropout=0.0, activation=nn.GELU(approximate="tanh"),
                                          bias=False, batch_first=True))
emit_text("enc_layer_gelu_module_repr", repr(enc_mod))
emit_text("enc_layer_no_bias_keys", keys(enc_mod))
check("enc_layer_gelu_module_no_bias", enc_mod, (src_bf,), params=("self_attn.in_proj_weight",))
enc_fn = load(nn.TransformerEncoderLayer(D, H, FF, dropout=0.0, activation=lambda x: torch.tanh(x) * 2,
                                         layer_norm_eps=1e-3))
check("enc_layer_callable", enc_fn, (src,), params=("linear1.weight",))
check("enc_layer_unbatched", enc, (src[:, 0],))

# decoder layers
dec = load(nn.TransformerDecoderLayer(D, H, FF, dropout=0.0))
emit_text("dec_layer_repr", repr(dec))
emit_text("dec_layer_keys", keys(dec))
tmask = nn.Transformer.generate_square_subsequent_mask(4, dtype=torch.float64)
check("dec_layer", dec, (tgt, src), params=("multihead_attn.in_proj_weight", "norm3.weight"))
check("dec_layer_masks", dec, (tgt, src), dict(tgt_mask=tmask, memory_key_padding_mask=pad,
                                               tgt_key_padding_mask=pad[:, :4]),
      params=("self_attn.in_proj_bias",))
dec_nf = load(nn.TransformerDecoderLayer(D, H, FF, dropout=0.0, norm_first=True, batch_first=True,
                                         activation="gelu"))
check("dec_layer_norm_first", dec_nf, (tgt_bf, src_bf), dict(tgt_mask=tmask, tgt_is_causal=True),
      params=("multihead_attn.out_proj.weight",))

# stacks
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(D, H, FF, dropout=0.0), 2, norm=nn.LayerNorm(D))
    nn.TransformerEncoder(nn.TransformerEncoderLayer(D, H, FF, batch_first=True, norm_first=True), 1)
    nn.TransformerEncoder(nn.TransformerEncoderLayer(D, 1, FF, batch_first=True), 1)
    nn.TransformerEncoder(nn.TransformerEncoderLayer(D, H, FF, batch_first=True, activation=torch.tanh), 1)
    nn.TransformerEncoder(nn.TransformerEncoderLayer(D, H, FF, batch_first=True, bias=False), 1)
    nn.TransformerEncoder(nn.TransformerEncoderLayer(D, H, FF, batch_first=True), 1, enable_nested_tensor=False)
    quiet = nn.TransformerEncoder(nn.TransformerEncoderLayer(D, H, FF, batch_first=True), 1)
emit_text("nested_warnings", [str(w.message) for w in caught])
emit_text("nested_flags", [encoder.use_nested_tensor, encoder.enable_nested_tensor, quiet.use_nested_tensor])
load(encoder)
emit_text("encoder_repr", repr(encoder))
emit_text("encoder_keys", keys(encoder))
check("encoder", encoder, (src,), dict(src_key_padding_mask=pad),
      params=("layers.0.linear1.weight", "layers.1.self_attn.in_proj_weight", "norm.weight"))
check("encoder_causal_detected", encoder, (src,), dict(mask=mask), params=("layers.1.norm1.bias",))
bool_causal = torch.triu(torch.ones(5, 5, dtype=torch.bool), diagonal=1)
check("encoder_bool_mask", encoder, (src,), dict(mask=bool_causal))
decoder = load(nn.TransformerDecoder(nn.TransformerDecoderLayer(D, H, FF, dropout=0.0, batch_first=True), 2,
                                     norm=nn.LayerNorm(D)))
emit_text("decoder_keys", [k for k, _ in keys(decoder)])
memory = t(3, 5, D)
check("decoder", decoder, (tgt_bf, memory), dict(tgt_mask=tmask, memory_key_padding_mask=pad),
      params=("layers.1.multihead_attn.in_proj_weight", "norm.bias"))

# eval mode with padding: torch runs nested tensors and leaves zeros (then the final norm) at the pads
enc_bf = load(nn.TransformerEncoder(nn.TransformerEncoderLayer(D, H, FF, dropout=0.1, batch_first=True), 2,
                                    norm=nn.LayerNorm(D).double()))
enc_bf.eval()
with torch.no_grad():
    emit("eval_nested", enc_bf(src_bf, src_key_padding_mask=pad))
    not_left = torch.tensor([[True, False, False, False, False]] + [[False] * 5] * 2)
    emit("eval_not_left_aligned", enc_bf(src_bf, src_key_padding_mask=not_left))
    emit("eval_with_mask", enc_bf(src_bf, mask=mask, src_key_padding_mask=pad))
emit("eval_with_grad", enc_bf(src_bf, src_key_padding_mask=pad))
full = torch.tensor([[True] * 5, [False] * 5, [False] * 4 + [True]])
for norm_first in (False, True):
    layer = load(nn.TransformerEncoderLayer(D, H, FF, dropout=0.2, batch_first=True, norm_first=norm_first,
                                            activation="gelu"))
    layer.eval()
    with torch.no_grad():  # torch's fused inference kernel: NaN where every key is padded
        emit(f"layer_eval_fully_padded_{norm_first}", layer(src_bf, src_key_padding_mask=full))
        emit(f"layer_eval_causal_{norm_first}", layer(src_bf, src_mask=mask, is_causal=True))
    emit(f"layer_grad_fully_padded_{norm_first}", layer(src_bf, src_key_padding_mask=full))
enc_bf.train()
enc_bf.layers[0].dropout.p = 0.0
for m in enc_bf.modules():
    if isinstance(m, nn.Dropout):
        m.p = 0.0
    if isinstance(m, nn.MultiheadAttention):
        m.dropout = 0.0
emit("train_no_dropout_pad", enc_bf(src_bf, src_key_padding_mask=pad))

# nn.Transformer
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    model = nn.Transformer(d_model=D, nhead=H, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=FF,
                           dropout=0.0)
emit_text("transformer_repr", repr(model))
emit_text("transformer_keys", keys(model))
emit_text("transformer_attrs", [model.d_model, model.nhead, model.batch_first])
load(model)
check("transformer", model, (src, tgt), dict(tgt_mask=tmask, src_key_padding_mask=pad,
                                             memory_key_padding_mask=pad),
      params=("encoder.layers.0.self_attn.in_proj_weight", "decoder.layers.0.multihead_attn.in_proj_weight",
              "decoder.norm.weight", "encoder.norm.bias"))
check("transformer_unbatched", model, (src[:, 1], tgt[:, 1]), dict(tgt_mask=tmask, tgt_is_causal=True))
emit("square_mask", nn.Transformer.generate_square_subsequent_mask(4))
emit("square_mask_f64", nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64))
emit("mask_dtype", str(nn.Transformer.generate_square_subsequent_mask(2).dtype))

# a real state_dict round trip: ours saves the same keys torch loads
sd = model.state_dict()
other = nn.Transformer(d_model=D, nhead=H, num_encoder_layers=2, num_decoder_layers=1, dim_feedforward=FF,
                       dropout=0.0).double()
emit_text("load_result", str(other.load_state_dict(sd)))
emit("reloaded", other(src, tgt, tgt_mask=tmask))

# float32 forward
model32 = nn.Transformer(d_model=D, nhead=H, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=FF,
                         dropout=0.0, batch_first=True)
model32.load_state_dict({k: torch.tensor(rng.normal(size=tuple(v.shape)).astype(np.float32) * 0.3)
                         for k, v in model32.state_dict().items()})
emit("transformer_float32", model32(src_bf.float(), tgt_bf.float(), tgt_mask=tmask.float()))

# errors
expect_error("err_activation", lambda: nn.TransformerEncoderLayer(D, H, activation="tanh"),
             "activation should be relu/gelu, not tanh")
expect_error("err_batch", lambda: model(src, tgt[:, :2]), "the batch number of src and tgt must be equal")
expect_error("err_features", lambda: model(src[..., :6], tgt[..., :6]),
             "the feature number of src and tgt must be equal to d_model")
expect_error("err_enc_width", lambda: enc(src[..., :6]), "was expecting embedding dimension of 8")
expect_error("err_heads", lambda: nn.TransformerEncoderLayer(10, 3), "embed_dim must be divisible by num_heads")
expect_error("err_pad_shape", lambda: enc(src, src_key_padding_mask=pad[:, :4]),
             "Expected key_padded_mask.shape[1] to be 5")
