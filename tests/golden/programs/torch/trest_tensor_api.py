"""Tensor API: var_mean, nanmedian, median's tied gradient, isin, igamma, scatter_reduce,
split_with_sizes / unsafe_split, as_strided, transpose_ / resize_, out=, storage identity."""
import warnings

import numpy as np
import torch
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(0)
x = torch.tensor(rng.standard_normal((3, 4)), dtype=torch.float32, requires_grad=True)
var, mean = torch.var_mean(x, dim=1)
emit("var_mean", [var, mean])
emit_text("var_mean_grad_fn", [var.grad_fn.name(), mean.grad_fn.name()])
(var * mean).sum().backward()
emit("var_mean_grad", x.grad)
emit("std_mean", torch.std_mean(x, dim=0, correction=0))

for f in (torch.median, torch.nanmedian, torch.max):
    t = torch.tensor([1.0, 0.0, 1.0, 0.0, 1.0, 0.0], requires_grad=True)
    f(t).backward()
    emit(f"ties_{f.__name__}", t.grad)
n = torch.tensor([1.0, float("nan"), 3.0, 2.0], requires_grad=True)
torch.nanmedian(n).backward()
emit("nanmedian", [torch.nanmedian(n), n.grad, torch.median(n)])

emit("isin", [torch.isin(torch.tensor([[1, 2], [3, 4]]), torch.tensor([2, 3])),
              torch.isin(torch.tensor([1.0, 5.0]), torch.tensor([5.0]), invert=True)])
a = torch.tensor([0.5, 1.0, 2.0])
z = torch.tensor([0.3, 1.5, 2.5], requires_grad=True)
ig = torch.igamma(a, z)
ig.sum().backward()
emit("igamma", [ig, torch.igammac(a, z), z.grad])

inp = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
src = torch.tensor([[0.5, 7.0, 2.0], [3.0, 1.0, 9.0]], requires_grad=True)
idx = torch.tensor([[0, 1, 0], [1, 0, 1]])
for reduce in ("sum", "prod", "mean", "amax", "amin"):
    r = torch.scatter_reduce(inp, 0, idx, src, reduce)
    gi, gs = torch.autograd.grad(r.sum(), (inp, src))
    emit(f"scatter_reduce_{reduce}", [r, gi, gs])
emit("scatter_reduce_exclude", inp.scatter_reduce(0, idx, src, "amax", include_self=False))

b = torch.arange(9.0).reshape(3, 3)
emit("split_with_sizes", b.split_with_sizes([1, 2], dim=1))
s1, s2, s3 = (b.clone().requires_grad_() * 1).unsafe_split(1)
s1.mul_(s2)
emit("unsafe_split_inplace", s1)
p1, p2, p3 = (b.clone().requires_grad_() * 1).split(1)
expect_error("split_inplace", lambda: p1.mul_(p2), "This view is the output of a function that returns multiple views")
emit("as_strided", torch.as_strided(b, (2, 2), (1, 3), 1))
w = torch.arange(6.0)
st = w.as_strided((2, 2), (2, 1), 1)
w.add_(10)
emit("as_strided_view", st)

t = torch.arange(6.0).reshape(2, 3)
v0 = t._version
t.transpose_(0, 1)
emit("transpose_", [t, t._version - v0])
t2 = torch.arange(6.0)
t2.resize_(2, 2)
emit("resize_", [t2, t2.shape, t2._version])
leaf = torch.ones(2, requires_grad=True)
expect_error("resize_requires_grad", lambda: leaf.resize_(3), "cannot resize variables that require grad")
expect_error("transpose_leaf", lambda: torch.ones(2, 3, requires_grad=True).transpose_(0, 1),
             "a leaf Variable that requires grad")

o = torch.zeros(3)
r = torch.mul(torch.tensor([1.0, 2.0, 3.0]), 2.0, out=o)
emit("out", [o, r is o, o._version])
expect_error("out_requires_grad", lambda: torch.add(leaf, 1.0, out=torch.zeros(2)),
             "functions with out=... arguments don't support automatic differentiation")
expect_error("out_cast", lambda: torch.mul(torch.ones(2), 1.5, out=torch.zeros(2, dtype=torch.long)),
             "can't be cast to the desired output type")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    base = torch.zeros(5)
    emit("storage", [len(base[1:3].storage()), base[1:].data_ptr() - base.data_ptr(),
                     base.detach().data_ptr() == base.data_ptr(), base.clone().data_ptr() == base.data_ptr()])
emit("constants", [torch.inf, torch.pi, str(torch.nan)])
emit_text("memory_format", [torch.channels_last, torch.contiguous_format])
