"""Output buffers that JAX adopts without a copy.

``jax.device_put`` of a numpy array on the CPU aliases the array's memory when it is 64-byte
aligned, and copies it otherwise (numpy's large allocations are only 16-byte aligned). Large
draws are therefore written into page-aligned anonymous mappings, populated in one system call
(``MAP_POPULATE``: far cheaper than a page fault per 4 KiB page, which dominated drawing a
large model's weights), so the weights reach their parameters without a second pass over
memory. A buffer handed to JAX this way must not be written afterwards.
"""
from __future__ import annotations

import mmap

import numpy as np

ALIGN = 64
MIN_BYTES = 1 << 20  # smaller arrays: numpy's allocator and JAX's copy are cheap enough
_FLAGS = getattr(mmap, "MAP_PRIVATE", 0) | getattr(mmap, "MAP_ANONYMOUS", 0)
_POPULATE = getattr(mmap, "MAP_POPULATE", 0)


def _mapping(nbytes: int, populate: bool) -> np.ndarray | None:
    if not _FLAGS:
        return None
    try:
        m = mmap.mmap(-1, nbytes, flags=_FLAGS | (_POPULATE if populate else 0))
    except (OSError, ValueError):
        return None
    return np.frombuffer(m, np.uint8)


def aligned_empty(n: int, dtype) -> np.ndarray:
    """An uninitialized (in fact zero) 1-D array of ``n`` elements, page-aligned and already
    mapped in when large; an ordinary array when small."""
    dt = np.dtype(dtype)
    nbytes = n * dt.itemsize
    if nbytes < MIN_BYTES:
        return np.empty(n, dt)
    raw = _mapping(nbytes, populate=True)
    if raw is None:
        raw = np.empty(nbytes + ALIGN, np.uint8)
        off = (-raw.ctypes.data) % ALIGN
        raw = raw[off:off + nbytes]
    return raw.view(dt)


def aligned_zeros(shape: tuple, dtype) -> np.ndarray:
    """A zero array of ``shape``; when large, a page-aligned mapping of the system's zero pages
    that JAX adopts without a copy and that nothing ever writes (a placeholder weight costs
    no pass over memory)."""
    dt = np.dtype(dtype)
    nbytes = int(np.prod(shape, dtype=np.int64)) * dt.itemsize
    raw = _mapping(nbytes, populate=False) if nbytes >= MIN_BYTES else None
    if raw is None:
        return np.zeros(shape, dt)
    return raw.view(dt).reshape(shape)
