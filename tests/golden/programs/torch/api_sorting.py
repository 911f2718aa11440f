"""sort / argsort / msort / topk / kthvalue and tril / triu / tril_indices / triu_indices:
values, indices, return types, gradients, errors."""
import numpy as np
import torch
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(21)
x = torch.tensor(rng.permutation(12).reshape(3, 4) * 0.5 - 2.0, dtype=torch.float32, requires_grad=True)
ties = torch.tensor([3.0, 1.0, 2.0, 1.0, 3.0, 0.5])
weights = torch.tensor(rng.normal(size=(3, 4)), dtype=torch.float32)


def grad_of(out):
    return torch.autograd.grad((out * weights[..., :out.shape[-1]] if out.dim() == 2 else out * 1.7).sum(), x)


s = torch.sort(x)
emit("sort", s)
emit_text("sort_type", type(s).__name__)
emit_text("sort_grad_fn", s.values.grad_fn.name())
emit("sort_grad", grad_of(s.values))
emit("sort_desc_dim0", torch.sort(x, dim=0, descending=True))
emit("sort_method", x.sort(1, True))
emit("sort_stable_ties", torch.sort(ties, stable=True))
emit("sort_stable_desc_ties", torch.sort(ties, descending=True, stable=True))
emit("sort_fields", [s.values, s.indices, s[0], s[1]])
emit("sort_0d", torch.sort(torch.tensor(3.0)))
emit("sort_int", torch.sort(torch.tensor([3, -1, 2])))
emit("argsort", torch.argsort(x))
emit("argsort_desc", torch.argsort(x, dim=0, descending=True))
emit("argsort_stable", torch.argsort(ties, stable=True))
emit("argsort_method", x.argsort())
emit("msort", torch.msort(x))
emit("msort_grad", grad_of(torch.msort(x)))
emit("sort_nan", torch.sort(torch.tensor([1.0, float("nan"), -1.0])))

t = torch.topk(x, 2)
emit("topk", t)
emit_text("topk_type", type(t).__name__)
emit_text("topk_grad_fn", t.values.grad_fn.name())
emit("topk_grad", grad_of(t.values))
emit("topk_smallest", torch.topk(x, 3, largest=False))
emit("topk_dim0", torch.topk(x, 2, dim=0))
emit("topk_method", x.topk(1))
emit("topk_int", torch.topk(torch.tensor([[1, 5, 2], [3, 4, 0]]), 2))
emit("topk_k0", torch.topk(x, 0))
expect_error("topk_k_big", lambda: torch.topk(x, 5), "selected index k out of range")
expect_error("topk_dim", lambda: torch.topk(x, 1, dim=2), "Dimension out of range")

k = torch.kthvalue(x, 2)
emit("kthvalue", k)
emit_text("kthvalue_type", type(k).__name__)
emit_text("kthvalue_grad_fn", k.values.grad_fn.name())
emit("kthvalue_grad", torch.autograd.grad((k.values * torch.tensor([1.0, 2.0, 3.0])).sum(), x))
emit("kthvalue_keepdim", torch.kthvalue(x, 3, 0, True))
emit("kthvalue_method", x.kthvalue(1))
expect_error("kthvalue_k", lambda: torch.kthvalue(x, 5), "kthvalue(): selected number k out of range")
expect_error("kthvalue_k0", lambda: torch.kthvalue(x, 0), "selected number k out of range")
expect_error("sort_dim", lambda: torch.sort(x, dim=2), "Dimension out of range")

# triangles
m = torch.tensor(rng.normal(size=(3, 4)), dtype=torch.float32, requires_grad=True)
b = torch.tensor(rng.normal(size=(2, 3, 3)), dtype=torch.float32, requires_grad=True)
for name, out in {"tril": torch.tril(m), "triu": torch.triu(m), "tril_k1": torch.tril(m, 1),
                  "triu_km1": torch.triu(m, diagonal=-1), "tril_batch": torch.tril(b), "triu_batch_k1": b.triu(1),
                  "tril_method_neg": m.tril(-2)}.items():
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name())
    emit(name + "_grad", torch.autograd.grad((out * out).sum(), [m, b], allow_unused=True))
y = torch.ones(3, 3)
emit("tril_inplace", [y.tril_(), y])
z = torch.ones(3, 3)
emit("triu_inplace", z.triu_(1))
emit("tril_int", torch.tril(torch.ones(2, 2, dtype=torch.int64)))
expect_error("tril_1d", lambda: torch.tril(torch.ones(3)), "tril: input tensor must have at least 2 dimensions")
expect_error("triu_1d", lambda: torch.ones(3).triu(), "triu: input tensor must have at least 2 dimensions")
emit("tril_indices", torch.tril_indices(3, 3))
emit("tril_indices_rect", torch.tril_indices(3, 4, 1))
emit("triu_indices", torch.triu_indices(3, 4, 1))
emit("triu_indices_neg", torch.triu_indices(4, 3, -1))
emit("tril_indices_int32", torch.tril_indices(3, 3, dtype=torch.int32))
idx = torch.triu_indices(4, 4, 1)
emit("triu_indices_gather", torch.arange(16.0).reshape(4, 4)[idx[0], idx[1]])
expect_error("tril_indices_neg", lambda: torch.tril_indices(-1, 3), "row must be non-negative")
