"""PyTorch's CPU random stream: ``CPUGeneratorImpl`` and the CPU distribution kernels.

Everything here is numpy and dialect-free: a ``TorchCPUGenerator`` holds torch's generator
state (the MT19937 engine, the seed, and the cached second Box-Muller normal of the scalar
paths), and each function draws exactly the numbers, in exactly the order, that torch's CPU
kernel draws for a contiguous tensor of ``n`` elements, and transforms them with the same
floating-point operations. Sampling one tensor is a handful of whole-array numpy operations.

Reproduced kernels (torch 2.x, ``aten/src/ATen/native/cpu``): ``uniform_`` (24/53-bit
mantissas from 32/64-bit outputs), ``normal_`` (the scalar Box-Muller path with its cache, the
16-lane ``normal_fill`` for tensors of 16+ elements, float32 through the AVX2 polynomials),
``random_`` (all three forms), ``randperm`` (both algorithms), ``bernoulli_`` (scalar and
tensor probabilities), ``exponential_``, ``geometric_``, ``cauchy_``, ``log_normal_``,
``multinomial``.

Known limits: double-precision transcendental functions come from numpy, which agrees with
glibc's ``log``/``sin``/``cos`` to the last bit in all cases we measured but does not promise
it; the float32 normal path assumes torch runs its AVX2 kernels (``torch.backends.cpu.
get_cpu_capability()`` of ``AVX2`` or ``AVX512``); torch builds that route ``bernoulli_(p)``
and ``exponential_`` to MKL on Intel CPUs draw from a different stream there.
"""
from __future__ import annotations

import math
import os
import struct

import numpy as np

from . import cephes_avx, xla_kernels
from .buffers import aligned_empty
from .fma import fma32 as _fma32
from .mt19937 import N, MT19937

DEFAULT_SEED = 67280421310721  # torch's default_rng_seed_val
STATE_BYTES = 5056
_F32_MASK = (1 << 24) - 1
_F64_MASK = (1 << 53) - 1
_DIGITS = {"float32": 24, "float64": 53, "float16": 24, "bfloat16": 24}  # reduced floats draw as float32


def nondeterministic_seed() -> int:
    """A fresh 64-bit seed from the OS, as torch's ``getNonDeterministicRandom``."""
    return int.from_bytes(os.urandom(8), "little")


class TorchCPUGenerator:
    """torch's ``CPUGeneratorImpl``: an MT19937 engine plus the cached normals."""

    __slots__ = ("engine", "next_float_normal", "next_double_normal")

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.engine = MT19937(seed)
        self.next_float_normal: float | None = None
        self.next_double_normal: float | None = None

    def manual_seed(self, seed: int) -> None:
        self.engine.reseed(seed)
        self.next_float_normal = None
        self.next_double_normal = None

    def initial_seed(self) -> int:
        return self.engine.seed

    def clone(self) -> "TorchCPUGenerator":
        other = TorchCPUGenerator.__new__(TorchCPUGenerator)
        other.engine = self.engine.copy()
        other.next_float_normal = self.next_float_normal
        other.next_double_normal = self.next_double_normal
        return other

    # ----- torch's byte layout (CPUGeneratorImplState, 5056 bytes) -----------------------------
    def get_state(self) -> np.ndarray:
        """The generator's state as torch's ``get_state()`` bytes: the legacy THGenerator
        record (seed, left, seeded, next, 624 words widened to 64 bits, the double normal
        cache) followed by the float normal cache."""
        key, left, next_ = self.engine.raw()
        buf = bytearray(STATE_BYTES)
        struct.pack_into("<QiiQ", buf, 0, self.engine.seed, left, 1, next_)
        np.frombuffer(buf, np.uint64, N, 24)[:] = key
        off = 24 + 8 * N
        if self.next_double_normal is not None:
            struct.pack_into("<ddd i", buf, off, 0.0, self.next_double_normal, 0.0, 1)
        if self.next_float_normal is not None:
            struct.pack_into("<f?", buf, off + 32, self.next_float_normal, True)
        return np.frombuffer(bytes(buf), np.uint8).copy()

    def set_state(self, state: np.ndarray) -> None:
        """Restore from torch's byte layout (the legacy 5048-byte layout also accepted)."""
        buf = np.ascontiguousarray(state, dtype=np.uint8).tobytes()
        if len(buf) not in (STATE_BYTES, 5048):
            raise RuntimeError(f"Expected either a CPUGeneratorImplStateLegacy of size 5048 or a "
                               f"CPUGeneratorImplState of size 5056 but found the input RNG state "
                               f"size to be {len(buf)}")
        seed, left, _seeded, next_ = struct.unpack_from("<QiiQ", buf, 0)
        key = np.frombuffer(buf, np.uint64, N, 24).astype(np.uint32)
        off = 24 + 8 * N
        _x, y, _rho, valid = struct.unpack_from("<dddi", buf, off)
        if left < 1 or left > N or next_ > N:
            raise RuntimeError("The legacy_pod.left or legacy_pod.next value is out of range")
        self.engine.set_raw(key, left, next_)
        self.engine.seed = seed
        self.next_double_normal = y if valid else None
        self.next_float_normal = None
        if len(buf) == STATE_BYTES:
            fval, fvalid = struct.unpack_from("<f?", buf, off + 32)
            self.next_float_normal = fval if fvalid else None

    # ----- raw draws ---------------------------------------------------------------------------
    def random(self, n: int) -> np.ndarray:
        return self.engine.random(n)

    def random64(self, n: int) -> np.ndarray:
        return self.engine.random64(n)


# ----- helpers -------------------------------------------------------------------------------

def _unit(gen: TorchCPUGenerator, n: int, digits: int) -> np.ndarray:
    """``uniform_real_distribution(0, 1)`` draws: the low ``digits`` bits of a 32-bit output
    (64-bit for double) scaled by 2^-digits; float32 for <= 24 digits, else float64."""
    if digits > 24:
        return (gen.random64(n) & np.uint64(_F64_MASK)).astype(np.float64) * (2.0 ** -53)
    return (gen.random(n) & np.uint32((1 << digits) - 1)).astype(np.float32) * np.float32(2.0 ** -digits)


def _unit24(raw: np.ndarray) -> np.ndarray:
    """The float32 uniforms torch makes from 32-bit outputs: the low 24 bits over 2^24."""
    return (raw & np.uint32(_F32_MASK)).astype(np.float32) * np.float32(2.0 ** -24)


def _digits(dtype) -> int:
    return _DIGITS[np.dtype(dtype).name if not isinstance(dtype, str) else dtype]


# ----- uniform -------------------------------------------------------------------------------

def uniform(gen: TorchCPUGenerator, n: int, dtype="float32", low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """``Tensor.uniform_(low, high)`` / ``torch.rand``: ``x * (to - from) + from`` with from/to
    first cast to the tensor's dtype; float32 arithmetic is contracted into an FMA, as the
    compiler does in torch's AVX2 kernel."""
    name = np.dtype(dtype).name if not isinstance(dtype, str) else dtype
    if name in ("float16", "bfloat16"):  # float32 draws rounded to the reduced type
        return uniform(gen, n, "float32", low, high).astype(_np_dtype(name))
    digits = _DIGITS[name]
    if name == "float32" and n >= _PAIRS_MIN:
        lo, hi = _cast(low, name), _cast(high, name)
        fast = _uniform_f32_pairs(gen, n, lo, np.float32(hi - lo))
        if fast is not None:
            return fast
    if digits == 24 and not (low == 0.0 and high == 1.0):
        lo, hi = _cast(low, name), _cast(high, name)
        w = np.float32(hi - lo)
        if _sum_exact(lo, w):
            return _uniform_exact_f32(gen.random(n), w, lo)
    x = _unit(gen, n, digits)
    if digits > 24:
        lo, hi = float(low), float(high)
        if lo == 0.0 and hi == 1.0:
            return x
        return x * (hi - lo) + lo
    lo, hi = _cast(low, name), _cast(high, name)
    if lo == 0.0 and hi == 1.0:
        return x
    w = np.float32(hi - lo)
    if not _sum_exact(lo, w):
        return _fma32(x, w, lo)
    out = np.empty(n, np.float32)
    for i in range(0, n, _CHUNK):  # cache-sized blocks; float64 arithmetic is exact here
        part = x[i:i + _CHUNK].astype(np.float64)
        part *= float(w)
        part += float(lo)
        out[i:i + _CHUNK] = part
    return out


_CHUNK = 1 << 16
_PAIRS_MIN = 1 << 12  # float32 draws from this size on take _uniform_f32_pairs
_LOW24_PAIR = np.uint64(0x00FFFFFF00FFFFFF)
_TINY = np.float32(2.0 ** -102)  # w * 2^-24 stays a normal float32 from here on


def _uniform_f32_pairs(gen: TorchCPUGenerator, n: int, lo: np.float32, w: np.float32) -> np.ndarray | None:
    """``fma(u24 / 2^24, w, lo)`` for n float32 draws, in cache-sized blocks straight from the
    Mersenne Twister's uint64 pairs (cheaper than single draws; the two halves swapped back
    into draw order), into a buffer JAX adopts without a copy. Three exact forms:

    - ``[0, 1)``: ``u24 * 2^-24`` in float32 (exact);
    - ``[-b, b)`` (``lo == -w / 2``, every default init): ``(u24 - 2^23) * (w * 2^-24)``, the
      exact real value of the FMA's operand, so one float32 rounding is the FMA's;
    - other ranges where ``u24 * w + lo`` is exact in float64: that sum rounded once.

    None when none applies (the caller emulates the FMA)."""
    if lo == 0 and w == 1:
        offset, scale, shift = 0, np.float32(2.0 ** -24), None
    elif np.isfinite(w) and w >= _TINY * 2 ** 24 and lo == -(w * np.float32(0.5)):
        offset, scale, shift = 1 << 23, np.float32(w * np.float32(2.0 ** -24)), None
    elif _sum_exact(lo, w):
        offset, scale, shift = 0, float(w) * 2.0 ** -24, float(lo)
    else:
        return None
    out = aligned_empty(n, np.float32)
    half = _CHUNK // 2
    tmp = np.empty(half, np.uint64)
    wide = np.empty(_CHUNK, np.float64) if shift is not None else None
    m = n // 2

    def transform(words: np.ndarray, dst: np.ndarray) -> None:  # words: int32 view of u24s
        if offset:
            np.subtract(words, np.int32(offset), out=words)
        if shift is None:
            np.multiply(words, scale, out=dst, dtype=np.float32)
        else:
            buf = wide[:words.size]
            np.multiply(words, scale, out=buf)
            buf += shift
            dst[...] = buf

    for s in range(0, m, half):
        k = min(half, m - s)
        r = gen.engine.pairs(k)
        np.bitwise_and(r, _LOW24_PAIR, out=r)
        t = tmp[:k]
        np.right_shift(r, np.uint64(32), out=t)  # the first draw of each pair ...
        np.left_shift(r, np.uint64(32), out=r)
        np.bitwise_or(r, t, out=r)  # ... now in the low (little-endian first) half
        transform(r.view(np.int32), out[2 * s:2 * (s + k)])
    if n % 2:
        last = (gen.random(1) & np.uint32(_F32_MASK)).view(np.int32)
        transform(last, out[n - 1:])
    return out


def _uniform_exact_f32(raw: np.ndarray, w: np.float32, lo: np.float32) -> np.ndarray:
    """``fma(u24, w, lo)`` where ``u24 * w + lo`` is exact in float64: straight from the raw
    outputs, ``(raw & 2^24-1) * (w / 2^24) + lo`` in float64 (every step exact) rounded once,
    in cache-sized blocks (four passes over each block, no full-size temporaries)."""
    n = raw.size
    out = np.empty(n, np.float32)
    buf = np.empty(min(n, _CHUNK), np.float64)
    scale, shift, mask = float(w) * 2.0 ** -24, float(lo), np.uint32(_F32_MASK)
    for i in range(0, n, _CHUNK):
        part = raw[i:i + _CHUNK]
        np.bitwise_and(part, mask, out=part)
        b = buf[:part.size]
        np.multiply(part, scale, out=b)
        b += shift
        out[i:i + part.size] = b
    return out


def _sum_exact(lo: np.float32, w: np.float32) -> bool:
    """Whether ``x * w + lo`` (x a 24-bit fraction) is exact in float64, so one rounding to
    float32 is the FMA's: lo's last bit no finer than the product's, and the sum under 53 bits."""
    if lo == 0 or w == 0:
        return True
    e_w, e_lo = np.frexp(w)[1], np.frexp(lo)[1]
    return bool(e_lo >= e_w - 24 and abs(float(lo)) + abs(float(w)) < 2.0 ** (int(e_w) + 5))


def _cast(v: float, name: str) -> np.float32:
    """``static_cast<scalar_t>(v)`` then widened to float (the accumulate type)."""
    if name == "float16":
        return np.float32(np.float16(v))
    if name == "bfloat16":
        import ml_dtypes
        return np.float32(ml_dtypes.bfloat16(v))
    return np.float32(v)


# ----- normal --------------------------------------------------------------------------------

def _scalar_normals(gen: TorchCPUGenerator, n: int) -> np.ndarray:
    """n draws of ``normal_distribution<double>``: a cached value first if there is one, then
    Box-Muller pairs (cos first, sin cached for the next call), each from two 53-bit uniforms."""
    out = np.empty(n, np.float64)
    i = 0
    if n and gen.next_double_normal is not None:
        out[0] = gen.next_double_normal
        gen.next_double_normal = None
        i = 1
    pairs = (n - i + 1) // 2
    if pairs:
        u = _unit(gen, 2 * pairs, 53).reshape(pairs, 2)
        r = np.sqrt(-2.0 * np.log1p(-u[:, 1]))
        theta = 2.0 * math.pi * u[:, 0]
        both = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1).reshape(-1)
        out[i:] = both[: n - i]
        if (n - i) % 2:
            gen.next_double_normal = float(both[-1])
    return out


_ROWS = 1 << 14  # 16-element rows per block of the vectorized normal path


def _box_muller16_f32(data: np.ndarray) -> np.ndarray:
    """``normal_fill_16_AVX2`` on rows of 16 float32 uniforms: lanes 0-7 give r cos, 8-15 r sin."""
    u1 = np.float32(1.0) - data[:, :8]
    u2 = data[:, 8:]
    radius = np.sqrt(np.float32(-2.0) * cephes_avx.log_ps(u1))
    theta = np.float32(2.0 * math.pi) * u2
    s, c = cephes_avx.sincos_ps(theta)
    return np.concatenate([radius * c, radius * s], axis=1)


def _box_muller16_generic(data: np.ndarray, name: str) -> np.ndarray:
    """``normal_fill_16<scalar_t>``: the same layout with the C library's functions."""
    if name == "float64":
        u1 = 1.0 - data[:, :8]
        radius = np.sqrt(-2.0 * np.log(u1))
        theta = 2.0 * math.pi * data[:, 8:]
        return np.concatenate([radius * np.cos(theta), radius * np.sin(theta)], axis=1)
    # half / bfloat16: float32 math on values rounded to the storage type at each step
    store = np.float16 if name == "float16" else __import__("ml_dtypes").bfloat16
    u1 = (np.float32(1.0) - data[:, :8]).astype(store).astype(np.float32)
    u2 = data[:, 8:]
    radius = np.sqrt(np.float32(-2.0) * np.log(u1)).astype(store).astype(np.float32)
    theta = (2.0 * math.pi * u2.astype(np.float64)).astype(store).astype(np.float32)
    return np.concatenate([radius * np.cos(theta), radius * np.sin(theta)], axis=1)


def normal(gen: TorchCPUGenerator, n: int, dtype="float32", mean: float = 0.0, std: float = 1.0,
           contiguous: bool = True) -> np.ndarray:
    """``Tensor.normal_(mean, std)`` / ``torch.randn`` for n elements of ``dtype``.

    Tensors of 16+ contiguous elements take ``normal_fill``: all n uniforms first, Box-Muller on
    each block of 16 (lanes j and j+8 pair up), and when n is not a multiple of 16 the last 16
    elements are redrawn and transformed again. Smaller (or strided) tensors draw one scalar
    normal at a time from the double-precision generator with its cache."""
    name = np.dtype(dtype).name if not isinstance(dtype, str) else dtype
    if n < 16 or not contiguous:
        z = _scalar_normals(gen, n)
        return (z * float(std) + float(mean)).astype(_np_dtype(name))
    if name in ("float16", "bfloat16"):
        # torch transforms whole 16-blocks of a float32 buffer (n rounded up to 16 draws) and
        # the last block lands on the tensor's last 16 elements (measured against torch 2.13)
        m = -(-n // 16) * 16
        full = normal(gen, m, "float32", mean, std)
        return np.concatenate([full[:n - 16], full[m - 16:]]).astype(_np_dtype(name))
    digits = _DIGITS[name]
    if name == "float32" and n >= xla_kernels.MIN_SIZE:
        return _normal_f32_xla(gen, n, mean, std)
    data = _unit(gen, n, digits)
    if name != "float32" and digits <= 24:
        data = data.astype(_np_dtype(name)).astype(np.float32)
    f32 = name == "float32"
    bm = _box_muller16_f32 if f32 else (lambda d: _box_muller16_generic(d, name))
    full = n // 16 * 16
    out = np.empty(n, np.float32 if digits <= 24 else np.float64)
    rows = data[:full].reshape(-1, 16)
    flat = out[:full].reshape(-1, 16)
    for i in range(0, len(rows), _ROWS):  # blocks that stay in cache: ~3x faster than whole arrays
        flat[i:i + _ROWS] = bm(rows[i:i + _ROWS])
    if n % 16:
        out[full:] = data[full:]  # the tail keeps its uniforms until redrawn below
        tail = _unit(gen, 16, digits)
        if name != "float32" and digits <= 24:
            tail = tail.astype(_np_dtype(name)).astype(np.float32)
        out[n - 16:] = bm(tail.reshape(1, 16)).reshape(-1)
    if f32:
        if not (std == 1.0 and mean == 0.0):
            out = _fma32(out, np.float32(std), np.float32(mean))
        return out
    if name == "float64":
        return out * float(std) + float(mean) if not (std == 1.0 and mean == 0.0) else out
    st, mu = _cast(std, name), _cast(mean, name)
    return (out * st + mu).astype(_np_dtype(name))


def _normal_f32_xla(gen: TorchCPUGenerator, n: int, mean: float, std: float) -> np.ndarray:
    """The float32 vectorized path of ``normal`` with the 16-lane transform in one XLA kernel
    (``xla_kernels``, bit for bit the numpy kernel's arithmetic); the tail block in numpy."""
    affine = not (std == 1.0 and mean == 0.0)
    mu, sd = np.float32(mean), np.float32(std)

    def exact_rows(raw_rows):
        x = _box_muller16_f32(_unit24(raw_rows).reshape(-1, 16))
        return _fma32(x, sd, mu) if affine else x

    full = n // 16 * 16
    out = aligned_empty(n, np.float32)
    xla_kernels.normal16_f32(gen.engine.pairs, full, mean, std, exact_rows=exact_rows, out=out)
    if n % 16:
        gen.random(n - full)  # the tail's first uniforms, all overwritten below
        tail = gen.random(16)  # torch redraws the last 16 elements and transforms them again
        out[n - 16:] = exact_rows(tail.reshape(1, 16)).reshape(-1)
    return out


def _np_dtype(name: str):
    if name == "bfloat16":
        import ml_dtypes
        return ml_dtypes.bfloat16
    return np.dtype(name)


# ----- integers ------------------------------------------------------------------------------

def random_from_to(gen: TorchCPUGenerator, n: int, dtype, low: int, high: int) -> np.ndarray:
    """``random_(from, to)`` / ``torch.randint``: ``draw % (to - from) + from``, the draw a
    64-bit number when the range reaches 2^28 (older torch: 2^32)."""
    rng = int(high) - int(low)
    if rng >= 1 << 28:  # torch 2.13 switches to 64-bit draws from 2^28 on (measured)
        v = gen.random64(n) % np.uint64(rng)
    else:
        v = gen.random(n).astype(np.uint64) % np.uint64(rng)
    return (v.astype(np.int64) + np.int64(low))


def random_default(gen: TorchCPUGenerator, n: int, dtype) -> np.ndarray:
    """``random_()`` without bounds: [0, 2^mantissa] for floating types, [0, max] for integers
    (64-bit draws for int64 and double), the low bit for bool."""
    name = np.dtype(dtype).name if not isinstance(dtype, str) else dtype
    if name in ("int64", "float64"):
        v = gen.random64(n)
    else:
        v = gen.random(n).astype(np.uint64)
    if name == "bool":
        return (v & np.uint64(1)).astype(bool)
    if name in _DIGITS:
        return v % np.uint64((1 << _DIGITS[name]) + 1)
    info = np.iinfo(np.dtype(name))
    return v % np.uint64(int(info.max) + 1)


def random_full_range(gen: TorchCPUGenerator, n: int) -> np.ndarray:
    """``random_(from=int64 min, to=None)``: a full 64-bit draw reinterpreted as int64."""
    return gen.random64(n).view(np.int64)


def randperm(gen: TorchCPUGenerator, n: int) -> np.ndarray:
    """``torch.randperm(n)`` on CPU: for n < 2^32/20 a forward Fisher-Yates over arange(n)
    with ``random() % (n - i)``; above, the inside-out variant with ``random64() % (i + 1)``."""
    n = int(n)
    if n < 0xFFFFFFFF // 20:
        if n <= 1:
            return np.arange(n, dtype=np.int64)
        z = (gen.random(n - 1).astype(np.int64) % np.arange(n, 1, -1, dtype=np.int64)).tolist()
        perm = list(range(n))
        # each swap depends on the previous ones: a sequential walk over a Python list
        for i, k in enumerate(z):
            j = i + k
            perm[i], perm[j] = perm[j], perm[i]
        return np.asarray(perm, dtype=np.int64)
    z = (gen.random64(n) % np.arange(1, n + 1, dtype=np.uint64)).astype(np.int64).tolist()
    perm = [0] * n
    for i, k in enumerate(z):
        perm[i] = perm[k]
        perm[k] = i
    return np.asarray(perm, dtype=np.int64)


# ----- other distributions -------------------------------------------------------------------

def bernoulli_scalar(gen: TorchCPUGenerator, n: int, p: float) -> np.ndarray:
    """``bernoulli_(p)`` with a float p: a 53-bit uniform per element, kept when below p."""
    return _unit(gen, n, 53) < float(p)


def bernoulli_tensor(gen: TorchCPUGenerator, p: np.ndarray) -> np.ndarray:
    """``bernoulli(p_tensor)``: one uniform per element (53-bit for double p, else 24-bit),
    in the elements' order, compared with p."""
    p = np.asarray(p)
    if p.dtype == np.float64:
        return _unit(gen, p.size, 53).reshape(p.shape) < p
    return _unit(gen, p.size, 24).reshape(p.shape) < p.astype(np.float32)


def exponential(gen: TorchCPUGenerator, n: int, lambd: float = 1.0) -> np.ndarray:
    """``exponential_(lambd)``: ``-1/lambd * log1p(-u)`` with a 53-bit uniform u, in double
    (the caller casts to the tensor's dtype)."""
    u = _unit(gen, n, 53)
    return (-1.0 / float(lambd)) * np.log1p(-u)


def geometric(gen: TorchCPUGenerator, n: int, p: float) -> np.ndarray:
    """``geometric_(p)``: ``ceil(log(u) / log1p(-p))``."""
    u = _unit(gen, n, 53)
    return np.ceil(np.log(u) / np.log1p(-float(p)))


def cauchy(gen: TorchCPUGenerator, n: int, median: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    """``cauchy_(median, sigma)``: ``median + sigma * tan(pi * (u - 0.5))``."""
    u = _unit(gen, n, 53)
    return float(median) + float(sigma) * np.tan(math.pi * (u - 0.5))


def log_normal(gen: TorchCPUGenerator, n: int, mean: float = 1.0, std: float = 2.0) -> np.ndarray:
    """``log_normal_(mean, std)``: exp of scalar-path normals."""
    return np.exp(_scalar_normals(gen, n) * float(std) + float(mean))


def multinomial(gen: TorchCPUGenerator, probs: np.ndarray, num_samples: int, replacement: bool) -> np.ndarray:
    """``torch.multinomial`` on rows of (unnormalized) probabilities, int64 indices.

    With replacement (and more than one sample): per row the running sum in the input's
    precision, divided by the total, last bucket forced to 1, and per sample a 53-bit uniform
    located by binary search. Otherwise torch's exponential race: ``probs / Exp(1)`` (the
    exponentials in the input's dtype) and the top ``num_samples`` indices."""
    probs = np.asarray(probs)
    if replacement and num_samples > 1:
        work = probs.astype(np.float32) if probs.dtype.itemsize < 4 else probs
        cum = np.cumsum(work, axis=-1, dtype=work.dtype)
        cum = cum / cum[:, -1:]
        cum[:, -1] = 1
        u = _unit(gen, probs.shape[0] * num_samples, 53).reshape(probs.shape[0], num_samples)
        out = np.empty(u.shape, np.int64)
        for row in range(probs.shape[0]):  # one binary search per row, vectorized over samples
            out[row] = np.searchsorted(cum[row].astype(np.float64), u[row], side="left")
        return out
    q = exponential(gen, probs.size, 1.0).astype(probs.dtype).reshape(probs.shape)
    ratio = probs / q
    if num_samples == 1:
        return np.argmax(ratio, axis=-1)[:, None].astype(np.int64)
    return np.argsort(-ratio, axis=-1, kind="stable")[:, :num_samples].astype(np.int64)
