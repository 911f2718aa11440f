"""glibc's single-precision ``logf`` and ``sincosf`` (x86-64, glibc >= 2.28), bit for bit, in numpy.

TensorFlow's CPU Box-Muller (``BoxMullerFloat``) calls the C library's ``logf`` and
``sincosf``; these are not correctly rounded (0.82 and 0.56 ULP), so numpy's own ``log`` /
``sin`` or a float64 evaluation rounded to float32 differs from TF's normals in about one
draw in seventy. glibc evaluates both in double precision from small tables and short
polynomials; this module evaluates the same formulas with the same constants (the published
coefficients of glibc / ARM optimized-routines) in vectorized float64.

On x86-64 CPUs with FMA, glibc selects builds of these functions compiled with ``-mfma``, where
the compiler fused each ``a * b + c``; ``fma64`` emulates that single rounding exactly
(Boldo & Melquiond's emulation with round-to-odd), and ``HOST_FMA`` says which build this
host's glibc runs. Known limits: only the argument ranges TensorFlow's kernels reach are
implemented (``logf`` of normal positive floats, ``sincosf`` of |x| < 120).
"""
from __future__ import annotations

import numpy as np

# glibc __logf_data: (1/c, log c) for the 16 subintervals, ln 2, log1p polynomial
_LOGF_INVC = np.array([float.fromhex(h) for h in (
    "0x1.661ec79f8f3bep+0", "0x1.571ed4aaf883dp+0", "0x1.49539f0f010bp+0", "0x1.3c995b0b80385p+0",
    "0x1.30d190c8864a5p+0", "0x1.25e227b0b8eap+0", "0x1.1bb4a4a1a343fp+0", "0x1.12358f08ae5bap+0",
    "0x1.0953f419900a7p+0", "0x1p+0", "0x1.e608cfd9a47acp-1", "0x1.ca4b31f026aap-1",
    "0x1.b2036576afce6p-1", "0x1.9c2d163a1aa2dp-1", "0x1.886e6037841edp-1", "0x1.767dcf5534862p-1")])
_LOGF_LOGC = np.array([float.fromhex(h) for h in (
    "-0x1.57bf7808caadep-2", "-0x1.2bef0a7c06ddbp-2", "-0x1.01eae7f513a67p-2", "-0x1.b31d8a68224e9p-3",
    "-0x1.6574f0ac07758p-3", "-0x1.1aa2bc79c81p-3", "-0x1.a4e76ce8c0e5ep-4", "-0x1.1973c5a611cccp-4",
    "-0x1.252f438e10c1ep-5", "0x0p+0", "0x1.aa5aa5df25984p-5", "0x1.c5e53aa362eb4p-4",
    "0x1.526e57720db08p-3", "0x1.bc2860d22477p-3", "0x1.1058bc8a07ee1p-2", "0x1.4043057b6ee09p-2")])
_LN2 = float.fromhex("0x1.62e42fefa39efp-1")
_LOGF_A = [float.fromhex(h) for h in ("-0x1.00ea348b88334p-2", "0x1.5575b0be00b6ap-2", "-0x1.ffffef20a4123p-2")]

# glibc __sincosf_table (x86-64: 2/pi prescaled by 2^24); the second row negates the cosine
_HPI_INV = float.fromhex("0x1.45F306DC9C883p+23")
_HPI = float.fromhex("0x1.921FB54442D18p0")
_COS = ([1.0, float.fromhex("-0x1.ffffffd0c621cp-2"), float.fromhex("0x1.55553e1068f19p-5"),
         float.fromhex("-0x1.6c087e89a359dp-10"), float.fromhex("0x1.99343027bf8c3p-16")])
_SIN = [float.fromhex(h) for h in ("-0x1.555545995a603p-3", "0x1.1107605230bc4p-7", "-0x1.994eb3774cf24p-13")]
_PIO4 = float.fromhex("0x1.921FB54442D18p-1")


def _host_fma() -> bool:
    try:
        with open("/proc/cpuinfo") as f:
            flags = next((line for line in f if line.startswith("flags")), "").split()
        return "fma" in flags and "avx2" in flags
    except OSError:  # not Linux: no glibc, assume a modern x86-64
        return True


HOST_FMA = _host_fma()
_SPLIT = 134217729.0  # 2**27 + 1 (Veltkamp)


def _two_prod(a, b):
    p = a * b
    t = _SPLIT * a
    ah = t - (t - a)
    al = a - ah
    t = _SPLIT * b
    bh = t - (t - b)
    bl = b - bh
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def fma64(a, b, c) -> np.ndarray:
    """``fma(a, b, c)`` in float64 with one rounding (finite, non-extreme arguments)."""
    a, b, c = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(b, np.float64), np.asarray(c, np.float64))
    uh, ul = _two_prod(a, b)
    th, tl = _two_sum(c, ul)
    vh, vl = _two_sum(uh, th)
    z, ze = _two_sum(tl, vl)
    # round z to odd: an inexact even result moves to the odd neighbour on the error's side
    even = (z.view(np.uint64) & np.uint64(1)) == 0
    fix = (ze != 0) & even
    if fix.any():
        z = np.where(fix, np.nextafter(z, np.where(ze > 0, np.inf, -np.inf)), z)
    return vh + z


def _madd(a, b, c, fused):
    """``a * b + c`` fused or not; ``fused`` may be an iterator of flags, one per multiply-add
    in evaluation order (``contraction_proof`` tries every mix)."""
    if not isinstance(fused, (bool, np.bool_)):
        fused = next(fused)
    return fma64(a, b, c) if fused else a * b + c


def _flags(fused):
    """``fused`` as ``_madd`` takes it: a flag, or an iterator over per-site flags."""
    fused = HOST_FMA if fused is None else fused
    return fused if isinstance(fused, (bool, np.bool_)) else iter(fused)


def logf(x, fused: bool | None = None) -> np.ndarray:
    """glibc ``logf`` for normal positive float32 ``x`` (``fused``: see ``_madd``; 5 sites)."""
    fused = _flags(fused)
    x = np.asarray(x, np.float32)
    ix = x.view(np.uint32).astype(np.int64)
    tmp = (ix - 0x3F330000) & 0xFFFFFFFF
    i = (tmp >> 19) % 16
    k = (tmp.astype(np.uint32).view(np.int32) >> 23).astype(np.float64)
    iz = (ix - (tmp & (0x1FF << 23))).astype(np.uint32)
    z = iz.view(np.float32).astype(np.float64)
    invc, logc = _LOGF_INVC[i], _LOGF_LOGC[i]
    r = _madd(z, invc, -1.0, fused)
    y0 = _madd(k, _LN2, logc, fused)
    r2 = r * r
    y = _madd(_LOGF_A[1], r, _LOGF_A[2], fused)
    y = _madd(_LOGF_A[0], r2, y, fused)
    y = _madd(y, r2, y0 + r, fused)
    out = y.astype(np.float32)
    return np.where(ix == 0x3F800000, np.float32(0), out)


def _abstop12(x) -> np.ndarray:
    return (np.asarray(x, np.float32).view(np.uint32) >> 20) & 0x7FF


_SIGN = np.array([1.0, -1.0, -1.0, 1.0])  # sign of sine per quadrant
_COS_SIGN = np.array([1.0, 1.0, -1.0, -1.0])  # the table row of quadrants 2, 3 negates the cosine


def sincosf(y, fused: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """glibc ``sincosf`` for float32 ``y`` with |y| < 120: (sin, cos).

    Below pi/4 glibc skips the reduction; taking quadrant 0 there gives the same operations
    (x - 0 * pi/2 is x), and negating the cosine polynomial's coefficients negates its
    rounded value exactly, so one straight-line evaluation covers every quadrant."""
    fused = _flags(fused)  # 8 sites
    y = np.asarray(y, np.float32)
    top = _abstop12(y)
    if (top >= _abstop12(np.float32(120.0))).any():
        raise NotImplementedError("sincosf: |x| >= 120 is not implemented")
    x = y.astype(np.float64)
    # reduce_fast: quadrant n from x * (2/pi * 2^24), truncated as int32
    n = (np.trunc(x * _HPI_INV).astype(np.int64) + 0x800000) >> 24
    n[top < _abstop12(np.float32(_PIO4))] = 0
    q = n & 3
    xr = _madd(-n.astype(np.float64), _HPI, x, fused)
    xs = xr * _SIGN[q]
    x2 = xr * xr
    x4 = x2 * x2
    x3 = x2 * xs
    cc2 = _madd(x2, _COS[4], _COS[3], fused)
    s1 = _madd(x2, _SIN[2], _SIN[1], fused)
    cc1 = _madd(x2, _COS[1], _COS[0], fused)
    x5 = x3 * x2
    x6 = x4 * x2
    s = _madd(x3, _SIN[0], xs, fused)
    c = _madd(x4, _COS[2], cc1, fused)
    sv = _madd(x5, s1, s, fused).astype(np.float32)
    cv = _madd(x6, cc2, c, fused)
    cv *= _COS_SIGN[q]
    cv = cv.astype(np.float32)
    odd = (n & 1) == 1
    sin, cos = np.where(odd, cv, sv), np.where(odd, sv, cv)
    tiny = top < _abstop12(np.float32(2.0 ** -12))
    if tiny.any():
        sin[tiny], cos[tiny] = y[tiny], np.float32(1)
    return sin, cos
