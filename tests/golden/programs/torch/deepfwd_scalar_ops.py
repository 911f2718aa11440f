"""Tensor op Python float (the eager fast path): result dtypes across tensor dtypes and ranks,
values, grad_fn names, gradients, in-place ops on a chain, hooks and version counters."""
import torch
from harness import emit, emit_text, expect_error

for dt in (torch.int64, torch.int32, torch.bool, torch.float16, torch.float64, torch.bfloat16, torch.float32):
    for shape in ((), (3,)):
        t = torch.ones(shape, dtype=dt)
        name = f"{str(dt).split('.')[1]}_{len(shape)}d"
        emit(name + "_mul", (t * 1.5).double())
        emit(name + "_rmul", (1.5 * t).double())
        emit(name + "_add", (t + 0.25).double())
        emit(name + "_div", (t / 4.0).double())
        emit_text(name + "_dtypes", " ".join(str(r.dtype) for r in (t * 1.5, 0.5 + t, t / 4.0, t ** 2.0)))
        if dt is not torch.bool:
            emit(name + "_rsub", (2.0 - t).double())
expect_error("bool_sub", lambda: torch.ones(2, dtype=torch.bool) - 0.5, "with a bool tensor is not supported")

x = torch.tensor([0.5, -1.0, 3.0], requires_grad=True)
y = x * 3.0 + 1.0
emit_text("grad_fns", f"{y.grad_fn.name()} {y.grad_fn.next_functions[0][0].name()} {(2.0 * x).grad_fn.name()}")
emit("special", torch.stack([x * -0.0, x * float("inf"), x + float("nan"), x * 0.0]))
seen = []
y.register_hook(lambda g: seen.append(g.clone()))
z = y.exp().sin() * 0.1 - 0.5
z.sum().backward()
emit("grad", x.grad)
emit("hook_grad", seen[0])

w = x.detach().clone().requires_grad_()
h = w.clone()
v0 = h._version
for _ in range(5):
    h += h * 0.001
h *= 2.0
emit("inplace_version", h._version - v0)
h.sum().backward()
emit("inplace_grad", w.grad)

chain = x.clone()
for _ in range(200):
    chain = chain + chain * 1e-6
emit("chain", chain)
(g,) = torch.autograd.grad(chain.sum(), x)
emit("chain_grad", g)
with torch.no_grad():
    n = x * 2.0
emit_text("no_grad", f"{n.requires_grad} {n.grad_fn}")
with torch.inference_mode():
    i = x * 2.0
emit_text("inference", f"{i.requires_grad} {i.is_inference()}")
