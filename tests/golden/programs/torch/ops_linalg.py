"""Matrix products: matmul mm bmm mv dot outer einsum addmm: values, grad_fn names, gradients."""
import numpy as np
import torch
from harness import emit, emit_text

rng = np.random.default_rng(3)
A = torch.tensor(rng.normal(size=(2, 3)), dtype=torch.float32, requires_grad=True)
B = torch.tensor(rng.normal(size=(3, 4)), dtype=torch.float32, requires_grad=True)
v = torch.tensor(rng.normal(size=3), dtype=torch.float32, requires_grad=True)
u = torch.tensor(rng.normal(size=3), dtype=torch.float32, requires_grad=True)
X = torch.tensor(rng.normal(size=(5, 2, 3)), dtype=torch.float32, requires_grad=True)
Y = torch.tensor(rng.normal(size=(5, 3, 2)), dtype=torch.float32, requires_grad=True)
C = torch.tensor(rng.normal(size=(2, 4)), dtype=torch.float32, requires_grad=True)
leaves = [A, B, v, u, X, Y, C]
cases = {
    "matmul": lambda: torch.matmul(A, B), "mm": lambda: A.mm(B), "bmm": lambda: torch.bmm(X, Y),
    "bmm_method": lambda: X.bmm(Y), "mv": lambda: torch.mv(A, v), "mv_method": lambda: A.mv(u),
    "dot": lambda: torch.dot(v, u), "dot_method": lambda: v.dot(u), "outer": lambda: torch.outer(v, u),
    "einsum_mm": lambda: torch.einsum("ij,jk->ik", A, B), "einsum_trace": lambda: torch.einsum("ii", A @ A.T),
    "einsum_batch": lambda: torch.einsum("bij,bjk->bik", X, Y), "einsum_list": lambda: torch.einsum("i,i->", [v, u]),
    "einsum_outer": lambda: torch.einsum("i,j->ij", v, u), "einsum_sum": lambda: torch.einsum("bij->j", X),
    "addmm": lambda: torch.addmm(C, A, B), "addmm_scaled": lambda: torch.addmm(C, A, B, beta=0.5, alpha=2.0),
    "addmm_bcast": lambda: torch.addmm(C[0], A, B), "matmul_batched": lambda: X @ Y,
    "matmul_bcast": lambda: X @ B, "matmul_vec": lambda: X @ v,
}
for name, f in cases.items():
    out = f()
    emit(name, out)
    if not name.startswith("einsum"):  # torch names einsum's node after its last internal op
        emit_text(name + "_grad_fn", out.grad_fn.name())
    emit(name + "_grads", torch.autograd.grad(out.sum(), leaves, allow_unused=True))
emit("int_mm", torch.tensor([[1, 2], [3, 4]]) @ torch.tensor([[1], [1]]))
emit("f64_dot", torch.dot(torch.tensor([1.0, 2.0], dtype=torch.float64), torch.tensor([3.0, 4.0], dtype=torch.float64)))
