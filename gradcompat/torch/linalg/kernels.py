"""The pure JAX functions behind ``torch.linalg`` (module-level, so the compile cache hits).

Gradients are JAX's jvp rules of ``jnp.linalg`` transposed by the core engine.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import jax.scipy.linalg  # noqa: F401 - expm
import numpy as np

from ..ops import vector_norm


def _eps(dtype) -> float:
    return float(jnp.finfo(dtype).eps)


def svdvals(x):
    return jnp.linalg.svd(x, compute_uv=False)


def matrix_norm(x, *, ord, axes, keepdims, dtype):  # noqa: A002 - torch's name
    """Matrix norms over ``axes``: 'fro', 'nuc', +-1 (column sums), +-inf (row sums), +-2."""
    x = x.astype(dtype)
    if ord == "fro":
        return vector_norm(x, p=2.0, axis=axes, keepdims=keepdims, dtype=dtype)
    y = jnp.moveaxis(x, axes, (-2, -1))
    if ord in ("nuc", 2, -2):
        s = svdvals(y)
        out = jnp.sum(s, -1) if ord == "nuc" else (jnp.max(s, -1) if ord == 2 else jnp.min(s, -1))
    elif ord in (1, -1):
        sums = jnp.sum(jnp.abs(y), -2)
        out = jnp.max(sums, -1) if ord == 1 else jnp.min(sums, -1)
    else:
        sums = jnp.sum(jnp.abs(y), -1)
        out = jnp.max(sums, -1) if ord > 0 else jnp.min(sums, -1)
    if keepdims:
        out = jnp.expand_dims(out, tuple(sorted(axes)))
    return out


def first_zero_pivot(value: np.ndarray) -> int:
    """1-based index of the first exactly-zero pivot of LAPACK's LU (getrf), over the first
    matrix of a batch that has one; 0 when none (torch's singularity test)."""
    with jax.ensure_compile_time_eval():
        lu = np.asarray(jax.lax.linalg.lu(jnp.asarray(value))[0])
    diag = np.diagonal(lu, axis1=-2, axis2=-1).reshape(-1, value.shape[-1])
    for row in diag:
        zero = np.flatnonzero(row == 0)
        if zero.size:
            return int(zero[0]) + 1
    return 0


def inv(x):
    return jnp.linalg.inv(x)


def solve(a, b, *, left, vector):
    if not left:  # X A = B  <=>  A^T X^T = B^T
        return jnp.swapaxes(jnp.linalg.solve(jnp.swapaxes(a, -1, -2), jnp.swapaxes(b, -1, -2)), -1, -2)
    if vector:
        return jnp.linalg.solve(a, b[..., None])[..., 0]
    batch = jnp.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    return jnp.linalg.solve(jnp.broadcast_to(a, batch + a.shape[-2:]), jnp.broadcast_to(b, batch + b.shape[-2:]))


def _default_rtol(x, atol):
    # torch: max(m, n) * eps when neither tolerance is given (or atol <= 0), else 0
    return max(x.shape[-2:]) * _eps(x.dtype) if atol is None or atol <= 0 else 0.0


def pinv(x, *, atol, rtol, hermitian):
    if rtol is None:
        rtol = _default_rtol(x, atol)
    if atol is None:  # (hermitian or not: torch's gradient is the general one)
        return jnp.linalg.pinv(x, rtol=rtol)
    u, s, vh = jnp.linalg.svd(x, full_matrices=False)
    cutoff = jnp.maximum(atol, rtol * jnp.max(s, -1, keepdims=True))
    s_inv = jnp.where(s > cutoff, 1.0 / jnp.where(s > cutoff, s, 1.0), 0.0)
    return jnp.swapaxes(vh, -1, -2) @ (s_inv[..., None] * jnp.swapaxes(u, -1, -2))


def matrix_rank(x, *, atol, rtol):
    s = svdvals(x)
    if rtol is None:
        rtol = _default_rtol(x, atol)
    tol = jnp.maximum(0.0 if atol is None else atol, rtol * jnp.max(s, -1, keepdims=True))
    return jnp.sum(s > tol, -1).astype(jnp.int64)


def lstsq(a, b, *, rcond, vector):
    """(solution, squared residuals per column, rank, singular values) of min ||A X - B||."""
    bb = b[..., None] if vector else b
    x = jnp.linalg.pinv(a, rtol=_default_rtol(a, None) if rcond is None else rcond) @ bb
    residuals = jnp.sum(jnp.square(a @ x - bb), -2)
    s = svdvals(a)
    rank = matrix_rank(a, atol=None, rtol=rcond)
    return (x[..., 0] if vector else x), residuals, rank, s


def logdet(x):
    """log det: nan for a negative determinant, -inf for a zero one."""
    sign, logabsdet = jnp.linalg.slogdet(x)
    return jnp.where(sign < 0, jnp.nan, logabsdet)


def det(x):
    return jnp.linalg.det(x)


def slogdet(x):
    sign, logabsdet = jnp.linalg.slogdet(x)
    return sign, logabsdet


def cholesky(x, *, upper):
    lower = jnp.linalg.cholesky(x)
    return jnp.conj(jnp.swapaxes(lower, -1, -2)) if upper else lower


def qr(x, *, mode):
    if mode == "r":
        r = jnp.linalg.qr(x, mode="r")
        return jnp.zeros((0,), x.dtype), r
    q, r = jnp.linalg.qr(x, mode=mode)
    return q, r


def _hermitian(x, uplo):
    """The symmetric matrix of ``x``'s ``uplo`` triangle (torch's values), whose gradient is
    the symmetric part (torch's eigh gradient)."""
    fixed = jax.lax.stop_gradient(x)
    tri = jnp.tril(fixed) if uplo == "L" else jnp.triu(fixed)
    full = tri + jnp.swapaxes(tri, -1, -2) - jnp.eye(x.shape[-1], dtype=x.dtype) * fixed
    sym = (x + jnp.swapaxes(x, -1, -2)) / 2
    return full + sym - jax.lax.stop_gradient(sym)


def eigh(x, *, uplo):
    w, v = jnp.linalg.eigh(_hermitian(x, uplo), symmetrize_input=False)
    return w, v


def eigvalsh(x, *, uplo):
    return jnp.linalg.eigh(_hermitian(x, uplo), symmetrize_input=False)[0]


def svd(x, *, full_matrices):
    """(U, S, Vh); the full basis' extra columns/rows are completed without a gradient."""
    u, s, vh = jnp.linalg.svd(x, full_matrices=False)
    m, n = x.shape[-2:]
    if full_matrices and m != n:
        uf, _, vhf = jnp.linalg.svd(jax.lax.stop_gradient(x), full_matrices=True)
        k = min(m, n)
        u = jnp.concatenate([u, uf[..., :, k:]], -1)
        vh = jnp.concatenate([vh, vhf[..., k:, :]], -2)
    return u, s, vh


def matrix_power(x, *, n):
    return jnp.linalg.matrix_power(x, n)


def multi_dot(*xs):
    return jnp.linalg.multi_dot(xs)


def vecdot(x, y, *, axis):
    return jnp.sum(jnp.conj(x) * y, axis=axis)


def solve_triangular(a, b, *, upper, left, unitriangular):
    batch = jnp.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = jnp.broadcast_to(a, batch + a.shape[-2:])
    b = jnp.broadcast_to(b, batch + b.shape[-2:])
    return jax.lax.linalg.triangular_solve(a, b, left_side=left, lower=not upper, unit_diagonal=unitriangular)


def matrix_exp(x):
    return jnp.vectorize(jax.scipy.linalg.expm, signature="(n,n)->(n,n)")(x)


def cross(a, b, *, axis):
    return jnp.cross(a, b, axis=axis)

