"""EmbeddingBag / F.embedding_bag (sum, mean, max; offsets; 2-D input; per_sample_weights;
padding_idx; include_last_offset; empty bags), Embedding.from_pretrained and max_norm:
values, gradients wrt the table and the per-sample weights, reprs, state_dict keys, errors."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(16)


def t(*shape, grad=True, scale=1.0):
    return torch.tensor((rng.normal(size=shape) * scale).astype(np.float32), requires_grad=grad)


def check(name, out, *inputs):
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name() if out.grad_fn is not None else None)
    weights = torch.tensor(rng.normal(size=tuple(out.shape)).astype(np.float32))
    grads = torch.autograd.grad((out * weights).sum(), inputs, allow_unused=True)
    emit(name + "_grads", list(grads))


w = t(7, 3)
idx = torch.tensor([1, 2, 4, 5, 4, 3, 2, 0, 6])
off = torch.tensor([0, 2, 2, 5])
for mode in ("sum", "mean", "max"):
    check(f"bag_{mode}", F.embedding_bag(idx, w, off, mode=mode), w)
    check(f"bag_{mode}_pad", F.embedding_bag(idx, w, off, mode=mode, padding_idx=4), w)
    check(f"bag_{mode}_last", F.embedding_bag(idx, w, torch.tensor([0, 3, 3, 9]), mode=mode,
                                              include_last_offset=True), w)
    check(f"bag_{mode}_2d", F.embedding_bag(idx[:8].view(2, 4), w, mode=mode), w)
psw = t(9)
check("bag_psw", F.embedding_bag(idx, w, off, mode="sum", per_sample_weights=psw), w, psw)
psw2 = t(2, 4)
check("bag_psw_2d", F.embedding_bag(idx[:8].view(2, 4), w, mode="sum", per_sample_weights=psw2, padding_idx=2),
      w, psw2)
check("bag_int32", F.embedding_bag(idx.int(), w, off.int()), w)

bag = nn.EmbeddingBag(7, 3, mode="sum")
with torch.no_grad():
    bag.weight.copy_(w)
check("bag_module", bag(idx, off), bag.weight)
bagm = nn.EmbeddingBag(7, 3, mode="max", padding_idx=-1)
emit("bag_module_padding_row", bagm.weight[6])
emit("bag_module_padding_idx", bagm.padding_idx)
pre = nn.EmbeddingBag.from_pretrained(w.detach(), mode="mean")
emit("bag_pretrained", [pre(idx, off), pre.weight.requires_grad])
emit_text("bag_keys", list(bag.state_dict().keys()))
emit("bag_shapes", [tuple(p.shape) for p in bag.parameters()])

expect_error("bag_2d_offsets", lambda: F.embedding_bag(idx[:8].view(2, 4), w, off), "if input is 2D, then offsets")
expect_error("bag_no_offsets", lambda: F.embedding_bag(idx, w), "offsets has to be a 1D Tensor but got None")
expect_error("bag_psw_mode", lambda: F.embedding_bag(idx, w, off, per_sample_weights=psw),
             "per_sample_weights is only supported for mode='sum'")
expect_error("bag_mode", lambda: F.embedding_bag(idx, w, off, mode="foo"), "mode has to be one of sum, mean or max")
expect_error("bag_offset0", lambda: F.embedding_bag(idx, w, torch.tensor([1, 2])), "offsets[0] has to be 0")
expect_error("bag_dtype", lambda: F.embedding_bag(idx.float(), w, off), "Expected tensor for argument #1 'indices'")
expect_error("bag_offsets_2d", lambda: F.embedding_bag(idx, w, off.view(2, 2)), "offsets has to be a 1D Tensor")
expect_error("bag_range", lambda: F.embedding_bag(torch.tensor([1, 9]), w, torch.tensor([0])),
             "Index 1 of input takes value 9 which is not in the valid range [0, 7)")
expect_error("bag_padding", lambda: nn.EmbeddingBag(5, 3, padding_idx=7), "padding_idx must be within num_embeddings")

# Embedding: from_pretrained, max_norm
emb = nn.Embedding.from_pretrained(w.detach(), padding_idx=1)
emit("emb_pretrained", [emb(torch.tensor([[0, 1], [6, 2]])), emb.weight.requires_grad, emb.padding_idx])
emb2 = nn.Embedding.from_pretrained(w.detach(), freeze=False)
check("emb_unfrozen", emb2(torch.tensor([3, 3, 5])), emb2.weight)
big = t(6, 4, scale=3.0)
embn = nn.Embedding(6, 4, max_norm=1.0)
with torch.no_grad():
    embn.weight.copy_(big)
check("emb_max_norm", embn(torch.tensor([0, 2, 2, 5])), embn.weight)
emit("emb_max_norm_weight", embn.weight)
wn = big.detach().clone().requires_grad_()
check("emb_f_max_norm", F.embedding(torch.tensor([[1, 3]]), wn, max_norm=2.0, norm_type=1.0), wn)
emit("emb_f_max_norm_weight", wn)
expect_error("emb_pretrained_dim", lambda: nn.Embedding.from_pretrained(torch.zeros(3)), "expected to be 2-dimensional")
emit_text("reprs", [repr(m) for m in [
    nn.EmbeddingBag(5, 3), nn.EmbeddingBag(5, 3, mode="max", padding_idx=0),
    nn.EmbeddingBag(5, 3, max_norm=1.0, norm_type=1.0, scale_grad_by_freq=True, include_last_offset=True),
    nn.Embedding(5, 3, max_norm=1.0), nn.Embedding(5, 3, padding_idx=1, max_norm=2, norm_type=1,
                                                    scale_grad_by_freq=True, sparse=True)]])

# scale_grad_by_freq: a row's gradient divided by how often the batch looks it up
wf = t(5, 2)
check("emb_freq", F.embedding(torch.tensor([[1, 1, 2], [1, 0, 3]]), wf, scale_grad_by_freq=True, padding_idx=0), wf)
embf = nn.Embedding(5, 2, scale_grad_by_freq=True)
with torch.no_grad():
    embf.weight.copy_(wf)
check("emb_freq_module", embf(torch.tensor([4, 4, 4, 2])), embf.weight)
