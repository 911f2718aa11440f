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
    tie = low == _MID
    if tie.any():
        _fix_ties(a, b, c, s, r, np.nonzero(tie))
    return r


def _fix_ties(a, b, c, s, r, idx) -> None:
    """Correct ``r`` where the float64 sum sat on a float32 midpoint but was itself rounded:
    the exact sum's error term (TwoSum) says which neighbour the FMA rounds to."""
    shape = s.shape
    pb = (np.broadcast_to(np.asarray(a, np.float64), shape)[idx]
          * np.broadcast_to(np.asarray(b, np.float64), shape)[idx])
    cb = np.broadcast_to(np.asarray(c, np.float64), shape)[idx]
    st = s[idx]
    bb = st - pb
    err = (pb - (st - bb)) + (cb - bb)  # exact p + c == s + err
    rt = r[idx]
    diff = st - rt.astype(np.float64)
    other = np.nextafter(rt, np.where(diff > 0, np.float32(np.inf), np.float32(-np.inf)))
    r[idx] = np.where((err != 0) & (np.sign(err) == np.sign(diff)), other, rt)
