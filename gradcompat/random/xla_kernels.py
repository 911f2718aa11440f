"""XLA version of the float32 normal transform of torch's CPU stream, for large draws.

The numpy kernels of ``torch_stream`` make one pass over memory per arithmetic step (the
Cephes polynomials of the AVX2 Box-Muller take ~60 of them); here the same steps are one jitted
XLA function, fused into a single loop over the raw 32-bit draws. The arithmetic is identical:
float32 operations (XLA on CPU keeps IEEE float32 and does not contract or reassociate), the
same fused multiply-adds: XLA's CPU backend contracts ``a * b + c`` into a hardware FMA, which
is checked once per process on the first block against the numpy kernel; where it does not
(another backend, a CPU without FMA) the FMAs are emulated in float64 (the sum rounded once;
the rare rows where that sum was itself rounded onto a float32 midpoint are flagged and
recomputed by the numpy kernel). Either way the results are bit for bit the numpy kernels'
(tested). The Mersenne
Twister draws the next block while XLA transforms the previous one. (Uniform draws stay in
numpy: their transform is a few passes, cheaper than the transfer.)

Each kernel runs on fixed-size blocks (``BLOCK`` elements, the last block padded), so a process
compiles each kernel once whatever the tensor sizes; tensors under ``MIN_SIZE`` elements stay
on the numpy path (no compile for small draws).
"""
from __future__ import annotations

import functools
import math

import numpy as np

from . import cephes_avx

BLOCK = 1 << 18  # elements per kernel call (a multiple of 16)
MIN_SIZE = 1 << 17  # smaller draws stay on the numpy kernels

_MID = 1 << 28
_LOW = (1 << 29) - 1


@functools.lru_cache(maxsize=None)
def _jax():
    import jax
    import jax.numpy as jnp
    from jax import lax
    return jax, jnp, lax


class _Fma:
    """``fmaf`` in XLA for one kernel trace: the float64 sum (the product of two floats is exact
    there) rounded once to float32, which is the FMA except where the rounded float64 sum sits
    on a float32 midpoint (a double rounding, found by its bits and the sum's exact error
    term). Those elements are recorded in ``flags``; the caller recomputes them exactly."""

    def __init__(self) -> None:
        self.flags: list = []

    def __call__(self, a, b, c):
        _, jnp, lax = _jax()
        a64, b64, c64 = (jnp.asarray(v, jnp.float32).astype(jnp.float64) for v in (a, b, c))
        p = a64 * b64
        s = p + c64
        bb = s - p
        err = (p - (s - bb)) + (c64 - bb)  # TwoSum: p + c == s + err exactly
        tie = (lax.bitcast_convert_type(s, jnp.uint64) & jnp.uint64(_LOW)) == jnp.uint64(_MID)
        self.flags.append(tie & (err != 0))
        return s.astype(jnp.float32)

    def any(self, shape):
        _, jnp, _ = _jax()
        out = jnp.zeros(shape, bool)
        for f in self.flags:
            out = out | jnp.broadcast_to(f, shape)
        return out


def _backend(fma):
    _, jnp, lax = _jax()
    return cephes_avx.Backend(jnp, lambda x: lax.bitcast_convert_type(x, jnp.int32),
                              lambda i: lax.bitcast_convert_type(i, jnp.float32), fma)


def _unit24(raw):
    _, jnp, _ = _jax()
    return (raw & jnp.uint32((1 << 24) - 1)).astype(jnp.float32) * jnp.float32(2.0 ** -24)


def _native_fma(a, b, c):
    """``a * b + c`` in float32: XLA's CPU backend contracts it into one fused multiply-add."""
    _, jnp, _ = _jax()
    return jnp.asarray(a, jnp.float32) * jnp.asarray(b, jnp.float32) + jnp.asarray(c, jnp.float32)


@functools.lru_cache(maxsize=None)
def _normal_kernel(affine: bool, native: bool):
    """The 16-lane Box-Muller on a block of raw draws: (normals, rows to redo).
    ``native``: the FMAs are XLA's own (checked once per process against the numpy kernel,
    see ``normal16_f32``); otherwise emulated in float64 with the doubtful rows flagged."""
    jax, jnp, _ = _jax()

    def kernel(raw, mean, std):
        fma = _native_fma if native else _Fma()
        B = _backend(fma)
        rows = _unit24(raw).reshape(-1, 2, 8)  # normal_fill_16: lanes j and j + 8 pair up
        u1 = jnp.float32(1.0) - rows[:, 0]
        radius = jnp.sqrt(jnp.float32(-2.0) * cephes_avx.log_ps(u1, B))
        theta = jnp.float32(2.0 * math.pi) * rows[:, 1]
        s, c = cephes_avx.sincos_ps(theta, B)
        lo, hi = radius * c, radius * s
        if affine:
            lo, hi = fma(lo, std, mean), fma(hi, std, mean)
        bad = jnp.zeros(lo.shape[0], bool) if native else jnp.any(fma.any(lo.shape), axis=1)
        return jnp.stack([lo, hi], axis=1).reshape(-1), bad

    return jax.jit(kernel)


_CHECK_ROWS = 1024
_native_ok: bool | None = None  # whether XLA's contracted FMAs reproduce the kernel (per process)


def _pipelined(draw, total: int, block: int, launch, finish) -> None:
    """Draw ``total`` raw numbers block by block (``draw(k)``: the next k), launch each block's
    kernel as soon as it is drawn (XLA runs it asynchronously) and finish the previous one
    meanwhile, so the Mersenne Twister and the transform overlap. The last block is padded."""
    pending = None
    for start in range(0, total, block):
        count = min(block, total - start)
        part = draw(count)
        if count < block:
            part = np.concatenate([part, np.zeros(block - count, np.uint32)])
        launched = (launch(part), part, start, count)
        if pending is not None:
            finish(*pending)
        pending = launched
    if pending is not None:
        finish(*pending)


def normal16_f32(draw, total: int, mean: float = 0.0, std: float = 1.0, exact_rows=None) -> np.ndarray:
    """torch's float32 ``normal_fill`` on whole blocks of 16 for ``total`` (a multiple of 16)
    raw MT outputs taken from ``draw``: Box-Muller normals, then ``fma(x, std, mean)`` unless
    (0, 1). ``exact_rows(raw_rows)`` recomputes the rare rows an emulated FMA may have misrounded."""
    affine = not (std == 1.0 and mean == 0.0)
    mu, sd = np.float32(mean), np.float32(std)
    out = np.empty(total, np.float32)
    view = out.reshape(-1, 16)

    def launch(part):
        native = _native_ok is not False
        return native, _normal_kernel(affine, native)(part, mu, sd)

    def finish(launched, part, start, count):
        global _native_ok
        native, (vals, bad) = launched
        r0, r = start // 16, count // 16
        if native and _native_ok is None:  # first use: XLA's FMAs must give the numpy kernel's bits
            k = min(r, _CHECK_ROWS)
            sample = np.asarray(vals)[:16 * k]
            _native_ok = sample.tobytes() == exact_rows(part.reshape(-1, 16)[:k]).tobytes()
        if native and _native_ok is False:  # launched before the check failed: redo emulated
            vals, bad = _normal_kernel(affine, False)(part, mu, sd)
        out[start:start + count] = np.asarray(vals)[:count]
        rows = np.nonzero(np.asarray(bad)[:r])[0]
        if rows.size:
            view[r0 + rows] = exact_rows(part.reshape(-1, 16)[rows])

    _pipelined(draw, total, BLOCK, launch, finish)
    return out
