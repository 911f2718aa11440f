"""float32 logarithm, sine and cosine evaluated the way torch's AVX2 normal sampler does.

torch's CPU ``normal_`` for float32 tensors of 16 or more elements (on a CPU whose ATen
capability is AVX2) runs Box-Muller through the Cephes-style polynomials of ``avx_mathfun.h``
(``log256_ps``, ``sincos256_ps``): range reduction, polynomial and sign handling each done in
single precision. The compiler contracts most multiply-add pairs of those kernels into fused
multiply-adds (one rounding); which pairs it fused was determined by measurement against torch
2.13's x86-64 wheel (bit-exact over 320,000 normals), and the same operations are done here with
``fma``. The coefficients are Cephes' published ``logf`` / ``sinf`` / ``cosf`` constants.

The functions are written against a small backend (an array module, float32<->int32 bit
casts and an exact ``fma``); ``NUMPY`` is the one used today.
"""
from __future__ import annotations

import numpy as np

from . import fma as _fma

f32 = np.float32

_LOG_P = [f32(c) for c in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
                           1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
                           3.3333331174E-1)]
_LOG_Q1, _LOG_Q2 = f32(-2.12194440e-4), f32(0.693359375)
_SQRTHF = f32(0.707106781186547524)
_DP = (f32(-0.78515625), f32(-2.4187564849853515625e-4), f32(-3.77489497744594108e-8))
_SIN_P = (f32(-1.9515295891E-4), f32(8.3321608736E-3), f32(-1.6666654611E-1))
_COS_P = (f32(2.443315711809948E-005), f32(-1.388731625493765E-003), f32(4.166664568298827E-002))
_FOPI = f32(1.27323954473516)
_ONE, _HALF = f32(1.0), f32(0.5)


def log_ps(x, B=None):
    """``log256_ps``: natural log of positive float32 values (NaN for x <= 0)."""
    B = B or NUMPY
    xp, fma = B.xp, B.fma
    x = xp.asarray(x, f32)
    invalid = x <= 0
    x = xp.maximum(x, np.array(0x00800000, np.int32).view(f32))
    bits = B.i32(x)
    e = ((bits >> 23) - 0x7F).astype(f32) + _ONE
    x = B.f32((bits & ~0x7F800000) | np.array(_HALF).view(np.int32))
    mask = x < _SQRTHF
    tmp = xp.where(mask, x, f32(0))
    x = x - _ONE
    e = e - xp.where(mask, _ONE, f32(0))
    x = x + tmp
    z = x * x
    y = xp.full_like(x, _LOG_P[0])
    for c in _LOG_P[1:]:
        y = fma(y, x, c)
    y = y * x
    y = fma(y, z, e * _LOG_Q1)
    y = fma(-z, _HALF, y)
    x = x + y
    x = fma(e, _LOG_Q2, x)
    return xp.where(invalid, f32(np.nan), x)


def sincos_ps(x, B=None):
    """``sincos256_ps``: (sin x, cos x) of float32 values."""
    B = B or NUMPY
    xp, fma = B.xp, B.fma
    x = xp.asarray(x, f32)
    sign_sin = B.i32(x) & np.int32(-0x80000000)
    x = xp.abs(x)
    j = (x * _FOPI).astype(np.int32)  # truncation, as cvttps
    j = (j + 1) & ~1
    y = j.astype(f32)
    swap_sin = (j & 4) << 29
    poly = (j & 2) == 0
    x = fma(y, _DP[0], x)
    x = fma(y, _DP[1], x)
    x = fma(y, _DP[2], x)
    sign_cos = (~(j - 2) & 4) << 29
    sign_sin = sign_sin ^ swap_sin
    z = x * x
    yc = fma(z, _COS_P[0], _COS_P[1])
    yc = fma(yc, z, _COS_P[2])
    yc = yc * z
    yc = fma(yc, z, -(z * _HALF))
    yc = yc + _ONE
    ys = fma(z, _SIN_P[0], _SIN_P[1])
    ys = fma(ys, z, _SIN_P[2])
    ys = ys * z
    ys = fma(ys, x, x)
    s = xp.where(poly, ys, yc)
    c = xp.where(poly, yc, ys)
    s = B.f32(B.i32(s) ^ sign_sin)
    c = B.f32(B.i32(c) ^ sign_cos.astype(np.int32))
    return s, c


class Backend:
    """What the kernels need from an array library."""

    def __init__(self, xp, i32, f32_, fma):
        self.xp, self.i32, self.f32, self.fma = xp, i32, f32_, fma


NUMPY = Backend(np, lambda x: x.view(np.int32), lambda i: np.asarray(i).view(np.float32), _fma.fma32)
