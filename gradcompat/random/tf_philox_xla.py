"""TensorFlow's CPU random kernels as pure XLA (for random ops inside graphs), bit for bit.

The same values as the numpy reference ``tf_stream`` (which stays the specification and the
eager path): Philox-4x32-10 in uint32 arithmetic (the 32x32 -> 64-bit products in uint64),
the 128-bit counter as four uint32 words that may be traced (a graph op's reservation number,
a ``tf.random.Generator``'s state variable, a stateless op's seed tensor), TF's uniform floats
(mantissa bits), uniform ints (unsigned modulo), normals (float32 Box-Muller with glibc's
``logf``/``sincosf``: ``xla_tf._pair``) and truncated normals (each group of 4 values reads its
own region of 256 blocks per value, a bounded ``while_loop`` taking one block per round for the
groups still short of values, exactly the reference's sample consumption).

Contraction: XLA contracts ``a * b + c`` into an FMA on CPU and GPU (even across
``optimization_barrier`` on the CPU, measured), which would change bits. The arithmetic here
is written so that no contraction can: every product that feeds an addition is exact (a
contracted FMA of an exact product rounds the same sum once, as the unfused code does). The
rounding of ``raw * scale`` to the output type is done in integer arithmetic on the float64
bits (``_round_to``), so the rounded product reaching ``+ shift`` comes from integer ops and
an exact power-of-two product, never from a rounded multiply; converts only ever see values
exactly representable in their target (no double rounding through float32 either). The
glibc steps of ``xla_tf`` rest on ``contraction_proof``: every mix of fused and unfused
multiply-adds gives the same float32 on every one of the 2**23 arguments Box-Muller passes.
(On a GPU the truncated normal's ``while_loop`` reads its predicate back once per round, a few
rounds per draw; the other draws have no control flow.) Not done here (callers keep the host
path): float64 normals and truncated normals (TF uses libm's double ``log``/``sin``/``cos``),
float64 scales that are not powers of two (the product of two 53-bit values is not exact),
``Multinomial`` (its per-thread shards). ``RandomShuffle`` is here (``permutation``).
"""
from __future__ import annotations

import math

import numpy as np

import jax.numpy as jnp
from jax import lax

from . import xla_tf

SCRAMBLE_KEY = 0x02461E293EC8F720
RESERVED_PER_OUTPUT = 256
_M0, _M1 = 0xD2511F53, 0xCD9E8D57
_W0, _W1 = 0x9E3779B9, 0xBB67AE85
_MASK32 = 0xFFFFFFFF
_INT_DTYPES = ("int32", "int64", "uint32", "uint64")
_FLOAT_FORMATS = {"float16": (10, -14), "bfloat16": (7, -126), "float32": (23, -126)}  # mantissa bits, emin


# --- Philox -----------------------------------------------------------------------------------

def philox(c0, c1, c2, c3, k0, k1):
    """Philox-4x32-10 of counter words (c0..c3, low first) under key words (k0, k1): uint32
    arrays (broadcasting); returns the block's four words."""
    u32, u64 = jnp.uint32, jnp.uint64
    k0, k1 = jnp.asarray(k0, u32), jnp.asarray(k1, u32)
    for r in range(10):
        if r:
            k0, k1 = k0 + u32(_W0), k1 + u32(_W1)
        p0 = c0.astype(u64) * u64(_M0)
        p1 = c2.astype(u64) * u64(_M1)
        n0 = (p1 >> u64(32)).astype(u32) ^ c1 ^ k0
        n2 = (p0 >> u64(32)).astype(u32) ^ c3 ^ k1
        c0, c1, c2, c3 = n0, p1.astype(u32), n2, p0.astype(u32)
    return c0, c1, c2, c3


def _split64(x):
    return (x & jnp.uint64(_MASK32)).astype(jnp.uint32), (x >> jnp.uint64(32)).astype(jnp.uint32)


def _join64(lo, hi):
    return lo.astype(jnp.uint64) | (hi.astype(jnp.uint64) << jnp.uint64(32))


class Gen:
    """A TF ``PhiloxRandom`` as traced words: ``key`` (k0, k1), ``counter`` (c0..c3) uint32."""

    def __init__(self, key, counter):
        self.key = tuple(jnp.asarray(k, jnp.uint32) for k in key)
        self.counter = tuple(jnp.asarray(c, jnp.uint32) for c in counter)

    def blocks(self, offsets):
        """The blocks ``counter + offsets`` (uint64 block offsets, any shape): 4 word arrays."""
        c0, c1, c2, c3 = self.counter
        low0 = _join64(c0, c1)
        low = low0 + offsets
        high = _join64(c2, c3) + (low < low0).astype(jnp.uint64)
        return philox(*_split64(low), *_split64(high), *self.key)

    def per_element(self, count: int, per_block: int):
        """For outputs i < ``count`` taking ``per_block`` outputs from each block: the words of
        i's block and i's lane. Every output computes its own block: XLA fuses elementwise
        producers into their consumers, so interleaving four lane arrays would recompute the
        whole Philox per lane anyway (measured 5x slower), and no control flow is needed to
        materialize them (on a GPU a conditional reads its predicate back to the host)."""
        i = jnp.arange(count, dtype=jnp.uint64)
        return self.blocks(i // jnp.uint64(per_block)), (i % jnp.uint64(per_block)).astype(jnp.int32)

    def words(self, count: int):
        """The first ``count`` uint32 words of the stream (4 per block), in order."""
        (w0, w1, w2, w3), lane = self.per_element(count, 4)
        return jnp.where(lane < 2, jnp.where(lane == 0, w0, w1), jnp.where(lane == 2, w2, w3))

    def pairs(self, count: int):
        """The first ``count`` word pairs (words 2i, 2i + 1; 2 per block)."""
        (w0, w1, w2, w3), lane = self.per_element(count, 2)
        return jnp.where(lane == 0, w0, w2), jnp.where(lane == 0, w1, w3)


def constant_gen(key: int, counter: int) -> Gen:
    return Gen((key & _MASK32, key >> 32 & _MASK32), [(counter >> (32 * i)) & _MASK32 for i in range(4)])


def reserved_gen(key: int, base: int, step: int, count) -> Gen:
    """The generator ``base + count * step`` (128-bit) for a traced uint32 reservation number
    ``count``: a graph op's ``count``-th run of its kernel."""
    u64 = jnp.uint64
    c = jnp.asarray(count).astype(u64)
    a = c * u64(step & _MASK32)  # < 2**64
    b = c * u64(step >> 32 & _MASK32)  # weight 2**32 (steps stay under 2**64)
    limbs = [u64((base >> (32 * i)) & _MASK32) for i in range(4)]
    m = u64(_MASK32)
    l0 = limbs[0] + (a & m)
    l1 = limbs[1] + (a >> u64(32)) + (b & m) + (l0 >> u64(32))
    l2 = limbs[2] + (b >> u64(32)) + (l1 >> u64(32))
    l3 = limbs[3] + (l2 >> u64(32))
    words = [(l & m).astype(jnp.uint32) for l in (l0, l1, l2, l3)]
    return Gen((key & _MASK32, key >> 32 & _MASK32), words)


def state_gen(state) -> Gen:
    """The generator of a ``tf.random.Generator`` state ``[counter_lo, counter_hi, key]`` (int64)."""
    w = lax.bitcast_convert_type(jnp.asarray(state), jnp.uint64)
    return Gen(_split64(w[2]), (*_split64(w[0]), *_split64(w[1])))


def stateless_gen(seed) -> Gen:
    """``StatelessRandomGetKeyCounter`` of a seed tensor of shape [2] (its values as 64-bit two's
    complement): one Philox block of the seed under TF's scramble key."""
    seed = jnp.asarray(seed)
    if seed.dtype != jnp.uint64:
        seed = seed.astype(jnp.int64)
    s = lax.bitcast_convert_type(seed, jnp.uint64)
    mix = philox(*_split64(s[0]), *_split64(s[1]), SCRAMBLE_KEY & _MASK32, SCRAMBLE_KEY >> 32)
    zero = jnp.zeros((), jnp.uint32)
    return Gen((mix[0], mix[1]), (zero, zero, mix[2], mix[3]))


# --- exact roundings --------------------------------------------------------------------------

def _round_to(x, dtype: str):
    """float64 ``x`` rounded to ``dtype``'s precision (nearest even, its subnormals included)
    in integer arithmetic; the result is float64, exactly representable in ``dtype`` (so the
    convert after it rounds nothing). Overflow is left to that convert (it gives inf)."""
    mant, emin = _FLOAT_FORMATS[dtype]
    u64, i64 = jnp.uint64, jnp.int64
    bits = lax.bitcast_convert_type(x, u64)
    sign = bits & u64(1 << 63)
    mag = bits ^ sign
    e = (mag >> u64(52)).astype(i64) - 1023
    sig = (mag & u64((1 << 52) - 1)) | u64(1 << 52)
    shift = (52 - mant) + jnp.maximum(emin - e, 0)
    zero = shift > 54  # below half the smallest subnormal step (and x == 0)
    s = jnp.minimum(shift, 54).astype(u64)
    q = (sig + (u64(1) << (s - u64(1))) - u64(1) + ((sig >> s) & u64(1))) >> s
    scale = lax.bitcast_convert_type(((e - 52 + s.astype(i64) + 1023).astype(u64)) << u64(52), jnp.float64)
    val = jnp.where(zero, 0.0, q.astype(jnp.float64) * scale)  # an exact product
    return jnp.where(sign != 0, -val, val)


def to_dtype(x, dtype: str):
    """float32 / float64 ``x`` in ``dtype``, rounded once to nearest even (as a C cast)."""
    if dtype == "float64" or (dtype == "float32" and x.dtype == jnp.float32):
        return x.astype(dtype)
    return _round_to(x.astype(jnp.float64), dtype).astype(_jnp_dtype(dtype))


def _jnp_dtype(dtype: str):
    return jnp.bfloat16 if dtype == "bfloat16" else jnp.dtype(dtype)


def _is_pow2(v: float) -> bool:
    m, _ = math.frexp(v)
    return v == 0.0 or abs(m) == 0.5


def scale_shift(raw, dtype: str, mul: float | None, add: float | None):
    """``raw * mul + add`` in ``dtype``'s arithmetic (each operation rounded to ``dtype``, as
    TF's separate Mul and Add kernels), ``mul`` / ``add`` already values of ``dtype``; None skips
    the step. Contraction-proof: see the module docstring."""
    if dtype == "float64":
        if mul is not None and not _is_pow2(mul):
            raise NotImplementedError("float64 scale that is not a power of two")
        out = raw if mul is None else raw * mul  # exact
        return out if add is None else _add(out, add)
    x = raw.astype(jnp.float64)  # exact; raw * mul below is exact too (<= 48 bits)
    if mul is not None:
        x = _round_to(x * mul, dtype)
    if add is not None:
        x = _round_to(_add(x, add), dtype)  # float64 rounding then dtype's: innocuous (53 >= 2p + 2)
    return x.astype(_jnp_dtype(dtype))


def _add(x, add: float):
    """``x + add`` as IEEE adds it: XLA folds ``x + 0.0`` into ``x``, which keeps a -0.0 that
    the addition turns into +0.0."""
    if add == 0.0 and math.copysign(1.0, add) > 0:
        return jnp.where(x == 0, jnp.zeros((), x.dtype), x)
    return x + add if add != 0.0 else x  # adding -0.0 changes nothing


# --- distributions ----------------------------------------------------------------------------

def _unit(words, dtype: str):
    """TF's uniform [0, 1) from mantissa bits: float32 words for float32/16/bfloat16 (float32
    values, exact), (hi, lo) word arrays for float64."""
    if dtype == "float64":
        man = ((words[0].astype(jnp.uint64) & jnp.uint64(0xFFFFF)) << jnp.uint64(32)) | words[1].astype(jnp.uint64)
        return lax.bitcast_convert_type(man | jnp.uint64(1023 << 52), jnp.float64) - 1.0
    bits = {"float32": 23, "float16": 10, "bfloat16": 7}[dtype]
    m = words & jnp.uint32((1 << bits) - 1)
    return lax.bitcast_convert_type((m << jnp.uint32(23 - bits)) | jnp.uint32(0x3F800000), jnp.float32) - jnp.float32(1)


def uniform(gen: Gen, size: int, dtype: str):
    if dtype == "float64":
        return _unit(gen.pairs(size), dtype)
    return _unit(gen.words(size), dtype)


def _bits64(gen: Gen, size: int):
    return _join64(*gen.pairs(size))


def uniform_int(gen: Gen, size: int, dtype: str, lo: int, hi: int):
    """``lo + bits % (hi - lo)`` in unsigned arithmetic (TF's ``UniformDistribution`` of ints)."""
    if dtype in ("int64", "uint64"):
        v = jnp.uint64(lo & ((1 << 64) - 1)) + _bits64(gen, size) % jnp.uint64((hi - lo) & ((1 << 64) - 1))
        return lax.bitcast_convert_type(v, jnp.dtype(dtype))
    v = jnp.uint32(lo & _MASK32) + gen.words(size) % jnp.uint32((hi - lo) & _MASK32)
    return lax.bitcast_convert_type(v, jnp.dtype(dtype))


def full_int(gen: Gen, size: int, dtype: str):
    if dtype in ("int64", "uint64"):
        return lax.bitcast_convert_type(_bits64(gen, size), jnp.dtype(dtype))
    return lax.bitcast_convert_type(gen.words(size), jnp.dtype(dtype))


def normal(gen: Gen, size: int):
    """``RandomStandardNormal`` in float32 (other float types round these)."""
    (w0, w1, w2, w3), lane = gen.per_element(size, 4)
    first = lane < 2  # values 0, 1 of a block from its words (0, 1), values 2, 3 from (2, 3)
    s, c = xla_tf._pair(jnp.where(first, w0, w2), jnp.where(first, w1, w3))
    return jnp.where(lane % 2 == 0, s, c)


def truncated_normal(gen: Gen, size: int):
    """``TruncatedNormal`` in float32: group g of 4 values reads blocks ``g * 256 + t``
    (t = 0, 1, ...), keeping Box-Muller values with |x| < 2 in order until it has 4. A round
    computes block t for every group and appends its accepted values (in word order) to those
    still short; the loop ends when all are full (bounded by the group's reserved region of 256
    blocks)."""
    groups = -(-size // 4)
    stride = 4 * RESERVED_PER_OUTPUT // 4
    base = jnp.arange(groups, dtype=jnp.uint64) * jnp.uint64(stride)
    slots = jnp.arange(4, dtype=jnp.int32)

    def body(carry):
        t, have, out = carry
        w0, w1, w2, w3 = gen.blocks(base + t.astype(jnp.uint64))
        s0, c0 = xla_tf._pair(w0, w1)
        s1, c1 = xla_tf._pair(w2, w3)
        for v in (s0, c0, s1, c1):  # a value lands in slot `have` when accepted (selects: no sums)
            ok = jnp.abs(v) < jnp.float32(2.0)
            out = jnp.where(ok[:, None] & (slots[None, :] == have[:, None]), v[:, None], out)
            have = have + ok.astype(jnp.int32)
        return t + 1, jnp.minimum(have, 4), out

    def cond(carry):
        t, have, _ = carry
        return (t < stride) & jnp.any(have < 4)

    init = (jnp.zeros((), jnp.int32), jnp.zeros(groups, jnp.int32), jnp.zeros((groups, 4), jnp.float32))
    _, _, out = lax.while_loop(cond, body, init)
    return out.reshape(-1)[:size]


def permutation(gen: Gen, n: int):
    """``RandomShuffle``'s order of n rows (``tf_stream.permutation``): Fisher-Yates from the
    front, row i swapped with ``i + word_i % (n - i)``, the swaps in order (a ``fori_loop``)."""
    if n <= 1:
        return jnp.arange(n, dtype=jnp.int32)
    i = jnp.arange(n - 1, dtype=jnp.uint32)
    j = (i + gen.words(n - 1) % (jnp.uint32(n) - i)).astype(jnp.int32)

    def swap(k, p):
        a, b = p[k], p[j[k]]
        return p.at[k].set(b).at[j[k]].set(a)
    return lax.fori_loop(0, n - 1, swap, jnp.arange(n, dtype=jnp.int32))


def supported(kind: str, dtype: str, a, b) -> bool:
    """Whether ``values`` reproduces the reference for this draw (else keep the host path)."""
    if kind in ("uniform_int", "full_int"):
        return dtype in _INT_DTYPES
    if dtype not in ("float16", "bfloat16", "float32", "float64"):
        return False
    if dtype == "float64":
        if kind != "uniform":
            return False
        mul = _scale_constants(kind, dtype, a, b)[0]
        return mul is None or _is_pow2(mul)
    return kind in ("uniform", "normal", "truncated_normal")


def _scale_constants(kind: str, dtype: str, a, b):
    """(mul, add) of ``random_ops._scaled`` as Python floats of ``dtype``'s values."""
    if dtype == "bfloat16":
        import ml_dtypes
        t = ml_dtypes.bfloat16
    else:
        t = np.dtype(dtype).type
    if kind == "uniform":
        if a is None:
            return None, None
        if isinstance(a, str):
            return float(t(b)), None
        return float(t(b) - t(a)), float(t(a))
    return float(t(b)), float(t(a))


def values(gen: Gen, kind: str, shape: tuple, dtype: str, a=None, b=None):
    """The draw ``random_ops._host_values(kind, gen, shape, dtype, a, b)`` computes on the host,
    as an XLA computation of the traced generator ``gen``."""
    size = int(np.prod(shape, dtype=np.int64))
    if kind == "uniform_int":
        return uniform_int(gen, size, dtype, a, b).reshape(shape)
    if kind == "full_int":
        return full_int(gen, size, dtype).reshape(shape)
    if size == 0:
        return jnp.zeros(shape, _jnp_dtype(dtype))
    raw = {"uniform": lambda: uniform(gen, size, dtype), "normal": lambda: normal(gen, size),
           "truncated_normal": lambda: truncated_normal(gen, size)}[kind]()
    if dtype != "float64" and dtype != "float32":
        raw = to_dtype(raw, dtype)  # TF rounds the float32 values to the type first
    mul, add = _scale_constants(kind, dtype, a, b)
    if dtype == "float32" or dtype == "float64":
        if mul is None and add is None:
            return raw.reshape(shape)
    return scale_shift(raw, dtype, mul, add).reshape(shape)
