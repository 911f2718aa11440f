"""More everyday ops: trace, kron, tensordot, diag, diag_embed, cdist, median, searchsorted,
bucketize, unique, linalg.matrix_power / multi_dot / vecdot / solve_triangular / matrix_exp:
values, dtypes, grad_fn names, gradients, errors."""
import numpy as np
import torch
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(11)
f64 = torch.float64
A = torch.tensor(rng.normal(size=(3, 3)), dtype=f64, requires_grad=True)
Bm = torch.tensor(rng.normal(size=(2, 3)), dtype=f64, requires_grad=True)
X = torch.tensor(rng.normal(size=(4, 3)), dtype=torch.float32, requires_grad=True)
Y = torch.tensor(rng.normal(size=(5, 3)), dtype=torch.float32, requires_grad=True)
v = torch.tensor(rng.permutation(7) * 0.5 - 1.0, dtype=torch.float32, requires_grad=True)
leaves = [A, Bm, X, Y, v]


def check(name, out):
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name())
    w = torch.linspace(-1.0, 2.0, out.numel(), dtype=out.dtype).reshape(out.shape)
    emit(name + "_grads", torch.autograd.grad((out * w).sum(), leaves, allow_unused=True))


check("trace", torch.trace(A))
emit("trace_int", torch.trace(torch.arange(6, dtype=torch.int32).reshape(2, 3)))
expect_error("trace_3d", lambda: torch.trace(torch.ones(2, 2, 2)), "trace: expected a matrix")
check("kron", torch.kron(A, Bm))
check("tensordot_1", torch.tensordot(A, Bm.T, 1))
check("tensordot_dims", torch.tensordot(Bm, A, dims=([1], [0])))
check("tensordot_2", torch.tensordot(A, A, 2))
check("diag_vec", torch.diag(v))
check("diag_vec_offset", torch.diag(v[:3], 1))
check("diag_mat", torch.diag(A))
check("diag_mat_neg", A.diag(-1))
check("diag_embed", torch.diag_embed(Bm))
check("diag_embed_offset", torch.diag_embed(Bm, offset=1))
check("diag_embed_dims", torch.diag_embed(Bm, dim1=0, dim2=2))
expect_error("diag_3d", lambda: torch.diag(torch.ones(2, 2, 2)), "diag(): Supports 1D or 2D tensors. Got 3D")
check("cdist", torch.cdist(X, Y))
check("cdist_p1", torch.cdist(X, Y, p=1))
check("cdist_batch", torch.cdist(X.unsqueeze(0).expand(2, 4, 3), Y.unsqueeze(0).expand(2, 5, 3)))
expect_error("cdist_cols", lambda: torch.cdist(torch.ones(2, 3), torch.ones(2, 4)), "X1 and X2 must have the same number of columns")

check("median_all", torch.median(v))
emit("median_even", torch.median(torch.tensor([1.0, 3.0, 2.0, 4.0])))
med = torch.median(X, 0)
emit("median_dim", med)
emit_text("median_dim_type", type(med).__name__)
emit_text("median_dim_grad_fn", med.values.grad_fn.name())
emit("median_dim_grads", torch.autograd.grad(med.values.sum(), X))
emit("median_keepdim", X.median(1, keepdim=True))

seq = torch.tensor([1, 3, 5, 7])
vals = torch.tensor([3, 6, 9, 0])
emit("searchsorted", torch.searchsorted(seq, vals))
emit("searchsorted_right", torch.searchsorted(seq, vals, right=True))
emit("searchsorted_side", torch.searchsorted(seq, vals, side="right"))
emit("searchsorted_int32", torch.searchsorted(seq, vals, out_int32=True))
emit("searchsorted_batched", torch.searchsorted(torch.tensor([[1, 3, 5], [2, 4, 6]]), torch.tensor([[3, 6], [1, 5]])))
emit("searchsorted_scalar", torch.searchsorted(torch.tensor([1.0, 3.0]), 2.0))
emit("searchsorted_float", torch.searchsorted(torch.tensor([0.1, 0.5, 0.9]), torch.tensor([[0.0, 0.5], [0.7, 1.0]])))
emit("bucketize", torch.bucketize(vals, seq))
emit("bucketize_right", torch.bucketize(torch.tensor([[3.0, 6.5], [1.0, 7.0]]), torch.tensor([1.0, 3.0, 5.0, 7.0]), right=True))
expect_error("bucketize_2d", lambda: torch.bucketize(vals, torch.ones(2, 2)), "boundaries tensor must be 1 dimension")

u = torch.tensor([3, 1, 2, 3, 1, 5])
emit("unique", torch.unique(u))
emit("unique_all", torch.unique(u, return_inverse=True, return_counts=True))
emit("unique_inverse", torch.unique(u, return_inverse=True))
emit("unique_float_method", torch.tensor([2.5, 1.0, 2.5]).unique(return_counts=True))
emit("unique_dim", torch.unique(torch.tensor([[1, 2], [1, 2], [0, 1]]), dim=0))
emit("unique_2d_flat", torch.unique(torch.tensor([[4, 2], [2, 4]]), return_inverse=True))

check("matrix_power_3", torch.linalg.matrix_power(A, 3))
check("matrix_power_0", torch.linalg.matrix_power(A, 0))
S = (A @ A.T / 4 + torch.eye(3, dtype=f64))
check("matrix_power_neg", torch.linalg.matrix_power(S, -2))
expect_error("matrix_power_rect", lambda: torch.linalg.matrix_power(torch.ones(2, 3), 2), "A must be batches of square matrices")
check("multi_dot", torch.linalg.multi_dot([Bm, A, A, Bm.T]))
check("multi_dot_vec_ends", torch.linalg.multi_dot([A[0], A, A[:, 1]]))
expect_error("multi_dot_one", lambda: torch.linalg.multi_dot([torch.ones(2)]), "expected at least 2 tensors but got 1")
check("vecdot", torch.linalg.vecdot(X, X))
check("vecdot_1d", torch.linalg.vecdot(A[0], A[1]))
U = torch.triu(A) + 3 * torch.eye(3, dtype=f64)
L = torch.tril(A) + 3 * torch.eye(3, dtype=f64)
check("solve_triangular_upper", torch.linalg.solve_triangular(U, Bm.T, upper=True))
check("solve_triangular_lower_right", torch.linalg.solve_triangular(L, Bm, upper=False, left=False))
check("solve_triangular_unit", torch.linalg.solve_triangular(L, Bm.T, upper=False, unitriangular=True))
check("matrix_exp", torch.linalg.matrix_exp(A / 2))
check("matrix_exp_batch", torch.linalg.matrix_exp(torch.stack([A, A.T]) / 3))
