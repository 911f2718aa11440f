"""``torch.lobpcg``: the k largest (or smallest) eigenpairs of a symmetric positive definite
matrix (pencil ``A``, ``B``), batched.

Known difference: torch iterates LOBPCG from the start vectors ``X`` until ``tol``; here the
eigenpairs are computed exactly with ``linalg.eigh`` (of ``L^-1 A L^-T`` when ``B = L L^T``),
so ``X``, ``iK``, ``niter``, ``tol``, ``method``, ``tracker`` and the ortho parameters do not
change the result beyond torch's tolerance. The gradient is eigh's, symmetric in ``A`` as
torch's lobpcg backward.
"""
from __future__ import annotations

from .tensor import Tensor


def lobpcg(A: Tensor, k: int | None = None, B: Tensor | None = None, X: Tensor | None = None,
           n: int | None = None, iK: Tensor | None = None, niter: int | None = None, tol: float | None = None,
           largest: bool | None = None, method: str | None = None, tracker=None, ortho_iparams=None,
           ortho_fparams=None, ortho_bparams=None) -> tuple[Tensor, Tensor]:
    """``torch.lobpcg``: ``(E, X)``, the ``k`` eigenvalues (descending when ``largest``, the
    default, ascending otherwise) and their eigenvectors as columns."""
    from . import linalg
    del iK, niter, tol, method, tracker, ortho_iparams, ortho_fparams, ortho_bparams
    largest = True if largest is None else bool(largest)
    if k is None:
        k = 1 if X is None else X.shape[-1]
    count = k if n is None else n
    rows = A.shape[-1]
    if rows < 3 * count:
        raise ValueError(f"LOBPCG algorithm is not applicable when the number of A rows (={rows}) is smaller "
                         f"than 3 x the number of requested eigenpairs (={count})")
    A = (A + A.mT) / 2  # torch's iteration reads all of A (not one triangle, as eigh does)
    if B is None:
        values, vectors = linalg.eigh(A)
    else:
        inv = linalg.inv(linalg.cholesky(B))
        values, vectors = linalg.eigh(inv @ A @ inv.mT)
        vectors = inv.mT @ vectors
    if largest:
        return values[..., -k:].flip(-1), vectors[..., -k:].flip(-1)
    return values[..., :k], vectors[..., :k]


__all__ = ["lobpcg"]
