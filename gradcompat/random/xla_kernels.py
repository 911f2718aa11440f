"""XLA version of the float32 normal transform of torch's CPU stream, for large draws.

The numpy kernels of ``torch_stream`` make one pass over memory per arithmetic step (the
Cephes polynomials of the AVX2 Box-Muller take ~60 of them); here the same steps are one jitted
XLA function, fused into a single loop over the raw 32-bit draws. The arithmetic is identical:
float32 operations (XLA on CPU keeps IEEE float32 and does not contract or reassociate), the
same fused multiply-adds: XLA's CPU backend contracts ``a * b + c`` into a hardware FMA, which
is checked once per process on a block of draws against the numpy kernel; where it does not
(another backend, a CPU without FMA) the FMAs are emulated in float64 (the sum rounded once;
the rare rows where that sum was itself rounded onto a float32 midpoint are flagged and
recomputed by the numpy kernel). Either way the results are bit for bit the numpy kernels'
(tested). The Mersenne
Twister draws the next block (as uint64 pairs, numpy's cheapest form) while XLA transforms
the previous one. (Uniform draws stay in numpy: their transform is a few passes, cheaper than
the transfer.) The compiled kernel is kept on disk (``xla_cache``): a process does not trace it.

Each kernel runs on fixed-size blocks (``BLOCK`` elements, the last block padded), so a process
compiles each kernel once whatever the tensor sizes; tensors under ``MIN_SIZE`` elements stay
on the numpy path (no compile for small draws).
"""
from __future__ import annotations

import functools
import math
import os

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


def raw_from_pairs(pairs: np.ndarray) -> np.ndarray:
    """The uint32 outputs, in draw order, of ``MT19937.pairs`` (each uint64 holds two, the
    first in its high word)."""
    return ((pairs >> np.uint64(32)) | (pairs << np.uint64(32))).view(np.uint32)


def _raw_in_kernel(pairs):
    _, jnp, _ = _jax()
    hi, lo = (pairs >> jnp.uint64(32)).astype(jnp.uint32), pairs.astype(jnp.uint32)
    return jnp.stack([hi, lo], axis=-1).reshape(-1)


@functools.lru_cache(maxsize=None)
def _normal_kernel(affine: bool, native: bool):
    """The 16-lane Box-Muller on a block of raw draws given as uint64 pairs (``MT19937.pairs``):
    normals, and with emulated FMAs also the rows to redo. ``native``: the FMAs are XLA's own
    (checked per process against the numpy kernel, see ``_native_kernel``); otherwise emulated
    in float64 with the doubtful rows flagged."""
    jax, jnp, _ = _jax()

    def kernel(pairs, mean, std):
        fma = _native_fma if native else _Fma()
        B = _backend(fma)
        rows = _unit24(_raw_in_kernel(pairs)).reshape(-1, 2, 8)  # normal_fill_16: lanes j and j + 8 pair up
        u1 = jnp.float32(1.0) - rows[:, 0]
        radius = jnp.sqrt(jnp.float32(-2.0) * cephes_avx.log_ps(u1, B))
        theta = jnp.float32(2.0 * math.pi) * rows[:, 1]
        s, c = cephes_avx.sincos_ps(theta, B)
        lo, hi = radius * c, radius * s
        if affine:
            lo, hi = fma(lo, std, mean), fma(hi, std, mean)
        vals = jnp.stack([lo, hi], axis=1).reshape(-1)
        if native:
            return vals
        return vals, jnp.any(fma.any(lo.shape), axis=1)

    return jax.jit(kernel)


_CHECK_ROWS = 1024
_SOURCES = tuple(os.path.join(os.path.dirname(__file__), f) for f in ("xla_kernels.py", "cephes_avx.py"))
_native: dict = {}  # affine -> the compiled native-FMA kernel, or None where XLA's FMAs differ


def _native_kernel(affine: bool, mu: np.float32, sd: np.float32, exact_rows):
    """The native-FMA kernel (compiled once, kept on disk by ``xla_cache``), or None when its
    results differ from the numpy kernel's: checked on the first call of each process with the
    caller's mean and std on a fixed block of draws."""
    if affine not in _native:
        from . import xla_cache
        from .mt19937 import MT19937
        probe = MT19937(5489).pairs(BLOCK // 2)

        def check(exe) -> bool:
            got = np.asarray(exe(probe, mu, sd))[:16 * _CHECK_ROWS]
            want = exact_rows(raw_from_pairs(probe[:8 * _CHECK_ROWS]).reshape(-1, 16))
            return got.tobytes() == want.tobytes()
        exe, ok = xla_cache.compiled(f"torch-normal16-{int(affine)}", _normal_kernel(affine, True),
                                     (probe, mu, sd), _SOURCES, check)
        _native[affine] = exe if ok else None
    return _native[affine]


def _pipelined(draw, total: int, block: int, launch, finish) -> None:
    """Draw ``total`` raw numbers block by block (``draw(k)``: the next k, as k / 2 uint64
    pairs), launch each block's kernel as soon as it is drawn (XLA runs it asynchronously) and
    finish the previous one meanwhile, so the Mersenne Twister and the transform overlap. The
    last block is padded."""
    pending = None
    for start in range(0, total, block):
        count = min(block, total - start)
        part = draw(count // 2)
        if count < block:
            part = np.concatenate([part, np.zeros((block - count) // 2, np.uint64)])
        launched = (launch(part), part, start, count)
        if pending is not None:
            finish(*pending)
        pending = launched
    if pending is not None:
        finish(*pending)


def normal16_f32(pairs, total: int, mean: float = 0.0, std: float = 1.0, exact_rows=None,
                 out: np.ndarray | None = None) -> np.ndarray:
    """torch's float32 ``normal_fill`` on whole blocks of 16 for ``total`` (a multiple of 16)
    raw MT outputs taken from ``pairs(k)`` (the next 2k outputs as ``MT19937.pairs``):
    Box-Muller normals, then ``fma(x, std, mean)`` unless (0, 1), written to ``out[:total]``.
    ``exact_rows(raw_rows)``: the numpy kernel on (rows, 16) uint32 draws (the reference the
    XLA kernel is checked against, and the fallback for rows an emulated FMA may misround)."""
    affine = not (std == 1.0 and mean == 0.0)
    mu, sd = np.float32(mean), np.float32(std)
    out = np.empty(total, np.float32) if out is None else out
    view = out[:total].reshape(-1, 16)
    native = _native_kernel(affine, mu, sd, exact_rows)

    def launch(part):
        if native is not None:
            return native(part, mu, sd), None
        return _normal_kernel(affine, False)(part, mu, sd)

    def finish(launched, part, start, count):
        vals, bad = launched
        out[start:start + count] = np.asarray(vals)[:count]
        if bad is not None:
            rows = np.nonzero(np.asarray(bad)[:count // 16])[0]
            if rows.size:
                view[start // 16 + rows] = exact_rows(raw_from_pairs(part).reshape(-1, 16)[rows])

    _pipelined(pairs, total, BLOCK, launch, finish)
    return out
