"""The 32-bit Mersenne Twister as PyTorch's CPU generator runs it (``at::mt19937``).

Torch seeds the classic way (Matsumoto and Nishimura's ``init_genrand`` on the low 32 bits of
the seed, keeping the full 64-bit seed as the generator's ``initial_seed``) and regenerates its
624-word state when the first number is asked for. The block generator underneath is numpy's
``MT19937`` bit generator (the same recurrence and tempering, in C), driven through its state
dictionary, so a draw of n numbers is one C call, never a Python loop per number.

Torch's bookkeeping is two counters: ``left`` (numbers until the next regeneration, plus one)
and ``next`` (index of the next word); numpy's is ``pos`` (index of the next word, 624 =
regenerate first). They relate by ``pos = 625 - left``; ``next`` is only kept to reproduce
torch's serialized state byte for byte.
"""
from __future__ import annotations

import numpy as np

N = 624
_MASK32 = 0xFFFFFFFF
_MASK64 = 0xFFFFFFFFFFFFFFFF


def init_genrand(seed: int) -> np.ndarray:
    """The 624 state words torch (and the reference MT19937) derive from a 32-bit seed."""
    mt = [0] * N
    x = int(seed) & _MASK32
    mt[0] = x
    for i in range(1, N):
        x = (1812433253 * (x ^ (x >> 30)) + i) & _MASK32
        mt[i] = x
    return np.asarray(mt, dtype=np.uint32)


class MT19937:
    """torch's ``mt19937`` engine: ``seed``, ``random`` (uint32 draws), ``random64`` (two uint32
    draws joined high word first, as ``make64BitsFrom32Bits``) and the raw state fields."""

    __slots__ = ("_bits", "_draw", "seed", "_next_field")

    def __init__(self, seed: int = 5489) -> None:
        self._bits = np.random.MT19937(0)
        # full-range uint32 integers are the raw outputs, in order, written straight to uint32;
        # full-range uint64 ones are pairs of outputs, the first in the high word
        self._draw = np.random.Generator(self._bits).integers
        self.reseed(seed)

    def reseed(self, seed: int) -> None:
        self.seed = int(seed) & 0xFFFFFFFFFFFFFFFF
        self.set_raw(init_genrand(self.seed), left=1, next_=0)

    # ----- raw state (torch's fields) --------------------------------------------------------
    def raw(self) -> tuple[np.ndarray, int, int]:
        """(624 state words, ``left``, ``next``) as torch stores them."""
        st = self._bits.state["state"]
        pos = int(st["pos"])
        left = N + 1 - pos
        next_ = self._next_field if pos == N and self._next_field is not None else pos
        return np.asarray(st["key"], dtype=np.uint32).copy(), left, next_

    def set_raw(self, key: np.ndarray, left: int, next_: int) -> None:
        if not 1 <= left <= N:
            raise ValueError(f"MT19937 'left' out of range: {left}")
        pos = N + 1 - left
        self._bits.state = {"bit_generator": "MT19937",
                            "state": {"key": np.asarray(key, dtype=np.uint32), "pos": pos}}
        # torch leaves next=0 after seeding although left=1 means "regenerate first"
        self._next_field = int(next_) if pos == N else None

    def copy(self) -> "MT19937":
        other = MT19937.__new__(MT19937)
        other._bits = np.random.MT19937(0)
        other._bits.state = self._bits.state
        other._draw = np.random.Generator(other._bits).integers
        other.seed = self.seed
        other._next_field = self._next_field
        return other

    def assign(self, other: "MT19937") -> None:
        """Take ``other``'s state (in place: holders of this engine see the change)."""
        self._bits.state = other._bits.state
        self.seed = other.seed
        self._next_field = other._next_field

    # ----- draws -----------------------------------------------------------------------------
    def random(self, n: int) -> np.ndarray:
        """n consecutive 32-bit outputs (uint32)."""
        self._next_field = None
        if n <= 0:
            return np.zeros(0, np.uint32)
        return self._draw(0, 1 << 32, int(n), dtype=np.uint32)

    def random64(self, n: int) -> np.ndarray:
        """n 64-bit numbers, each from two consecutive outputs, the first one the high word
        (torch's ``make64BitsFrom32Bits``; numpy's ``next_uint64`` of MT19937 joins them the
        same way, at ~70% of the cost of two 32-bit draws)."""
        self._next_field = None
        if n <= 0:
            return np.zeros(0, np.uint64)
        return self._draw(0, _MASK64, int(n), dtype=np.uint64, endpoint=True)

    def pairs(self, n: int) -> np.ndarray:
        """2n consecutive outputs as n uint64 (``random64``): the cheapest way to draw many;
        little-endian, each element's two uint32 halves are its outputs in reverse order."""
        return self.random64(n)
