"""TensorFlow's CPU random kernels on Philox, bit for bit, vectorized in numpy.

What TF computes (learned from its kernels ``random_op_cpu.h``, ``random_distributions.h``,
``guarded_philox_random``, ``stateless_random_ops``, ``stateful_random_ops``) and reproduced here:

- A kernel's generator is ``PhiloxRandom(key, counter)``. Stateful ops (``RandomUniform``,
  ``RandomStandardNormal``, ``TruncatedNormal``, ``RandomUniformInt``, ``RandomShuffle``,
  ``Multinomial``) start from ``key = seed``, ``counter = seed2 << 64`` and, per call, hand out
  the current generator and skip it by ``256 * size`` blocks (``ReserveRandomOutputs``).
- Fixed-cost distributions fill output group g (4 values of 32 bits, or 2 of 64 bits) from
  block g. Truncated normals give each group its own region of 256 * group size / 4 blocks and
  read it word by word, rejecting Box-Muller values with |x| >= 2.
- Float bits: a uniform float32 is ``1.m - 1`` with the word's low 23 bits as mantissa;
  float64 takes 20 + 32 bits of two words, float16 10 bits and bfloat16 7 bits of the low
  half-word. Normals are Box-Muller in float32 with glibc's ``logf``/``sincosf`` (``glibc_f32``).
- Stateless ops (v2, "auto_select" = Philox on CPU) take ``(key, counter)`` from the seed pair
  by one Philox block of the seed under the key 0x02461E293EC8F720.
"""
from __future__ import annotations

import math
from typing import Iterable, Iterator

import numpy as np

from . import glibc_f32, philox, xla_tf

SCRAMBLE_KEY = 0x02461E293EC8F720
RESERVED_PER_OUTPUT = 256
_BITS64 = ("float64", "int64", "uint64")


class Philox:
    """A TF ``PhiloxRandom``: a 64-bit key and a 128-bit counter (Python ints)."""

    __slots__ = ("key", "counter")

    def __init__(self, key: int, counter: int = 0) -> None:
        self.key = key & philox.MASK64
        self.counter = counter & philox.MASK128

    @classmethod
    def from_seeds(cls, seed: int, seed2: int) -> "Philox":
        """``PhiloxRandom(seed, seed2)`` (each seed as its 64-bit two's complement)."""
        return cls(seed & philox.MASK64, (seed2 & philox.MASK64) << 64)

    def copy(self) -> "Philox":
        return Philox(self.key, self.counter)

    def skip(self, blocks: int) -> None:
        self.counter = (self.counter + blocks) & philox.MASK128

    def reserve(self, blocks: int) -> "Philox":
        """``ReserveSamples128``: the generator as it is now; this one moves on ``blocks``."""
        out = self.copy()
        self.skip(blocks)
        return out


def stateless_key_counter(seed0: int, seed1: int) -> tuple[int, int]:
    """``StatelessRandomGetKeyCounter`` on CPU (and ``_philox_scramble_seed``): (key, counter)."""
    words = (seed0 & philox.MASK64) | ((seed1 & philox.MASK64) << 64)
    mix = philox.blocks(SCRAMBLE_KEY, words, 1)[0]
    key = int(mix[0]) | (int(mix[1]) << 32)
    return key, (int(mix[2]) | (int(mix[3]) << 32)) << 64


# --- bits -> values ---------------------------------------------------------------------------

def _uint_to_unit(words: np.ndarray, dtype: str) -> np.ndarray:
    """Uniform [0, 1) from words as TF's ``Uint32ToFloat`` / ``Uint64ToDouble`` / half types;
    float64 takes (hi, lo) word pairs given as an (n, 2) array."""
    if dtype == "float32":
        return ((words & np.uint32(0x7FFFFF)) | np.uint32(0x3F800000)).view(np.float32) - np.float32(1)
    if dtype == "float64":
        man = ((words[:, 0].astype(np.uint64) & np.uint64(0xFFFFF)) << np.uint64(32)) | words[:, 1].astype(np.uint64)
        return (man | np.uint64(1023 << 52)).view(np.float64) - 1.0
    if dtype == "float16":
        half = ((words & np.uint32(0x3FF)) | np.uint32(15 << 10)).astype(np.uint16).view(np.float16)
        return half - np.float16(1)
    if dtype == "bfloat16":  # bfloat16 arithmetic: 1.m - 1 is exact, so compute in float32
        bits = (((words & np.uint32(0x7F)) | np.uint32(127 << 7)).astype(np.uint32) << np.uint32(16))
        return bits.view(np.float32) - np.float32(1)
    raise TypeError(dtype)


def _box_muller_f32(x0: np.ndarray, x1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``BoxMullerFloat``: float32 u1 clamped at 1e-7, v1 = 2*pi (double) * u, glibc logf/sincosf."""
    u1 = np.maximum(_uint_to_unit(x0, "float32"), np.float32(1e-7))
    v1 = (2.0 * np.pi * _uint_to_unit(x1, "float32").astype(np.float64)).astype(np.float32)
    # fused and unfused glibc builds agree on all 2**23 inputs Box-Muller can pass (checked
    # exhaustively), so the cheaper unfused evaluation serves hosts with and without FMA
    u2 = np.sqrt(np.float32(-2.0) * glibc_f32.logf(u1, fused=False))
    s, c = glibc_f32.sincosf(v1, fused=False)
    return s * u2, c * u2


def box_muller_words_f32(words: np.ndarray) -> np.ndarray:
    """The numpy reference: ``BoxMullerFloat`` of each word pair, (sin * r, cos * r) in word
    order, in cache-sized passes."""
    out = np.empty(words.size, np.float32)
    step = 4 * philox.CHUNK
    for start in range(0, words.size, step):
        w = words[start:start + step]
        s, c = _box_muller_f32(w[0::2], w[1::2])
        out[start:start + w.size] = _interleave(s[:, None], c[:, None]).reshape(-1)
    return out


def _box_muller_f64(x0, x1, x2, x3) -> tuple[np.ndarray, np.ndarray]:
    """``BoxMullerDouble`` (libm's double log / sincos, correctly rounded in practice)."""
    u1 = np.maximum(_uint_to_unit(np.stack([x0, x1], 1), "float64"), 1e-7)
    v1 = 2 * np.pi * _uint_to_unit(np.stack([x2, x3], 1), "float64")
    u2 = np.sqrt(-2.0 * np.log(u1))
    return np.sin(v1) * u2, np.cos(v1) * u2


def _cast(values: np.ndarray, dtype: str) -> np.ndarray:
    if dtype == "bfloat16":
        import ml_dtypes
        return values.astype(ml_dtypes.bfloat16)
    return values.astype(dtype)


def _interleave(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.stack([a, b], axis=-1).reshape(*a.shape[:-1], -1)


# --- kernels ----------------------------------------------------------------------------------

def uniform(gen: Philox, size: int, dtype: str) -> np.ndarray:
    """``RandomUniform`` / ``StatelessRandomUniformV2``: [0, 1) of ``dtype``."""
    if dtype == "float64":
        w = philox.uint32s(gen.key, gen.counter, 2 * size).reshape(-1, 2)
        return _uint_to_unit(w, "float64")
    w = philox.uint32s(gen.key, gen.counter, size)
    if dtype == "float32":  # in place: 1.m - 1 on the words' own buffer
        w &= np.uint32(0x7FFFFF)
        w |= np.uint32(0x3F800000)
        out = w.view(np.float32)
        out -= np.float32(1)
        return out
    return _cast(_uint_to_unit(w, dtype), dtype)


def uniform_int(gen: Philox, size: int, dtype: str, lo: int, hi: int) -> np.ndarray:
    """``RandomUniformInt``: ``lo + bits % (hi - lo)`` in unsigned arithmetic."""
    if dtype in _BITS64:
        w = philox.uint32s(gen.key, gen.counter, 2 * size).reshape(-1, 2).astype(np.uint64)
        bits = w[:, 0] | (w[:, 1] << np.uint64(32))
        rng = np.uint64((hi - lo) & philox.MASK64)
        return (np.uint64(lo & philox.MASK64) + bits % rng).view(np.int64).astype(dtype)
    bits = philox.uint32s(gen.key, gen.counter, size)
    rng = np.uint32((hi - lo) & 0xFFFFFFFF)
    return (np.uint32(lo & 0xFFFFFFFF) + bits % rng).view(np.int32).astype(dtype)


def full_int(gen: Philox, size: int, dtype: str) -> np.ndarray:
    """``StatelessRandomUniformFullIntV2`` / ``StatefulUniformFullInt``: raw 32 or 64 bits."""
    if dtype in _BITS64:
        w = philox.uint32s(gen.key, gen.counter, 2 * size).reshape(-1, 2).astype(np.uint64)
        return (w[:, 0] | (w[:, 1] << np.uint64(32))).view(np.uint64).astype(np.uint64).view(dtype)
    return philox.uint32s(gen.key, gen.counter, size).view(dtype)


def normal(gen: Philox, size: int, dtype: str) -> np.ndarray:
    """``RandomStandardNormal`` / ``StatelessRandomNormalV2``."""
    per_block = 2 if dtype == "float64" else 4
    n_blocks = -(-size // per_block)
    if dtype != "float64" and 4 * n_blocks >= xla_tf.MIN_WORDS:  # Philox + transform in XLA, same bits
        step = xla_tf.BLOCK // 4
        parts = [xla_tf.philox_box_muller(gen.key, gen.counter, s, min(step, n_blocks - s), 1, box_muller_words_f32)
                 for s in range(0, n_blocks, step)]  # all launched before the first is read
        out = np.empty(4 * n_blocks, np.float32)
        for i, part in enumerate(parts):
            vals = part()
            out[4 * step * i:4 * step * i + vals.size] = vals
        return _cast(out[:size], dtype)
    out = np.empty(n_blocks * per_block, np.float64 if dtype == "float64" else np.float32)
    step = philox.CHUNK
    for start in range(0, n_blocks, step):  # cache-sized passes
        b = philox.blocks(gen.key, gen.counter + start, min(step, n_blocks - start))
        if dtype == "float64":
            d0, d1 = _box_muller_f64(b[:, 0], b[:, 1], b[:, 2], b[:, 3])
        else:
            w = b.reshape(-1)
            d0, d1 = _box_muller_f32(w[0::2], w[1::2])
        out[start * per_block:(start + len(b)) * per_block] = _interleave(d0[:, None], d1[:, None]).reshape(-1)
    return _cast(out[:size], dtype)


def truncated_normal(gen: Philox, size: int, dtype: str) -> np.ndarray:
    """``TruncatedNormal`` / ``StatelessTruncatedNormalV2``: group g of 4 (2 for float64) values
    reads the words of its own 256-per-value region, keeping Box-Muller values with |x| < 2."""
    group = 2 if dtype == "float64" else 4
    n_groups = -(-size // group)
    out = np.empty((n_groups, group), np.float64 if dtype == "float64" else np.float32)
    # cache-sized passes in numpy; kernel-sized ones where XLA does the Box-Muller
    step = xla_tf.BLOCK // 4 if dtype != "float64" and 4 * n_groups >= xla_tf.MIN_WORDS else philox.CHUNK
    for first in range(0, n_groups, step):
        groups = np.arange(first, min(n_groups, first + step))
        out[groups] = _truncated_groups(gen, groups, group, dtype)
    return _cast(out.reshape(-1)[:size], dtype)


def _truncated_groups(gen: Philox, groups: np.ndarray, group: int, dtype: str) -> np.ndarray:
    stride = group * RESERVED_PER_OUTPUT // 4  # blocks reserved per group
    out = np.empty((groups.size, group), np.float64 if dtype == "float64" else np.float32)
    have = np.zeros(groups.size, np.int64)
    pending = np.arange(groups.size)
    step = 0
    if dtype != "float64" and 4 * groups.size >= xla_tf.MIN_WORDS:  # first round: Philox + transform in XLA
        cand = xla_tf.philox_box_muller(gen.key, gen.counter, int(groups[0]), groups.size, stride,
                                        box_muller_words_f32)().reshape(groups.size, 4)
        ok = np.abs(cand) < 2.0
        full = ok.all(axis=1)
        out[full] = cand[full]
        pending = np.nonzero(~full)[0]
        _take(out, have, pending, cand[pending], ok[pending])
        pending = pending[have[pending] < group]
        step = 1
    while pending.size:  # one block (4 words) per pending group per round
        words = philox.rounds(_counters_for(gen.counter, groups[pending], stride, step, 1), gen.key)
        if dtype == "float64":
            a, b = _box_muller_f64(words[:, 0], words[:, 1], words[:, 2], words[:, 3])
            cand = np.stack([a, b], axis=1)
        else:  # word order: (sin r, cos r) of each pair is already TF's value order
            cand = xla_tf.box_muller(words.reshape(-1), box_muller_words_f32).reshape(pending.size, 4)
        _take(out, have, pending, cand, np.abs(cand) < 2.0)
        pending = pending[have[pending] < group]
        step += 1
    return out


def _take(out: np.ndarray, have: np.ndarray, pending: np.ndarray, cand: np.ndarray, ok: np.ndarray) -> None:
    """Append the accepted candidates of each pending group to its values, in order, up to full."""
    rank = np.cumsum(ok, axis=1) - 1 + have[pending][:, None]
    take = ok & (rank < out.shape[1])
    rows, cols = np.nonzero(take)
    out[pending[rows], rank[rows, cols]] = cand[rows, cols]
    have[pending] += take.sum(axis=1)


def _counters_for(base: int, groups: np.ndarray, stride: int, step: int, per_round: int) -> np.ndarray:
    """Counter words of blocks ``base + g * stride + step + j`` (j < per_round) for each group g."""
    offs = (groups[:, None].astype(np.uint64) * np.uint64(stride) + np.uint64(step)
            + np.arange(per_round, dtype=np.uint64)[None, :]).reshape(-1)
    low0 = np.uint64(base & philox.MASK64)
    low = low0 + offs
    carry = (low < low0).astype(np.uint64)
    high = np.uint64(base >> 64) + carry
    out = np.empty((offs.size, 4), np.uint32)
    m = np.uint64(0xFFFFFFFF)
    out[:, 0], out[:, 1] = low & m, low >> np.uint64(32)
    out[:, 2], out[:, 3] = high & m, high >> np.uint64(32)
    return out


# --- permutations and categorical draws -------------------------------------------------------

def shuffle_blocks(n: int) -> int:
    """Blocks ``RandomShuffle`` reserves for a first dimension of n (``ReserveSamples32(n-1)``)."""
    return -(-(n - 1) // 4) if n > 1 else 0


def permutation(gen: Philox, n: int) -> np.ndarray:
    """``RandomShuffle``'s order of the first dimension: TF's Fisher-Yates from the front,
    swapping i with ``i + word_i % (n - i)``."""
    if n <= 1:
        return np.arange(n)
    i = np.arange(n - 1, dtype=np.uint64)
    j = (i + philox.uint32s(gen.key, gen.counter, n - 1).astype(np.uint64) % (np.uint64(n) - i)).astype(np.int64)
    return _swaps(j, n)


def _swaps(j: np.ndarray, n: int) -> np.ndarray:
    """The permutation left by swapping positions (i, j[i]) for i = 0, 1, ... in order."""
    if n <= 4096:  # a short sequential loop over Python ints beats compiling one
        perm = list(range(n))
        for i, k in enumerate(j.tolist()):
            perm[i], perm[k] = perm[k], perm[i]
        return np.asarray(perm, np.int64)
    import jax

    def body(i, p):
        a, b = p[i], p[jj[i]]
        return p.at[i].set(b).at[jj[i]].set(a)

    jj = jax.numpy.asarray(j, jax.numpy.int32)
    perm = jax.lax.fori_loop(0, n - 1, body, jax.numpy.arange(n, dtype=jax.numpy.int32))
    return np.asarray(perm, np.int64)


def multinomial_blocks(batch: int, num_samples: int) -> int:
    """Blocks the CPU ``Multinomial`` kernel reserves (two words per sample, 256 per output)."""
    return batch * (-(-num_samples // 4) * 4) * 2 * RESERVED_PER_OUTPUT


def multinomial_shard_rows(batch: int, num_samples: int, num_classes: int, threads: int) -> int:
    """Rows per shard of TF's CPU ``Multinomial``: ``Shard`` over the batch with a cost of
    ``50 * (num_samples * log2(num_classes) + num_classes)`` per row on ``threads`` intra-op
    threads, which (from 2 threads on) is Eigen's ``ThreadPoolDevice::parallelFor``: one shard
    while the cost model asks for one thread, else blocks of its ``CalculateParallelForBlock``
    size (shard k starts at row k * size)."""
    cost = int(50 * (num_samples * math.log(num_classes) / math.log(2) + num_classes))
    if threads <= 1 or batch <= 1:
        return max(batch, 1)
    wanted = int((batch * cost - 100000) / 100000 + 0.9)  # Eigen's TensorCostModel::numThreads
    if min(threads, max(1, wanted)) == 1:
        return batch
    size = min(batch, max(-(-batch // (4 * threads)), int(1.0 / (cost / 40000))))
    largest = min(batch, 2 * size)
    count = -(-batch // size)
    best = count / (-(-count // threads) * threads)
    prev = count
    while best < 1.0 and prev > 1:  # coarser blocks while the parallel efficiency holds
        coarser = -(-batch // (prev - 1))
        if coarser > largest:
            break
        n = -(-batch // coarser)
        prev = n
        eff = n / (-(-n // threads) * threads)
        if eff + 0.01 >= best:
            size, count = coarser, n
            best = max(best, eff)
    return size


def multinomial(gen: Philox, logits: np.ndarray, num_samples: int, threads: int = 1) -> np.ndarray:
    """TF's CPU ``Multinomial`` / ``StatelessMultinomial``: per row, a float64 cdf of
    exp(logit - max) over the finite logits and ``upper_bound(cdf, u * total)`` with u a
    52-bit double from two words. The batch runs in shards (``multinomial_shard_rows`` for
    ``threads`` intra-op threads): a shard starting at row s reads the stream from block
    ``s * (num_samples + 3) // 4`` on, its rows one after another (so shards overlap in the
    stream, and the draws depend on the shard size, as TF's)."""
    logits = np.asarray(logits)
    batch, classes = logits.shape
    finite = np.isfinite(logits)
    top = np.where(finite, logits, -np.inf).max(axis=1, initial=np.finfo(logits.dtype).min)
    cdf = np.exp(logits.astype(np.float64) - top.astype(np.float64)[:, None])
    cdf = np.cumsum(np.where(finite, cdf, 0.0), axis=1)
    total = cdf[:, -1]
    size = multinomial_shard_rows(batch, num_samples, classes, threads) if batch else 1
    u = np.empty((batch, num_samples), np.float64)
    for start in range(0, batch, size):
        rows = min(size, batch - start)
        skip = start * (num_samples + 3) // 4
        words = philox.uint32s(gen.key, gen.counter + skip, 2 * rows * num_samples).reshape(-1, 2)
        u[start:start + rows] = _uint_to_unit(words, "float64").reshape(rows, num_samples)
    u *= total[:, None]
    out = np.empty((batch, num_samples), np.int64)
    for b in range(batch):  # one vectorized search per row
        out[b] = np.searchsorted(cdf[b], u[b], side="right")
    return out


# --- tf.data's ShuffleDataset -----------------------------------------------------------------

def _words(gen: Philox, chunk: int = 256) -> Iterator[int]:
    """``SingleSampleAdapter<PhiloxRandom>``: the generator's 32-bit words one by one."""
    counter = gen.counter
    while True:
        yield from philox.blocks(gen.key, counter, chunk).reshape(-1).tolist()
        counter += chunk


def shuffle_seeds(seed: int, seed2: int, iteration: int) -> tuple[int, int]:
    """``RandomSeedGenerator::GenerateSeeds`` (``reshuffle_each_iteration=True``): iterator k
    of a dataset runs on seeds (word 2k, word 2k + 1) of ``PhiloxRandom(seed, seed2)``."""
    w = philox.uint32s(*_key_counter(seed, seed2), 2 * iteration + 2)
    return int(w[2 * iteration]), int(w[2 * iteration + 1])


def _key_counter(seed: int, seed2: int) -> tuple[int, int]:
    g = Philox.from_seeds(seed, seed2)
    return g.key, g.counter


def buffered_shuffle(items: Iterable, buffer_size: int, seed: int, seed2: int) -> Iterator:
    """``ShuffleDataset``'s iterator on ``PhiloxRandom(seed, seed2)``: keep the buffer full, emit
    the element at ``start + word % live`` (a ring of ``buffer_size`` slots) and move the
    element at ``start`` into its slot."""
    words = _words(Philox.from_seeds(seed, seed2))
    source = iter(items)
    buf: list = [None] * buffer_size
    start = end = 0
    live = True
    while True:
        while live and end - start < buffer_size:
            try:
                buf[end % buffer_size] = next(source)
                end += 1
            except StopIteration:
                live = False
        if end == start:
            return
        idx = (start + next(words) % (end - start)) % buffer_size
        yield buf[idx]
        buf[idx] = buf[start % buffer_size]
        start += 1


def full_shuffle_order(n: int, seed: int, seed2: int) -> np.ndarray:
    """``buffered_shuffle`` of ``range(n)`` when the buffer holds all n: TF's Fisher-Yates from
    the front, position i swapped with ``i + word_i % (n - i)``."""
    if n <= 1:
        return np.arange(n)
    i = np.arange(n - 1, dtype=np.uint64)
    w = philox.uint32s(*_key_counter(seed, seed2), n - 1).astype(np.uint64)
    return _swaps((i + w % (np.uint64(n) - i)).astype(np.int64), n)
