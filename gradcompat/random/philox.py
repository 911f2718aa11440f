"""Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"), vectorized in numpy.

The counter-based generator behind TensorFlow's CPU random ops (and MindSpore's): a 128-bit
counter and a 64-bit key give one block of four uint32 words; the next block comes from the
counter plus one. A generator state is therefore just ``(key, counter)`` as Python ints, and
any block can be computed directly, so a draw of n numbers is one numpy pass over n/4
counters, never a loop per number.

Word order follows TensorFlow's ``PhiloxRandom``: counter word 0 is the lowest 32 bits of the
128-bit counter, key word 0 the lowest 32 bits of the key; ``PhiloxRandom(seed_lo, seed_hi)``
is ``key = seed_lo``, ``counter = seed_hi << 64``.
"""
from __future__ import annotations

import numpy as np

_M0 = np.uint64(0xD2511F53)
_M1 = np.uint64(0xCD9E8D57)
_W0 = 0x9E3779B9
_W1 = 0xBB67AE85
_MASK32 = 0xFFFFFFFF
MASK64 = (1 << 64) - 1
MASK128 = (1 << 128) - 1


def counter_words(counter: int, n: int) -> np.ndarray:
    """The four uint32 words (low first) of ``counter + i`` for i in [0, n), shape (n, 4)."""
    counter &= MASK128
    low = np.uint64(counter & MASK64) + np.arange(n, dtype=np.uint64)  # wraps mod 2**64
    carry = (low < np.uint64(counter & MASK64)).astype(np.uint64)
    high = np.uint64(counter >> 64) + carry
    out = np.empty((n, 4), np.uint32)
    out[:, 0] = low & np.uint64(_MASK32)
    out[:, 1] = low >> np.uint64(32)
    out[:, 2] = high & np.uint64(_MASK32)
    out[:, 3] = high >> np.uint64(32)
    return out


def rounds(words: np.ndarray, key: int, n_rounds: int = 10) -> np.ndarray:
    """Philox4x32 with ``n_rounds`` rounds of the (n, 4) uint32 counter blocks under the 64-bit ``key``."""
    k0, k1 = key & _MASK32, (key >> 32) & _MASK32
    c0, c1, c2, c3 = (np.ascontiguousarray(words[:, i]) for i in range(4))
    shift = np.uint64(32)
    for r in range(n_rounds):
        if r:
            k0, k1 = (k0 + _W0) & _MASK32, (k1 + _W1) & _MASK32
        p0 = c0.astype(np.uint64)
        p0 *= _M0
        p1 = c2.astype(np.uint64)
        p1 *= _M1
        n0 = (p1 >> shift).astype(np.uint32)
        n0 ^= c1
        n0 ^= np.uint32(k0)
        n2 = (p0 >> shift).astype(np.uint32)
        n2 ^= c3
        n2 ^= np.uint32(k1)
        c0, c1, c2, c3 = n0, p1.astype(np.uint32), n2, p0.astype(np.uint32)
    out = np.empty((len(c0), 4), np.uint32)
    out[:, 0], out[:, 1], out[:, 2], out[:, 3] = c0, c1, c2, c3
    return out


CHUNK = 1 << 14  # blocks per pass: working arrays stay in cache (whole-array passes are ~8x slower)


def blocks(key: int, counter: int, n: int) -> np.ndarray:
    """n consecutive Philox blocks from ``counter``: shape (n, 4) uint32."""
    if n <= CHUNK:
        return rounds(counter_words(counter, n), key)
    out = np.empty((n, 4), np.uint32)
    for start in range(0, n, CHUNK):
        count = min(CHUNK, n - start)
        out[start:start + count] = rounds(counter_words(counter + start, count), key)
    return out


def uint32s(key: int, counter: int, count: int) -> np.ndarray:
    """The first ``count`` uint32 words of the stream from ``counter`` (4 per block)."""
    return blocks(key, counter, -(-count // 4)).reshape(-1)[:count]


def words_to_int(words) -> int:
    """Little-endian uint32 words -> Python int."""
    return sum(int(w) << (32 * i) for i, w in enumerate(words))
