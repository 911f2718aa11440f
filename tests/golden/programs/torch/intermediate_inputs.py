"""Differentiating with respect to intermediate tensors (the graph is cut there)."""
import torch
from harness import emit

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = x * 2
y = torch.exp(h).sum() + (h * x).sum()
gh, gx = torch.autograd.grad(y, [h, x], retain_graph=True)
emit("gh", gh)
emit("gx", gx)
(gh_only,) = torch.autograd.grad(y, h)
emit("gh_only", gh_only)

p = torch.tensor([[0.5, -0.5], [1.0, 2.0]], requires_grad=True)
q = p @ p
r = q.sin()
out = r.mean()
gq, gr = torch.autograd.grad(out, [q, r])
emit("gq", gq)
emit("gr", gr)
