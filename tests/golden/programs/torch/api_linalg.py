"""torch.linalg and the legacy linear algebra functions: values, dtypes, gradients (of
gauge-invariant quantities for svd / eigh / qr, whose vector signs are a convention), errors."""
import warnings

import numpy as np
import torch
from harness import emit, emit_text, expect_error

warnings.simplefilter("ignore")
rng = np.random.default_rng(5)
f64 = torch.float64
B = torch.tensor(rng.normal(size=(3, 3)), dtype=f64)
A = (B @ B.T + 3 * torch.eye(3, dtype=f64)).requires_grad_()  # symmetric positive definite leaf
G = torch.tensor(rng.normal(size=(3, 3)), dtype=f64, requires_grad=True)  # general square
R = torch.tensor(rng.normal(size=(4, 3)), dtype=f64, requires_grad=True)  # tall
W = torch.tensor(rng.normal(size=(2, 4)), dtype=f64, requires_grad=True)  # wide
Bt = torch.tensor(rng.normal(size=(2, 3, 3)), dtype=f64, requires_grad=True)  # batch
rhs = torch.tensor(rng.normal(size=(3, 2)), dtype=f64, requires_grad=True)
vec = torch.tensor(rng.normal(size=3), dtype=f64, requires_grad=True)
F32 = torch.tensor(rng.normal(size=(3, 3)), dtype=torch.float32, requires_grad=True)
leaves = [A, G, R, W, Bt, rhs, vec, F32]
wt = {}


def check(name, out, grad_fn=True):
    emit(name, out)
    outs = out if isinstance(out, (tuple, list)) else (out,)
    first = outs[0]
    if grad_fn and first.grad_fn is not None:
        emit_text(name + "_grad_fn", first.grad_fn.name())
    total = sum((o * torch.linspace(0.5, 1.5, o.numel(), dtype=o.dtype).reshape(o.shape)).sum()
                for o in outs if o.requires_grad)
    emit(name + "_grads", torch.autograd.grad(total, leaves, allow_unused=True, retain_graph=True))


# norms
check("norm_vec", torch.linalg.norm(vec))
check("norm_mat_fro", torch.linalg.norm(G))
check("norm_mat_nuc", torch.linalg.norm(G, "nuc"))
check("norm_mat_ord2", torch.linalg.norm(G, 2))
check("norm_ord_inf_vec", torch.linalg.norm(vec, float("inf")))
check("norm_dim", torch.linalg.norm(R, dim=1))
check("norm_dim_keep", torch.linalg.norm(R, ord=1, dim=0, keepdim=True))
check("norm_3d", torch.linalg.norm(Bt))
check("norm_3d_dims", torch.linalg.norm(Bt, dim=(1, 2)))
check("vector_norm", torch.linalg.vector_norm(R, 3))
check("vector_norm_dim", torch.linalg.vector_norm(Bt, ord=1, dim=(0, 2)))
for o in ["fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf")]:
    check(f"matrix_norm_{o}", torch.linalg.matrix_norm(R, o))
check("matrix_norm_batch_keep", torch.linalg.matrix_norm(Bt, keepdim=True))
check("matrix_norm_dims", torch.linalg.matrix_norm(Bt, 1, dim=(0, 2)))
expect_error("norm_3d_ord", lambda: torch.linalg.norm(Bt, ord=2), "If dim is not specified but ord is")
expect_error("matrix_norm_1d", lambda: torch.linalg.matrix_norm(vec), "must have at least 2 dimensions")
expect_error("matrix_norm_ord", lambda: torch.linalg.matrix_norm(G, 3), "Order 3 not supported")

# solves and inverses
check("solve", torch.linalg.solve(A, rhs))
check("solve_vec", torch.linalg.solve(G, vec))
check("solve_batch", torch.linalg.solve(Bt, rhs))
check("solve_right", torch.linalg.solve(G, rhs.T, left=False))
check("inv", torch.linalg.inv(G))
check("inv_batch", torch.linalg.inv(Bt))
check("inv_f32", torch.linalg.inv(F32))
check("inverse_legacy", torch.inverse(A))
check("inverse_method", G.inverse())
check("pinv_tall", torch.linalg.pinv(R))
check("pinv_wide", torch.linalg.pinv(W))
check("pinverse_legacy", torch.pinverse(R))
check("pinv_hermitian", torch.linalg.pinv(A, hermitian=True))
singular = torch.tensor([[1.0, 2.0], [2.0, 4.0]])
expect_error("inv_singular", lambda: torch.linalg.inv(singular), "The diagonal element 2 is zero")
expect_error("solve_singular", lambda: torch.linalg.solve(singular, torch.ones(2)), "input matrix is singular")
emit_text("linalg_error_type", type(torch.linalg.LinAlgError).__name__ + " " + str(issubclass(torch.linalg.LinAlgError, RuntimeError)))
expect_error("inv_nonsquare", lambda: torch.linalg.inv(R), "A must be batches of square matrices, but they are 4 by 3")
expect_error("inv_int", lambda: torch.linalg.inv(torch.ones(2, 2, dtype=torch.int64)), "Expected a floating point")
expect_error("solve_shapes", lambda: torch.linalg.solve(G, torch.ones(4, dtype=f64)), "Incompatible shapes of A and B")

# determinants
check("det", torch.linalg.det(G))
check("det_batch", torch.linalg.det(Bt))
check("det_legacy", torch.det(A))
check("det_method", G.det())
check("slogdet", torch.linalg.slogdet(G))
emit_text("slogdet_type", type(torch.linalg.slogdet(G)).__name__)
check("slogdet_legacy", torch.slogdet(Bt))
emit_text("slogdet_legacy_type", type(torch.slogdet(G)).__name__)
check("logdet", torch.logdet(A))
emit("slogdet_singular", torch.linalg.slogdet(singular))
expect_error("det_nonsquare", lambda: torch.linalg.det(W), "A must be batches of square matrices")

# decompositions (gauge-invariant checks for vectors)
L = torch.linalg.cholesky(A)
check("cholesky", L)
check("cholesky_upper", torch.linalg.cholesky(A, upper=True))
check("cholesky_legacy", torch.cholesky(A))
check("cholesky_ex", torch.linalg.cholesky_ex(A))
expect_error("cholesky_not_pd", lambda: torch.linalg.cholesky(-torch.eye(2)), "not positive-definite (the leading minor of order 1")
U, S, Vh = torch.linalg.svd(R, full_matrices=False)
emit_text("svd_type", type(torch.linalg.svd(R)).__name__)
emit("svd_shapes", [tuple(t.shape) for t in torch.linalg.svd(R)] + [tuple(t.shape) for t in torch.linalg.svd(W, full_matrices=True)])
check("svd_S", S)
check("svd_reconstruct", U @ torch.diag(S) @ Vh)
check("svd_projector", U @ U.T)
check("svd_right_projector", Vh.T @ Vh)
Uf, Sf, Vhf = torch.linalg.svd(R)
emit("svd_full_orth", [Uf.T @ Uf, Vhf @ Vhf.T])  # (torch's gradient of this depends on its gauge)
check("svd_full_reconstruct", Uf[:, :3] @ torch.diag(Sf) @ Vhf)
check("svdvals", torch.linalg.svdvals(W))
check("svdvals_batch", torch.linalg.svdvals(Bt))
Ul, Sl, Vl = torch.svd(R)
emit_text("svd_legacy_type", type(torch.svd(R)).__name__)
check("svd_legacy_reconstruct", Ul @ torch.diag(Sl) @ Vl.T)
emit("svd_legacy_some_false", [tuple(t.shape) for t in torch.svd(R, some=False)])
w, V = torch.linalg.eigh(A)
emit_text("eigh_type", type(torch.linalg.eigh(A)).__name__)
check("eigh_values", w)
check("eigh_reconstruct", V @ torch.diag(w) @ V.T)
check("eigh_projector", V[:, :1] @ V[:, :1].T)
check("eigvalsh", torch.linalg.eigvalsh(A))
check("eigvalsh_upper", torch.linalg.eigvalsh(A, UPLO="U"))
Sym = (Bt + Bt.transpose(1, 2))
check("eigvalsh_batch", torch.linalg.eigvalsh(Sym))
Q, Rr = torch.linalg.qr(R)
emit_text("qr_type", type(torch.linalg.qr(R)).__name__)
check("qr_reconstruct", Q @ Rr)
check("qr_R_abs", Rr.abs())
check("qr_Q_orth", Q.T @ Q)
emit("qr_complete_shapes", [tuple(t.shape) for t in torch.linalg.qr(R, mode="complete")])
emit("qr_r_mode", [tuple(t.shape) for t in torch.linalg.qr(R, mode="r")])
emit("qr_r_mode_R_abs", torch.linalg.qr(R, mode="r")[1].abs())
expect_error("qr_mode", lambda: torch.linalg.qr(R, mode="x"), "qr received unrecognized mode 'x'")
check("qr_legacy_reconstruct", torch.qr(G)[0] @ torch.qr(G)[1])

# least squares, rank, cross
tall_rhs = torch.tensor(rng.normal(size=(4, 2)), dtype=f64, requires_grad=True)
leaves.append(tall_rhs)
for driver in [None, "gels", "gelsy", "gelsd", "gelss"]:
    out = torch.linalg.lstsq(R, tall_rhs, driver=driver)
    emit_text(f"lstsq_{driver}_type", type(out).__name__)
    emit(f"lstsq_{driver}", out)
check("lstsq_solution_grad", torch.linalg.lstsq(R, tall_rhs).solution)
emit("lstsq_vector_rhs", torch.linalg.lstsq(R, tall_rhs[:, 0]))
expect_error("lstsq_driver", lambda: torch.linalg.lstsq(R, tall_rhs, driver="x"), "parameter `driver` should be one of")
expect_error("lstsq_rows", lambda: torch.linalg.lstsq(R, rhs), "input.size(-2) should match other.size(-2)")
emit("matrix_rank", [torch.linalg.matrix_rank(R), torch.linalg.matrix_rank(singular), torch.linalg.matrix_rank(Bt),
                     torch.linalg.matrix_rank(singular, atol=10.0), torch.linalg.matrix_rank(torch.zeros(3, 3))])
a3 = torch.tensor(rng.normal(size=(2, 3)), dtype=f64, requires_grad=True)
b3 = torch.tensor(rng.normal(size=(2, 3)), dtype=f64, requires_grad=True)
leaves += [a3, b3]
check("cross", torch.linalg.cross(a3, b3))
check("cross_dim0", torch.linalg.cross(a3.T, b3.T, dim=0))
check("cross_legacy", torch.cross(a3, b3, dim=1))
check("cross_bcast", torch.linalg.cross(a3, b3[:1]))
expect_error("cross_len", lambda: torch.linalg.cross(torch.ones(2), torch.ones(2)), "must have length 3")
