"""Resampling kernels in the (N, C, *spatial) layout: nearest, nearest-exact, (bi/tri)linear
and bicubic interpolation, applied one spatial dimension at a time (each is separable).

The source positions and weights are computed on the host, in the input's precision, with
PyTorch's conventions (half-pixel centres or ``align_corners``; ``1 / scale_factor`` when a
scale factor is given, else in/out; nearest's float32 ``floor(i * scale)``; bicubic's A = -0.75
with clamped taps), so indices match torch exactly at scale factors that do not divide.
"""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from ..core.eager import compiled_kernel as kernel


def _scale(size_in: int, size_out: int, align_corners: bool, scale, dt):
    """torch's area_pixel_compute_scale, in the precision ``dt``."""
    if align_corners:
        return dt(size_in - 1) / dt(size_out - 1) if size_out > 1 else dt(0)
    if scale is not None and scale > 0:
        return dt(1.0 / scale)
    return dt(size_in) / dt(size_out)


def nearest_indices(size_in: int, size_out: int, scale, exact: bool) -> np.ndarray:
    """Source index of each output position for 'nearest' / 'nearest-exact' (float32 math)."""
    i = np.arange(size_out)
    if not exact and size_out == size_in:
        return i
    if not exact and size_out == 2 * size_in:
        return i >> 1
    s = _scale(size_in, size_out, False, scale, np.float32)
    if exact:
        src = np.floor(((i + 0.5) * np.float64(s)).astype(np.float32))
    else:
        src = np.floor(i.astype(np.float32) * s)
    return np.minimum(src.astype(np.int64), size_in - 1)


def linear_taps(size_in: int, size_out: int, scale, align_corners: bool, dt):
    """(index0, index1, weight0, weight1) for linear interpolation along one dimension."""
    s = _scale(size_in, size_out, align_corners, scale, dt)
    i = np.arange(size_out).astype(dt)
    if align_corners:
        src = s * i
    else:
        src = np.maximum(s * (i + dt(0.5)) - dt(0.5), dt(0))
    i0 = np.minimum(np.floor(src).astype(np.int64), size_in - 1)
    lam = np.clip(src - i0.astype(dt), dt(0), dt(1)).astype(dt)
    i1 = i0 + (i0 < size_in - 1)
    return i0, i1, (dt(1) - lam).astype(dt), lam


def cubic_taps(size_in: int, size_out: int, scale, align_corners: bool, dt):
    """(indices (4, out), weights (4, out)) for bicubic interpolation (A = -0.75)."""
    s = _scale(size_in, size_out, align_corners, scale, dt)
    i = np.arange(size_out).astype(dt)
    src = s * i if align_corners else s * (i + dt(0.5)) - dt(0.5)
    base = np.floor(src)
    # the fraction in the input's precision, the coefficients in double: closest to torch's
    # float32 results (they can still differ from torch's in the last bits)
    t = (src - base).astype(dt).astype(np.float64)
    a = -0.75

    def near(x):  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    weights = np.stack([far(t + 1), near(t), near(1 - t), far(2 - t)]).astype(dt)
    idx = np.stack([np.clip(base.astype(np.int64) - 1 + j, 0, size_in - 1) for j in range(4)])
    return idx, weights


def _along(x, axis: int, idx, w):
    """sum_j w[j] * x[..., idx[j], ...] along ``axis`` (w broadcast along that axis)."""
    shape = [1] * x.ndim
    shape[axis] = -1
    out = None
    for j in range(len(idx)):
        term = jnp.take(x, jnp.asarray(idx[j]), axis=axis) * jnp.asarray(w[j]).reshape(shape)
        out = term if out is None else out + term
    return out


@kernel
def interpolate(x, *, mode: str, size: tuple, scales: tuple, align_corners: bool):
    """Resize the trailing ``len(size)`` dimensions of ``x`` to ``size``; ``scales`` holds the
    user's scale factor per dimension (or None: in/out is used)."""
    n = len(size)
    dt = np.float64 if x.dtype == jnp.float64 else np.float32
    # the last dimension first: the same nesting of weighted sums as torch's kernels
    for d in reversed(range(n)):
        axis = x.ndim - n + d
        size_in, size_out, scale = x.shape[axis], size[d], scales[d]
        if mode in ("nearest", "nearest-exact"):
            x = jnp.take(x, jnp.asarray(nearest_indices(size_in, size_out, scale, mode == "nearest-exact")),
                         axis=axis)
        elif mode == "bicubic":
            idx, w = cubic_taps(size_in, size_out, scale, align_corners, dt)
            x = _along(x, axis, idx, w.astype(x.dtype))
        else:
            i0, i1, w0, w1 = linear_taps(size_in, size_out, scale, align_corners, dt)
            x = _along(x, axis, (i0, i1), (w0.astype(x.dtype), w1.astype(x.dtype)))
    return x
