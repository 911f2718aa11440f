"""Attention and transformer properties the golden programs cannot show: the dialect-free kernels
on their own, one core op per attention call, dropout drawn from the dialect's seeded stream,
vmap and torch.compile over attention, a compiled training step that does not recompile."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

import gradcompat.torch as torch
from gradcompat import core
from gradcompat.layers import attention as LA
from gradcompat.torch import nn
from gradcompat.torch.nn import functional as F
from gradcompat.torch.nn import functional_attention

rng = np.random.default_rng(0)


def arr(*shape):
    return rng.normal(size=shape).astype(np.float32)


# ----- dialect-free kernels ---------------------------------------------------------------------

def test_kernel_matches_reference_with_bool_and_additive_masks():
    q, k, v = arr(2, 3, 4, 8), arr(2, 3, 6, 8), arr(2, 3, 6, 5)
    keep = rng.random((4, 6)) > 0.3
    keep[:, 0] = True
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(8)
    scores = np.where(keep, scores, -np.inf)
    w = np.exp(scores - scores.max(-1, keepdims=True))
    expected = (w / w.sum(-1, keepdims=True)) @ v
    np.testing.assert_allclose(LA.scaled_dot_product_attention(q, k, v, keep), expected, rtol=1e-5, atol=1e-6)
    additive = np.where(keep, 0.0, -np.inf).astype(np.float32)
    np.testing.assert_allclose(LA.scaled_dot_product_attention(q, k, v, additive), expected, rtol=1e-5, atol=1e-6)


def test_safe_softmax_gives_zeros_and_finite_gradients_for_fully_masked_rows():
    q, k, v = arr(1, 3, 4), arr(1, 5, 4), arr(1, 5, 4)
    mask = np.ones((3, 5), bool)
    mask[1] = False

    def loss(q, k, v):
        return jnp.sum(LA.scaled_dot_product_attention(q, k, v, mask) ** 2)

    out = LA.scaled_dot_product_attention(q, k, v, mask)
    assert np.all(np.asarray(out)[0, 1] == 0)
    grads = jax.grad(loss, argnums=(0, 1, 2))(q, k, v)
    assert all(np.all(np.isfinite(np.asarray(g))) for g in grads)
    assert np.all(np.asarray(grads[0])[0, 1] == 0)
    unsafe = LA.scaled_dot_product_attention(q, k, v, mask, safe=False)
    assert np.all(np.isnan(np.asarray(unsafe)[0, 1]))


def test_grouped_query_attention_is_attention_over_repeated_heads():
    q, k, v = arr(2, 6, 4, 8), arr(2, 2, 5, 8), arr(2, 2, 5, 3)
    ours = LA.scaled_dot_product_attention(q, k, v, causal=True, gqa=True)
    ref = LA.scaled_dot_product_attention(q, np.repeat(k, 3, axis=1), np.repeat(v, 3, axis=1), causal=True)
    np.testing.assert_allclose(ours, ref, rtol=1e-6)
    # heads are shared in blocks: query heads 0-2 read key head 0
    np.testing.assert_allclose(LA.repeat_kv(k, 3)[:, 2], k[:, 0])


def test_causal_mask_is_upper_left_aligned():
    m = LA.causal_mask(2, 4)
    assert m.tolist() == [[True, False, False, False], [True, True, False, False]]


def test_multi_head_attention_kernel_weights_are_distributions_over_all_source_positions():
    n, l, s, e, h = 2, 3, 4, 8, 2
    out, w = LA.multi_head_attention(
        arr(n, l, e), arr(n, s, e), arr(n, s, e), num_heads=h, q_weight=arr(e, e), k_weight=arr(e, e),
        v_weight=arr(e, e), out_weight=arr(e, e), bias_k=arr(1, 1, e), bias_v=arr(1, 1, e), add_zero_attn=True,
        need_weights=True, average_weights=False)
    assert out.shape == (n, l, e) and w.shape == (n, h, l, s + 2)
    np.testing.assert_allclose(np.asarray(w).sum(-1), 1.0, rtol=1e-5)


# ----- the torch front end ----------------------------------------------------------------------

def test_multihead_attention_is_one_core_op():
    mha = nn.MultiheadAttention(8, 2, batch_first=True)
    x = torch.randn(2, 3, 8, requires_grad=True)
    out, weights = mha(x, x, x)
    assert out.node.inputs[0].fn is functional_attention._mha
    assert weights.node.inputs[0] is out.node.inputs[0]
    out, none = mha(x, x, x, need_weights=False)
    assert none is None and out.node.fn is functional_attention._mha


def test_sdpa_dropout_comes_from_the_seeded_stream():
    q = torch.randn(1, 2, 16, 8)
    torch.manual_seed(3)
    a = F.scaled_dot_product_attention(q, q, q, dropout_p=0.5)
    torch.manual_seed(3)
    b = F.scaled_dot_product_attention(q, q, q, dropout_p=0.5)
    c = F.scaled_dot_product_attention(q, q, q, dropout_p=0.5)
    assert bool((a == b).all()) and not bool((a == c).all())


def test_multihead_attention_dropout_only_in_training():
    mha = nn.MultiheadAttention(8, 2, dropout=0.5)
    x = torch.randn(6, 2, 8)
    _, w = mha(x, x, x, average_attn_weights=False)
    zeros = float((w == 0).float().mean())
    assert 0.3 < zeros < 0.7
    kept = np.asarray(w.detach().numpy())
    mha.eval()
    _, w_eval = mha(x, x, x, average_attn_weights=False)
    assert not bool((w_eval == 0).any())
    # kept weights are the eval weights scaled by 2
    mask = kept != 0
    np.testing.assert_allclose(kept[mask], 2 * np.asarray(w_eval.detach().numpy())[mask], rtol=1e-5)


def test_vmap_over_attention_and_masks():
    q, k = torch.randn(3, 2, 4, 8), torch.randn(3, 2, 5, 8)
    m = torch.ones(3, 4, 5, dtype=torch.bool)
    m[:, :, 0] = False
    out = torch.func.vmap(lambda a, b, mm: F.scaled_dot_product_attention(a, b, b, attn_mask=mm))(q, k, m)
    ref = F.scaled_dot_product_attention(q, k, k, attn_mask=m[:, None])
    np.testing.assert_allclose(out.numpy(), ref.numpy(), rtol=1e-6)
    mha = nn.MultiheadAttention(8, 2)
    x = torch.randn(3, 4, 2, 8)
    pad = torch.zeros(3, 2, 4, dtype=torch.bool)
    pad[:, 0, 3] = True
    batched = torch.func.vmap(lambda xx, pp: mha(xx, xx, xx, key_padding_mask=pp)[0])(x, pad)
    np.testing.assert_allclose(batched[1].detach().numpy(), mha(x[1], x[1], x[1], key_padding_mask=pad[1])[0]
                               .detach().numpy(), rtol=1e-5, atol=1e-6)


def test_compiled_transformer_step_matches_eager_and_compiles_once():
    class Tiny(nn.Module):
        def __init__(self):
            super().__init__()
            self.layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
            self.head = nn.Linear(8, 3)

        def forward(self, x, pad):
            return self.head(self.layer(x, src_key_padding_mask=pad, src_mask=nn.Transformer.
                                        generate_square_subsequent_mask(x.shape[1]) == float("-inf")))

    state = {k: torch.tensor(arr(*v.shape) * 0.3) for k, v in Tiny().state_dict().items()}
    xs = torch.tensor(arr(5, 2, 4, 8))
    ys = torch.tensor(rng.integers(0, 3, size=(5, 2, 4)))
    pad = torch.zeros(2, 4, dtype=torch.bool)
    pad[1, 3] = True

    def train(model):
        model.load_state_dict(state)
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        losses, misses = [], []
        for i in range(5):
            loss = F.cross_entropy(model(xs[i], pad).reshape(-1, 3), ys[i].reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            misses.append(core.cache_info().misses)
        return losses, misses

    eager, _ = train(Tiny())
    compiled, misses = train(torch.compile(Tiny()))
    np.testing.assert_allclose(compiled, eager, rtol=1e-5)
    assert misses[-1] == misses[2], "later steps of the same structure must not compile again"
