"""Single-precision fused multiply-add in numpy (``fmaf``: one rounding of ``a * b + c``).

The float32 product is exact in float64, so ``float32(a*b + c computed in float64)`` equals the
FMA except when that float64 sum was itself rounded onto a float32 rounding midpoint (a
"double rounding"); those rare elements are found by their bit pattern and corrected from the
sum's exact error term.
"""
from __future__ import annotations

import numpy as np

_LOW = np.uint64((1 << 29) - 1)
_MID = np.uint64(1 << 28)


def fma32(a, b, c) -> np.ndarray:
    """``fmaf(a, b, c)`` elementwise for float32 inputs (broadcasting as numpy)."""
    s = np.multiply(a, b, dtype=np.float64)
    s += np.asarray(c, np.float64)
    r = s.astype(np.float32)
    # a float64 whose 29 dropped bits are exactly 1000...0 lies on a float32 midpoint
    low = s.view(np.uint64) & _LOW
    if not (low == _MID).any():
        return r
    return _fma32_exact(a, b, c)


def _fma32_exact(a, b, c) -> np.ndarray:
    """The FMA with the double-rounding cases corrected (rarely needed: see ``fma32``)."""
    p = np.multiply(a, b, dtype=np.float64)
    s = p + np.asarray(c, np.float64)
    r = s.astype(np.float32)
    tie = (s.view(np.uint64) & _LOW) == _MID
    idx = np.nonzero(tie)
    pb = np.broadcast_to(p, s.shape)[idx]
    cb = np.broadcast_to(np.asarray(c, np.float64), s.shape)[idx]
    st = s[idx]
    bb = st - pb
    err = (pb - (st - bb)) + (cb - bb)  # exact p + c == s + err
    rt = r[idx]
    diff = st - rt.astype(np.float64)
    other = np.nextafter(rt, np.where(diff > 0, np.float32(np.inf), np.float32(-np.inf)))
    r[idx] = np.where((err != 0) & (np.sign(err) == np.sign(diff)), other, rt)
    return r
