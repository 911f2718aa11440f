"""Gradients through each op: + - * / ** @, neg, exp, log, sin, cos, sum, mean, T, pow."""
import torch
from harness import emit, emit_text

a = torch.tensor([0.5, 1.5, 2.0], requires_grad=True)
b = torch.tensor([1.25, -0.75, 3.0], requires_grad=True)
m = torch.tensor([[1.0, 2.0, 0.5], [-1.0, 0.25, 3.0]], requires_grad=True)
n = torch.tensor([[0.5, 1.0], [2.0, -1.5], [0.75, 0.25]], requires_grad=True)

cases = {
    "add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b, "div": lambda: a / b,
    "pow_tt": lambda: a ** b, "pow_ts": lambda: a ** 3, "pow_tf": lambda: a ** 0.5, "rpow": lambda: 2 ** a,
    "radd": lambda: 1.5 + a, "rsub": lambda: 2 - a, "rmul": lambda: 3 * a, "rdiv": lambda: 2 / a,
    "neg": lambda: -a, "exp": lambda: torch.exp(a), "log": lambda: a.log(), "sin": lambda: torch.sin(a),
    "cos": lambda: a.cos(), "pow_fn": lambda: torch.pow(a, 2), "pow_method": lambda: a.pow(b),
    "dot": lambda: a @ b, "mv": lambda: m @ a, "vm": lambda: torch.matmul(a[:2], m),
    "mm": lambda: m @ n, "mm_fn": lambda: torch.mm(m, n), "matmul_fn": lambda: torch.matmul(n, m),
    "T": lambda: m.T @ m, "sum_dim": lambda: m.sum(0), "sum_keep": lambda: m.sum(dim=1, keepdim=True),
    "mean": lambda: m.mean(), "mean_dim": lambda: torch.mean(m, 1), "sum_fn": lambda: torch.sum(a * b),
}
for name, f in cases.items():
    out = f()
    emit(name + "_value", out)
    emit_text(name + "_grad_fn", out.grad_fn.name())
    leaves = [a, b, m, n]
    grads = torch.autograd.grad(out.sum() if out.dim() else out, leaves, allow_unused=True)
    emit(name + "_grads", grads)
