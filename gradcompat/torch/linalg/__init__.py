"""``torch.linalg``: norms, solves, inverses, determinants and decompositions.

Each function checks its arguments with torch's error texts and applies one JAX kernel
(``kernels.py``, over ``jnp.linalg``) through ``core.apply``; gradients come from the core
vjp engine (JAX's jvp rules of the decompositions). Singular and non-positive-definite
inputs raise ``torch.linalg.LinAlgError`` (torch's ``_LinAlgError``) when the values are
concrete. Multi-output functions return torch's ``torch.return_types.linalg_*``.

Known differences: the signs (gauge) of singular and eigen vectors follow LAPACK through
JAX and may differ from torch's; with ``full_matrices=True`` the columns of ``U`` (rows of
``Vh``) beyond ``min(m, n)`` carry no gradient (torch's are arbitrary there too).
"""
from __future__ import annotations

import math

import jax
import numpy as np

from ... import core
from .. import dtypes
from ..reductions import _structseq, vector_norm
from ..tensor import Tensor, wrap
from . import kernels as K

__all__ = ["LinAlgError", "cholesky", "cholesky_ex", "cross", "det", "eigh", "eigvalsh", "inv", "inv_ex", "lstsq",
           "matrix_exp", "matrix_norm", "matrix_power", "matrix_rank", "multi_dot", "norm", "pinv", "qr", "slogdet",
           "solve", "solve_triangular", "svd", "svdvals", "vecdot", "vector_norm"]


class _LinAlgError(RuntimeError):
    """``torch.linalg.LinAlgError``: a singular or non-positive-definite input."""


_LinAlgError.__module__ = "torch._C"
LinAlgError = _LinAlgError

return_types = {name: _structseq(name, fields) for name, fields in {
    "linalg_slogdet": ("sign", "logabsdet"), "linalg_svd": ("U", "S", "Vh"), "linalg_qr": ("Q", "R"),
    "linalg_eigh": ("eigenvalues", "eigenvectors"),
    "linalg_lstsq": ("solution", "residuals", "rank", "singular_values"),
    "linalg_inv_ex": ("inverse", "info"), "linalg_cholesky_ex": ("L", "info"),
    "slogdet": ("sign", "logabsdet"), "svd": ("U", "S", "V"), "qr": ("Q", "R")}.items()}


# ----- argument checks ---------------------------------------------------------------------

def _float(A: Tensor, fn: str) -> None:
    if not A.dtype.is_floating_point:
        raise RuntimeError(f"{fn}: Expected a floating point or complex tensor as input. Got "
                           f"{dtypes.SCALAR_TYPE_NAMES[A.dtype.name]}")


def _matrix(A: Tensor, fn: str, arg: str = "A") -> None:
    if not isinstance(A, Tensor):
        raise TypeError(f"{fn.split('.')[-1]}(): argument '{arg}' (position 1) must be Tensor, not {type(A).__name__}")
    if A.dim() < 2:
        raise RuntimeError(f"{fn}: The input tensor {arg} must have at least 2 dimensions.")
    _float(A, fn)


def _square(A: Tensor, fn: str) -> None:
    _matrix(A, fn)
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"{fn}: A must be batches of square matrices, but they are {A.shape[-2]} by "
                           f"{A.shape[-1]} matrices")


def _concrete(t: Tensor):
    """The value as numpy, or None while it is traced (vmap, jit) or deferred."""
    value = t.node.value
    if value is None or isinstance(value, jax.core.Tracer):
        return None
    return np.asarray(value)


def _apply(fn, tensors, name: str, **static) -> Tensor:
    return wrap(core.apply(fn, [t.node for t in tensors], static, name=name))


def _outputs(fn, tensors, name: str, kind: str, differentiable: tuple[bool, ...], **static):
    """A multi-output kernel as one node; its outputs as ``return_types[kind]``."""
    node = core.apply(fn, [t.node for t in tensors], static, name=name)
    outs = []
    for i, grad in enumerate(differentiable):
        with core.recording.grad_mode(core.recording.grad_enabled() and grad):
            outs.append(wrap(core.select(node, i, name=node.name if isinstance(node, core.Op) else None)))
    return return_types[kind](*outs)


# ----- norms ---------------------------------------------------------------------------------

_MATRIX_ORDS = ("fro", "nuc", math.inf, -math.inf, 1, -1, 2, -2)


def matrix_norm(A: Tensor, ord="fro", dim=(-2, -1), keepdim: bool = False, *, dtype=None) -> Tensor:  # noqa: A002
    """``torch.linalg.matrix_norm``: 'fro', 'nuc', +-1, +-2, +-inf over the two dims ``dim``."""
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    _float(A, "linalg.matrix_norm")
    if ord not in _MATRIX_ORDS:
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    d0, d1 = (int(d) % A.dim() for d in dim)
    if d0 == d1:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, {dim[1]})")
    out = dtypes.to_dtype(dtype) if dtype is not None else A.dtype
    # torch composes them: its grad_fn is the last op's
    name = {"fro": "LinalgVectorNormBackward0", "nuc": "SumBackward1"}.get(
        ord, "AmaxBackward0" if ord in (1, 2, math.inf) else "AminBackward0")
    return _apply(K.matrix_norm, [A], name, ord=ord, axes=(d0, d1), keepdims=bool(keepdim), dtype=out.np_name)


def norm(A: Tensor, ord=None, dim=None, keepdim: bool = False, *, out=None, dtype=None) -> Tensor:  # noqa: A002
    """``torch.linalg.norm``: a vector norm (1-D input or one ``dim``) or a matrix norm (2-D
    input or two dims); without ``ord`` and ``dim``, the 2-norm of the flattened input."""
    if isinstance(dim, int):
        dim = (dim,)
    if dim is None and ord is not None and A.dim() not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
                           f"Got {A.dim()}D.")
    if isinstance(ord, str) or (dim is not None and len(dim) == 2) or (dim is None and ord is not None
                                                                       and A.dim() == 2):
        return matrix_norm(A, "fro" if ord is None else ord, tuple(dim) if dim is not None else (-2, -1),
                           keepdim, dtype=dtype)
    return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)


# ----- inverses and solves ------------------------------------------------------------------

def _singular_inv(A: Tensor, fn: str) -> None:
    value = _concrete(A)
    if value is None:
        return
    k = K.first_zero_pivot(value)
    if k:
        if fn == "linalg.inv":
            raise _LinAlgError(f"linalg.inv: The diagonal element {k} is zero, the inversion could not be "
                               "completed because the input matrix is singular.")
        raise _LinAlgError("torch.linalg.solve: The solver failed because the input matrix is singular.")


def inv(A: Tensor, *, out=None) -> Tensor:
    """``torch.linalg.inv`` (LinAlgError for a singular matrix)."""
    _square(A, "linalg.inv")
    _singular_inv(A, "linalg.inv")
    return _apply(K.inv, [A], "LinalgInvExBackward0")


def inv_ex(A: Tensor, *, check_errors: bool = False, out=None):
    """``torch.linalg.inv_ex``: ``(inverse, info)``."""
    _square(A, "linalg.inv_ex")
    if check_errors:
        _singular_inv(A, "linalg.inv")
    value = _concrete(A)
    info = K.first_zero_pivot(value) if value is not None else 0
    inverse = _apply(K.inv, [A], "LinalgInvExBackward0")
    return return_types["linalg_inv_ex"](inverse, wrap(core.Constant(np.asarray(info, np.int32))))


def solve(A: Tensor, B: Tensor, *, left: bool = True, out=None) -> Tensor:
    """``torch.linalg.solve``: X with A X = B (X A = B for ``left=False``); B may be a vector
    (batched as torch decides: B.dim() == A.dim() - 1 means a batch of vectors)."""
    _square(A, "linalg.solve")
    if B.dtype is not A.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A of type "
                           f"{dtypes.SCALAR_TYPE_NAMES[A.dtype.name]} and B of type "
                           f"{dtypes.SCALAR_TYPE_NAMES[B.dtype.name]} instead")
    vector = left and (B.dim() == 1 or (B.dim() == A.dim() - 1 and tuple(B.shape) == tuple(A.shape[:-1])))
    n = A.shape[-1]
    rows = B.shape[-1] if vector else (B.shape[-2] if left else B.shape[-1])
    if rows != n:
        cols = 1 if vector else B.shape[-1]
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"{'AX = B' if left else 'XA = B'} ({n}x{n} and "
                           f"{(str(rows) + 'x' + str(cols)) if left else (str(B.shape[-2]) + 'x' + str(B.shape[-1]))})")
    _singular_inv(A, "linalg.solve")
    return _apply(K.solve, [A, B], "LinalgSolveExBackward0", left=bool(left), vector=bool(vector))


def pinv(A: Tensor, *, atol=None, rtol=None, hermitian: bool = False, rcond=None, out=None) -> Tensor:
    """``torch.linalg.pinv`` (``rcond`` is the legacy name of ``rtol``)."""
    _matrix(A, "linalg.pinv")
    if rcond is not None:
        rtol = rcond
    return _apply(K.pinv, [A], "LinalgPinvBackward0", atol=None if atol is None else float(atol),
                  rtol=None if rtol is None else float(rtol), hermitian=bool(hermitian))


def lstsq(A: Tensor, B: Tensor, rcond=None, *, driver: str | None = None):
    """``torch.linalg.lstsq``: ``(solution, residuals, rank, singular_values)`` as torch's CPU
    drivers fill them (gelsy, the default: no residuals or singular values; gels: no rank)."""
    _matrix(A, "torch.linalg.lstsq")
    driver = driver or "gelsy"
    if driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    vector = B.dim() == A.dim() - 1
    if (B.shape[-1] if vector else B.shape[-2]) != A.shape[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    m, n = A.shape[-2], A.shape[-1]
    out = _outputs(K.lstsq, [A, B], "LinalgLstsqBackward0", "linalg_lstsq", (True, True, False, True),
                   rcond=None if rcond is None else float(rcond), vector=bool(vector))
    solution, residuals, rank, sv = out
    full_rank = True
    value = _concrete(rank)
    if value is not None:
        full_rank = bool(np.all(value == min(m, n)))
    empty = wrap(core.Constant(np.zeros((0,), A.dtype.np)))
    keep_res = m > n and full_rank and driver != "gelsy" and not vector
    return return_types["linalg_lstsq"](
        solution, residuals if keep_res else empty,
        rank if driver != "gels" else wrap(core.Constant(np.zeros((0,), np.int64))),
        sv if driver in ("gelsd", "gelss") else empty)


def matrix_rank(A: Tensor, *, atol=None, rtol=None, hermitian: bool = False, tol=None, out=None) -> Tensor:
    """``torch.linalg.matrix_rank``: int64 count of singular values above the tolerance."""
    _matrix(A, "linalg.matrix_rank")
    if tol is not None:
        atol = tol
    with core.recording.grad_mode(False):
        return _apply(K.matrix_rank, [A], "matrix_rank", atol=None if atol is None else float(atol),
                      rtol=None if rtol is None else float(rtol))


# ----- determinants --------------------------------------------------------------------------

def det(A: Tensor, *, out=None) -> Tensor:
    """``torch.linalg.det``."""
    _square(A, "linalg.det")
    return _apply(K.det, [A], "LinalgDetBackward0")


def slogdet(A: Tensor, *, out=None):
    """``torch.linalg.slogdet``: ``(sign, logabsdet)``."""
    _square(A, "linalg.slogdet")
    return _outputs(K.slogdet, [A], "LinalgSlogdetBackward0", "linalg_slogdet", (True, True))


# ----- decompositions ------------------------------------------------------------------------

def _positive_definite(A: Tensor, L: Tensor, fn: str) -> None:
    value = _concrete(L)
    if value is None:
        return
    bad = np.isnan(np.diagonal(value, axis1=-2, axis2=-1).reshape(-1, A.shape[-1]))
    if bad.any():
        batch, order = np.argwhere(bad)[0]
        where = f"the leading minor of order {order + 1}" if A.dim() == 2 else \
            f"For batch {batch}: The matrix"
        if A.dim() == 2:
            raise _LinAlgError(f"{fn}: The factorization could not be completed because the input is not "
                               f"positive-definite ({where} is not positive-definite).")
        raise _LinAlgError(f"{fn}: (Batch element {batch}): The factorization could not be completed because "
                           f"the input is not positive-definite (the leading minor of order {order + 1} is not "
                           "positive-definite).")


def cholesky(A: Tensor, *, upper: bool = False, out=None, _name: str = "LinalgCholeskyExBackward0") -> Tensor:
    """``torch.linalg.cholesky``: the lower (or ``upper``) factor; LinAlgError when A is not
    positive-definite."""
    _square(A, "linalg.cholesky")
    L = _apply(K.cholesky, [A], _name, upper=bool(upper))
    _positive_definite(A, L, "linalg.cholesky")
    return L


def cholesky_ex(A: Tensor, *, upper: bool = False, check_errors: bool = False, out=None):
    """``torch.linalg.cholesky_ex``: ``(L, info)``."""
    _square(A, "linalg.cholesky_ex")
    L = _apply(K.cholesky, [A], "LinalgCholeskyExBackward0", upper=bool(upper))
    if check_errors:
        _positive_definite(A, L, "linalg.cholesky_ex")
    value = _concrete(L)
    info = 0
    if value is not None:
        bad = np.flatnonzero(np.isnan(np.diagonal(value, axis1=-2, axis2=-1).reshape(-1)))
        info = int(bad[0] % A.shape[-1]) + 1 if bad.size else 0
    return return_types["linalg_cholesky_ex"](L, wrap(core.Constant(np.asarray(info, np.int32))))


def qr(A: Tensor, mode: str = "reduced", *, out=None):
    """``torch.linalg.qr``: ``(Q, R)``; mode 'reduced', 'complete' or 'r' (Q empty)."""
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
                           "'r', or 'complete'")
    _matrix(A, "linalg.qr")
    return _outputs(K.qr, [A], "LinalgQrBackward0", "linalg_qr", (mode != "r", True), mode=mode)


def eigh(A: Tensor, UPLO: str = "L", *, out=None):
    """``torch.linalg.eigh``: ascending eigenvalues and orthonormal eigenvectors of the
    symmetric matrix read from the ``UPLO`` triangle."""
    _square(A, "linalg.eigh")
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return _outputs(K.eigh, [A], "LinalgEighBackward0", "linalg_eigh", (True, True), uplo=UPLO)


def eigvalsh(A: Tensor, UPLO: str = "L", *, out=None) -> Tensor:
    """``torch.linalg.eigvalsh``: the eigenvalues of ``eigh``."""
    _square(A, "linalg.eigvalsh")
    if UPLO not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return _apply(K.eigvalsh, [A], "LinalgEighBackward0", uplo=UPLO)


def svd(A: Tensor, full_matrices: bool = True, *, driver=None, out=None):
    """``torch.linalg.svd``: ``(U, S, Vh)`` with ``A = U diag(S) Vh``."""
    _matrix(A, "linalg.svd")
    return _outputs(K.svd, [A], "LinalgSvdBackward0", "linalg_svd", (True, True, True),
                    full_matrices=bool(full_matrices))


def svdvals(A: Tensor, *, driver=None, out=None) -> Tensor:
    """``torch.linalg.svdvals``: the singular values, descending."""
    _matrix(A, "linalg.svdvals")
    return _apply(K.svdvals, [A], "LinalgSvdBackward0")


def cross(input: Tensor, other: Tensor, *, dim: int = -1, out=None) -> Tensor:
    """``torch.linalg.cross``: the 3-vector cross product along ``dim`` (inputs broadcast)."""
    from ..functions import _check_broadcast
    from ..shape import _dim
    n = input.dim()
    if input.dim() != other.dim():
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    axis = _dim(input, dim)
    if input.shape[axis] != 3 or other.shape[axis] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                           f"{input.shape[axis]} and {other.shape[axis]}")
    _check_broadcast(input, other)
    dtype = dtypes.promote_types(input.dtype, other.dtype)
    return _apply(K.cross, [input.to(dtype), other.to(dtype)], "LinalgCrossBackward0", axis=axis - n)


# ----- products and functions of matrices ---------------------------------------------------

def matrix_power(A: Tensor, n: int, *, out=None) -> Tensor:
    """``torch.linalg.matrix_power``: ``A`` to an integer power (negative: of the inverse)."""
    if A.dim() < 2 or A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they are "
                           f"{A.shape[-2] if A.dim() >= 2 else 1} by {A.shape[-1]} matrices")
    if n < 0:
        _float(A, "linalg.matrix_power")
        _singular_inv(A, "linalg.inv")
    name = "torch::autograd::CopyBackwards" if n == 0 else ("MmBackward0" if A.dim() == 2 else "BmmBackward0")
    return _apply(K.matrix_power, [A], name, n=int(n))


def multi_dot(tensors, *, out=None) -> Tensor:
    """``torch.linalg.multi_dot``: the chained product (a 1-D first / last operand is a row / column)."""
    tensors = list(tensors)
    if len(tensors) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(tensors)}")
    return _apply(K.multi_dot, tensors, "ViewBackward0")


def vecdot(x: Tensor, y: Tensor, *, dim: int = -1, out=None) -> Tensor:
    """``torch.linalg.vecdot``: the dot product along ``dim`` (broadcast)."""
    from ..functions import _check_broadcast
    _check_broadcast(x, y)
    dtype = dtypes.promote_types(x.dtype, y.dtype)
    return _apply(K.vecdot, [x.to(dtype), y.to(dtype)], "VdotBackward0" if x.dim() == 1 else "SumBackward1",
                  axis=int(dim))


def solve_triangular(A: Tensor, B: Tensor, *, upper: bool, left: bool = True, unitriangular: bool = False,
                     out=None) -> Tensor:
    """``torch.linalg.solve_triangular``: X with A X = B (X A = B for ``left=False``), A triangular."""
    _square(A, "linalg.solve_triangular")
    if B.dim() < 2:
        raise RuntimeError("linalg.solve_triangular: The input tensor B must have at least 2 dimensions.")
    return _apply(K.solve_triangular, [A, B], "LinalgSolveTriangularBackward0", upper=bool(upper), left=bool(left),
                  unitriangular=bool(unitriangular))


def matrix_exp(A: Tensor) -> Tensor:
    """``torch.linalg.matrix_exp``: the matrix exponential."""
    _square(A, "linalg.matrix_exp")
    return _apply(K.matrix_exp, [A], "LinalgMatrixExpBackward0")
