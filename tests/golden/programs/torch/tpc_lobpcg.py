"""torch.lobpcg: the k largest / smallest eigenpairs (sign-normalized vectors), B given,
the gradient of the eigenvalues (symmetric), torch's error for k too large."""
import numpy as np
import torch
from harness import emit, expect_error

rng = np.random.default_rng(0)
M = torch.tensor(rng.random((6, 6)))
A = (M @ M.mT / 10).requires_grad_(True)
X = torch.eye(6, 2, dtype=A.dtype)


def normalized(U):
    _, idx = U.abs().max(-2, keepdim=True)
    return U * U.gather(-2, idx).sign()


for largest in (True, False):
    D, U = torch.lobpcg(A=A, k=2, X=X, largest=largest)
    emit(f"values_{largest}", D)
    emit(f"vectors_{largest}", normalized(U))
D, U = torch.lobpcg(A, k=2, X=X)
(D.sum() + normalized(U).sum()).backward()
emit("grad", A.grad)
emit("grad_symmetric_gap", (A.grad - A.grad.mT).abs().max())
B = torch.eye(6, dtype=A.dtype) * 2 + 0.1
emit("with_B", torch.lobpcg(A=A.detach(), k=2, B=B, X=X)[0])
expect_error("k_too_large", lambda: torch.lobpcg(A=A, k=3), "LOBPCG algorithm is not applicable")
