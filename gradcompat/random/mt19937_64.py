"""libstdc++'s ``std::mt19937_64`` (the 64-bit Mersenne Twister), vectorized in numpy: one twist
of the 312-word state per 312 outputs. MindSpore's dataset ``shuffle(buffer_size)`` draws from it."""
from __future__ import annotations

import numpy as np

_N, _M = 312, 156
_U64 = np.uint64
_UPPER, _LOWER = _U64(0xFFFFFFFF80000000), _U64(0x7FFFFFFF)
_MATRIX = _U64(0xB5026F5AA96619E9)


def _twist(hi: np.ndarray, lo: np.ndarray) -> np.ndarray:
    x = (hi & _UPPER) | (lo & _LOWER)
    return (x >> _U64(1)) ^ np.where((x & _U64(1)) != 0, _MATRIX, _U64(0))


class MT19937_64:  # noqa: N801  (the C++ name)
    """``std::mt19937_64(seed)``: ``random(n)`` gives its next ``n`` outputs (uint64)."""

    def __init__(self, seed: int) -> None:
        mt = [int(seed) & 0xFFFFFFFFFFFFFFFF]
        for i in range(1, _N):
            prev = mt[-1]
            mt.append((6364136223846793005 * (prev ^ (prev >> 62)) + i) & 0xFFFFFFFFFFFFFFFF)
        self._mt = np.array(mt, np.uint64)
        self._out = np.zeros(0, np.uint64)  # tempered outputs of the current block not used yet

    def _next_block(self) -> np.ndarray:
        mt = self._mt
        with np.errstate(over="ignore"):
            mt[:_N - _M] = mt[_M:] ^ _twist(mt[:_N - _M], mt[1:_N - _M + 1])
            mt[_N - _M:_N - 1] = mt[:_M - 1] ^ _twist(mt[_N - _M:_N - 1], mt[_N - _M + 1:])
            mt[_N - 1] = mt[_M - 1] ^ _twist(mt[_N - 1:], mt[:1])[0]
        y = mt.copy()
        y ^= (y >> _U64(29)) & _U64(0x5555555555555555)
        y ^= (y << _U64(17)) & _U64(0x71D67FFFEDA60000)
        y ^= (y << _U64(37)) & _U64(0xFFF7EEE000000000)
        y ^= y >> _U64(43)
        return y

    def random(self, n: int) -> np.ndarray:
        parts, need = [], int(n)
        while need > 0:
            if self._out.size == 0:
                self._out = self._next_block()
            take = self._out[:need]
            self._out = self._out[take.size:]
            parts.append(take)
            need -= take.size
        return np.concatenate(parts) if parts else np.zeros(0, np.uint64)
