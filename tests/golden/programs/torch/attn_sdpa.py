"""F.scaled_dot_product_attention: mask kinds (bool, float, broadcast, fully masked rows), causal
(square and not), scale, grouped-query attention, 3-D and unbatched shapes, float64; values and
gradients; dropout by its properties; torch.nn.attention.sdpa_kernel; torch's errors."""
import numpy as np
import torch
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(11)


def t(*shape, grad=True, dtype=np.float32):
    return torch.tensor(rng.normal(size=shape).astype(dtype), requires_grad=grad)


def check(name, out, *inputs):
    emit(name, out)
    weights = torch.tensor(rng.normal(size=tuple(out.shape)).astype(np.float32)).to(out.dtype)
    grads = torch.autograd.grad((out * weights).sum(), inputs, allow_unused=True)
    emit(name + "_grads", list(grads))


q, k, v = t(2, 3, 4, 8), t(2, 3, 6, 8), t(2, 3, 6, 5)
check("plain", F.scaled_dot_product_attention(q, k, v), q, k, v)
check("scale", F.scaled_dot_product_attention(q, k, v, scale=0.3), q, k, v)
check("causal", F.scaled_dot_product_attention(q, k, v, is_causal=True), q, k, v)
qs = t(2, 3, 6, 8)
check("causal_square", F.scaled_dot_product_attention(qs, k, v, is_causal=True), qs, k, v)

bool_mask = torch.tensor(rng.random((4, 6)) > 0.4)
bool_mask[:, 0] = True
check("bool_mask", F.scaled_dot_product_attention(q, k, v, attn_mask=bool_mask), q, k, v)
full_rows = bool_mask.clone()
full_rows[2] = False  # a query that may attend to nothing: zeros, zero gradient
check("bool_mask_empty_row", F.scaled_dot_product_attention(q, k, v, attn_mask=full_rows), q, k, v)
float_mask = t(2, 1, 4, 6)
check("float_mask", F.scaled_dot_product_attention(q, k, v, attn_mask=float_mask), q, k, v, float_mask)
inf_mask = torch.zeros(4, 6)
inf_mask[1, 2:] = float("-inf")
inf_mask[3] = float("-inf")
check("float_mask_inf", F.scaled_dot_product_attention(q, k, v, attn_mask=inf_mask), q, k, v)
per_head = torch.tensor(rng.random((3, 1, 6)) > 0.3)
check("bool_mask_broadcast", F.scaled_dot_product_attention(q, k, v, attn_mask=per_head, scale=0.5), q, k, v)

# grouped-query attention: 6 query heads share 2 key/value heads
qg, kg, vg = t(2, 6, 4, 8), t(2, 2, 5, 8), t(2, 2, 5, 8)
check("gqa", F.scaled_dot_product_attention(qg, kg, vg, enable_gqa=True), qg, kg, vg)
check("gqa_causal", F.scaled_dot_product_attention(qg, kg, vg, is_causal=True, enable_gqa=True), qg, kg, vg)
check("gqa_same_heads", F.scaled_dot_product_attention(q, k, v, enable_gqa=True), q, k, v)

# other ranks and dtypes
q3, k3, v3 = t(3, 4, 8), t(3, 6, 8), t(3, 6, 2)
check("rank3", F.scaled_dot_product_attention(q3, k3, v3), q3, k3, v3)
q2, k2, v2 = t(4, 8), t(6, 8), t(6, 3)
check("rank2_causal", F.scaled_dot_product_attention(q2, k2, v2, is_causal=True), q2, k2, v2)
check("batch_broadcast", F.scaled_dot_product_attention(t(3, 4, 8, grad=False), k, v), k, v)
qd, kd, vd = t(2, 4, 8, dtype=np.float64), t(2, 6, 8, dtype=np.float64), t(2, 6, 8, dtype=np.float64)
check("float64", F.scaled_dot_product_attention(qd, kd, vd, attn_mask=bool_mask), qd, kd, vd)
check("float64_float32_mask", F.scaled_dot_product_attention(qd, kd, vd, attn_mask=inf_mask), qd, kd, vd)

# dropout: the kept weights are scaled by 1/(1-p); p=1 drops everything
x = torch.ones(1, 1, 50, 8)
vals = torch.ones(1, 1, 50, 8)
out = F.scaled_dot_product_attention(x, x, vals, dropout_p=0.5)
levels = set(np.round(out.detach().numpy().ravel() * 50, 4).tolist())
emit("dropout_levels_are_even_counts", all(abs(l / 2 - round(l / 2)) < 1e-3 for l in levels))
emit("dropout_mean_close", abs(float(out.mean()) - 1.0) < 0.3)
emit("dropout_p1", F.scaled_dot_product_attention(q, k, v, dropout_p=1.0))

# the backend selection is accepted and changes nothing
with sdpa_kernel(SDPBackend.MATH):
    emit("kernel_math", F.scaled_dot_product_attention(q, k, v))
with sdpa_kernel([SDPBackend.FLASH_ATTENTION, SDPBackend.MATH]) as ctx:
    emit("kernel_list", F.scaled_dot_product_attention(q, k, v, is_causal=True))
emit_text("backend_reprs", [repr(SDPBackend.MATH), str(SDPBackend.FLASH_ATTENTION), SDPBackend.MATH.name,
                            [b.name for b in (SDPBackend.EFFICIENT_ATTENTION, SDPBackend.CUDNN_ATTENTION)]])
expect_error("kernel_bad", lambda: sdpa_kernel("math").__enter__(), "Backend must be an instance of SDPBackend")

# errors
expect_error("err_mask_and_causal",
             lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=bool_mask, is_causal=True),
             "Explicit attn_mask should not be set when is_causal=True")
expect_error("err_key_dim", lambda: F.scaled_dot_product_attention(q, k[..., :7], v),
             "Expected size for first two dimensions of batch2 tensor")
expect_error("err_value_len", lambda: F.scaled_dot_product_attention(q, k, v[:, :, :5]),
             "Expected size for first two dimensions of batch2 tensor")
expect_error("err_heads", lambda: F.scaled_dot_product_attention(qg, kg, vg),
             "must match the size of tensor b")
expect_error("err_gqa_divide", lambda: F.scaled_dot_product_attention(qg, t(2, 4, 5, 8), t(2, 4, 5, 8),
                                                                       enable_gqa=True),
             "Number of heads in key and value must divide the number of heads in")
expect_error("err_dtype", lambda: F.scaled_dot_product_attention(q, k.double(), v),
             "Expected query, key, and value to have the same dtype")
expect_error("err_mask_dtype", lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=torch.zeros(4, 6).long()),
             "Expected attn_mask dtype to be bool or float or to match query dtype")
expect_error("err_mask_double", lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=inf_mask.double()),
             "attn_mask.dtype: double")
expect_error("err_mask_shape", lambda: F.scaled_dot_product_attention(q, k, v, attn_mask=torch.zeros(5, 6)),
             "must match the size of tensor b")
expect_error("err_mask_rank", lambda: F.scaled_dot_product_attention(q3, k3, v3, attn_mask=torch.zeros(2, 3, 4, 6)),
             "doesn't match the broadcast shape")
expect_error("err_rank1", lambda: F.scaled_dot_product_attention(q2[0], k2, v2),
             "at least 2 dimensional")
expect_error("err_dropout", lambda: F.scaled_dot_product_attention(q, k, v, dropout_p=1.5),
             "dropout probability has to be between 0 and 1")
expect_error("err_none_key", lambda: F.scaled_dot_product_attention(q, None, v), "must be Tensor, not NoneType")
expect_error("err_int", lambda: F.scaled_dot_product_attention(q.long(), k.long(), v.long()), "expected scalar type")

# the private mask helpers that custom layers copied from torch's call
canon = F._canonical_mask(mask=torch.tensor([[True, False], [False, False]]), mask_name="m", other_type=None,
                          other_name="", target_type=torch.float64)
emit("canonical_mask", canon)
emit("canonical_float_unchanged", F._canonical_mask(inf_mask, "m", None, "", torch.float32) is inf_mask)
emit_text("none_or_dtype", [str(F._none_or_dtype(None)), str(F._none_or_dtype(canon))])
expect_error("canonical_long", lambda: F._canonical_mask(torch.ones(2, 2).long(), "my_mask", None, "", torch.float32),
             "only bool and floating types of my_mask are supported")
