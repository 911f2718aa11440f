"""Output buffers that JAX can adopt without a copy.

``jax.device_put`` of a numpy array on the CPU aliases the array's memory when it is 64-byte
aligned, and copies it otherwise (numpy's large allocations are only 16-byte aligned). A
100M-parameter model's weights drawn into aligned buffers therefore reach their parameters
without a second pass over (and a second set of page faults on) every weight. A buffer handed
to JAX this way must not be written afterwards.
"""
from __future__ import annotations

import numpy as np

ALIGN = 64
MIN_ELEMENTS = 1 << 14  # smaller arrays: the copy is cheaper than the bookkeeping


def aligned_empty(n: int, dtype) -> np.ndarray:
    """An uninitialized 1-D array of ``n`` elements whose data starts on a 64-byte boundary."""
    dt = np.dtype(dtype)
    if n < MIN_ELEMENTS:
        return np.empty(n, dt)
    raw = np.empty(n * dt.itemsize + ALIGN, np.uint8)
    off = (-raw.ctypes.data) % ALIGN
    return raw[off:off + n * dt.itemsize].view(dt)


def aligned_zeros(shape: tuple, dtype) -> np.ndarray:
    """A zero array of ``shape`` on a 64-byte boundary: JAX adopts it without a copy, and the
    operating system's zero pages are never written (a placeholder costs no pass over memory)."""
    dt = np.dtype(dtype)
    n = int(np.prod(shape, dtype=np.int64))
    if n < MIN_ELEMENTS:
        return np.zeros(shape, dt)
    raw = np.zeros(n * dt.itemsize + ALIGN, np.uint8)
    off = (-raw.ctypes.data) % ALIGN
    return raw[off:off + n * dt.itemsize].view(dt).reshape(shape)
