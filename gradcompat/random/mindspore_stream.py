"""MindSpore's CPU random streams (MindSpore 2.x, x86-64 Linux), reproduced in numpy.

Three generators sit behind MindSpore's seeded draws, learned from MindSpore's sources and
checked bit for bit against MindSpore 2.10 (``tests/mindspore/test_ms_rng_bits.py``):

- **Initializers** (``Normal``, ``Uniform``, ``HeUniform``, ``HeNormal``, ``XavierUniform``,
  ``TruncatedNormal``, ...) fill float32 buffers from a Philox4x32-10 stream keyed by a 64-bit
  seed that the Python side draws from numpy's *global* ``RandomState`` (which
  ``mindspore.set_seed`` seeds). One 32-bit number per uniform, one per normal on average
  (Box-Muller pairs, cos first), all arithmetic in double and rounded to float32 at the end.
  MindSpore splits a large buffer over threads, but each thread skips to its own offset of
  the same stream, so the values do not depend on the thread count.
- **UniformReal / UniformInt** (``ops.rand``, ``ops.uniform``, ``ops.randint``): a
  ``std::mt19937`` seeded with ``GetSeed(seed, seed2)`` (a Philox scramble of the two op
  seeds), with libstdc++'s ``uniform_real_distribution<double>`` / ``uniform_int_distribution``.
- **StandardNormal** (``ops.StandardNormal``, ``ops.randn``, ``ops.standard_normal``):
  ``std::default_random_engine`` (``minstd_rand0``) seeded with the same mixed seed and
  libstdc++'s ``normal_distribution<float>`` (Marsaglia's polar method in float32).

Known limits: ``StandardNormal``'s float logarithm is glibc's ``logf`` (not correctly rounded:
about 0.6% of its results differ from the correctly rounded logarithm by one ulp); it is
reproduced by ``glibc_f32`` (glibc >= 2.28's algorithm), so the draws are MindSpore's where
MindSpore runs on such a glibc; MindSpore itself gives other last bits under another C library.
MindSpore runs ``StandardNormal`` as one task on the hosts measured (2 cores); a build whose
kernel thread pool splits the tensor restarts the stream per task (``tasks`` reproduces a given
split).
"""
from __future__ import annotations

import math

import numpy as np

from . import glibc_f32, philox
from .mt19937 import MT19937

_U32 = np.uint64(0xFFFFFFFF)


def philox_blocks(key: tuple[int, int], counter: tuple[int, int, int, int], start: int, nblocks: int) -> np.ndarray:
    """``nblocks`` Philox4x32-10 outputs (rows of 4 uint32) for counters ``counter + start + i``
    under the 64-bit ``key`` (words low first), from the shared ``philox`` module."""
    k = int(key[0]) & 0xFFFFFFFF | (int(key[1]) & 0xFFFFFFFF) << 32
    c = sum((int(w) & 0xFFFFFFFF) << (32 * i) for i, w in enumerate(counter))
    return philox.blocks(k, c + int(start), nblocks)


def get_seed(global_seed: int, op_seed: int) -> int:
    """MindSpore's ``random::GetSeed``: one Philox block of (global, op) under a fixed key,
    its first two words as a 64-bit seed. (0, 0) means "nondeterministic" to MindSpore."""
    g, o = int(global_seed) & 0xFFFFFFFFFFFFFFFF, int(op_seed) & 0xFFFFFFFFFFFFFFFF
    r = philox_blocks((0x3EC8F720, 0x02461E29), (g & 0xFFFFFFFF, g >> 32, o & 0xFFFFFFFF, o >> 32), 0, 1)[0]
    return int(r[1]) << 32 | int(r[0])


def philox_u32(seed: int, n: int) -> np.ndarray:
    """The first ``n`` numbers of MindSpore's initializer generator ``random::Philox(seed)``:
    key = seed, counter = (0, 0, seed)."""
    s = int(seed) & 0xFFFFFFFFFFFFFFFF
    lo, hi = s & 0xFFFFFFFF, s >> 32
    return philox_blocks((lo, hi), (0, 0, lo, hi), 0, -(-n // 4)).reshape(-1)[:n]


def _unit_float(u: np.ndarray) -> np.ndarray:
    """23 random mantissa bits under exponent 0, minus one: float32 in [0, 1), widened."""
    return ((u & np.uint32(0x7FFFFF)) | np.uint32(0x3F800000)).view(np.float32) - np.float32(1.0)


# ----- initializers --------------------------------------------------------------------------

def init_uniform(seed: int, n: int, a: float, b: float) -> np.ndarray:
    """``_random_uniform(seed, buf, a, b)``: ``(b - a) * (u / 2^32) + a`` in double, as float32."""
    s = philox_u32(seed, n).astype(np.float64) * (2.0 ** -32)
    lo, hi = float(np.float32(a)), float(np.float32(b))
    return ((hi - lo) * s + lo).astype(np.float32)


def init_normal(seed: int, n: int, mean: float, sigma: float) -> np.ndarray:
    """``_random_normal(seed, buf, mean, sigma)``: Box-Muller in double on pairs of float-built
    uniforms (clamped to 1e-7), the cos value first, pi as float32's 3.1415926."""
    m = -(-n // 2)
    u = _unit_float(philox_u32(seed, 2 * m)).astype(np.float64)
    u = np.maximum(u, float(np.float32(1.0e-7))).reshape(m, 2)
    mu, sd = float(np.float32(mean)), float(np.float32(sigma))
    x = np.sqrt(-2.0 * np.log(u[:, 0])) * sd
    y = 2.0 * float(np.float32(3.1415926)) * u[:, 1]
    out = np.empty((m, 2), np.float64)
    out[:, 0] = mu + x * np.cos(y)
    out[:, 1] = mu + x * np.sin(y)
    return out.reshape(-1)[:n].astype(np.float32)


_ROOT2 = float(np.float32(1.4142135))


def _poly(coefs, x):
    """Horner's rule with the constant term first, in double."""
    s = np.full_like(x, coefs[-1])
    for c in coefs[-2::-1]:
        s = s * x + c
    return s


# Rational approximations of the inverse error function (Boost's published coefficients),
# each as (Y, P, Q) for one range.
_ERFINV_SMALL = (0.0891314744949340820313,
                 (-0.000508781949658280665617, -0.00836874819741736770379, 0.0334806625409744615033,
                  -0.0126926147662974029034, -0.0365637971411762664006, 0.0219878681111168899165,
                  0.00822687874676915743155, -0.00538772965071242932965),
                 (1.0, -0.970005043303290640362, -1.56574558234175846809, 1.56221558398423026363,
                  0.662328840472002992063, -0.71228902341542847553, -0.0527396382340099713954,
                  0.0795283687341571680018, -0.00233393759374190016776, 0.000886216390456424707504))
_ERFINV_MID = (2.249481201171875,
               (-0.202433508355938759655, 0.105264680699391713268, 8.37050328343119927838,
                17.6447298408374015486, -18.8510648058714251895, -44.6382324441786960818,
                17.445385985570866523, 21.1294655448340526258, -3.67192254707729348546),
               (1.0, 6.24264124854247537712, 3.9713437953343869095, -28.6608180499800029974,
                -20.1432634680485188801, 48.5609213108739935468, 10.8268667355460159008,
                -22.6436933413139721736, 1.72114765761200282724))
_ERFINV_TAIL = (  # (upper bound of x, shift, Y, P, Q)
    (3.0, 1.125, 0.807220458984375,
     (-0.131102781679951906451, -0.163794047193317060787, 0.117030156341995252019, 0.387079738972604337464,
      0.337785538912035898924, 0.142869534408157156766, 0.0290157910005329060432, 0.00214558995388805277169,
      -0.679465575181126350155e-6, 0.285225331782217055858e-7, -0.681149956853776992068e-9),
     (1.0, 3.46625407242567245975, 5.38168345707006855425, 4.77846592945843778382, 2.59301921623620271374,
      0.848854343457902036425, 0.152264338295331783612, 0.01105924229346489121)),
    (6.0, 3.0, 0.93995571136474609375,
     (-0.0350353787183177984712, -0.00222426529213447927281, 0.0185573306514231072324,
      0.00950804701325919603619, 0.00187123492819559223345, 0.000157544617424960554631,
      0.460469890584317994083e-5, -0.230404776911882601748e-9, 0.266339227425782031962e-11),
     (1.0, 1.3653349817554063097, 0.762059164553623404043, 0.220091105764131249824,
      0.0341589143670947727934, 0.00263861676657015992959, 0.764675292302794483503e-4)),
    (18.0, 6.0, 0.98362827301025390625,
     (-0.0167431005076633737133, -0.00112951438745580278863, 0.00105628862152492910091,
      0.000209386317487588078668, 0.149624783758342370182e-4, 0.449696789927706453732e-6,
      0.462596163522878599135e-8, -0.281128735628831791805e-13, 0.99055709973310326855e-16),
     (1.0, 0.591429344886417493481, 0.138151865749083321638, 0.0160746087093676504695,
      0.000964011807005165528527, 0.275335474764726041141e-4, 0.282243172016108031869e-6)),
    (44.0, 18.0, 0.99714565277099609375,
     (-0.0024978212791898131227, -0.779190719229053954292e-5, 0.254723037413027451751e-4,
      0.162397777342510920873e-5, 0.396341011304801168516e-7, 0.411632831190944208473e-9,
      0.145596286718675035587e-11, -0.116765012397184275695e-17),
     (1.0, 0.207123112214422517181, 0.0169410838120975906478, 0.000690538265622684595676,
      0.145007359818232637924e-4, 0.144437756628144157666e-6, 0.509761276599778486139e-9)),
    (math.inf, 44.0, 0.99941349029541015625,
     (-0.000539042911019078575891, -0.28398759004727721098e-6, 0.899465114892291446442e-6,
      0.229345859265920864296e-7, 0.225561444863500149219e-9, 0.947846627503022684216e-12,
      0.135880130108924861008e-14, -0.348890393399948882918e-21),
     (1.0, 0.0845746234001899436914, 0.00282092984726264681981, 0.468292921940894236786e-4,
      0.399968812193862100054e-6, 0.161809290887904476097e-8, 0.231558608310259605225e-11)),
)


def _erfc_inv(z: np.ndarray) -> np.ndarray:
    """The inverse complementary error function on (0, 2), range by range, in double."""
    tiny = float(np.nextafter(np.float32(0), np.float32(2)))
    z = np.where(z <= 0, tiny, np.where(z >= 2.0, float(np.nextafter(np.float32(2), np.float32(0))), z))
    upper = z > 1.0
    q = np.where(upper, 2.0 - z, z)
    p = np.where(upper, 1.0 - q, 1.0 - z)
    sign = np.where(upper, -1.0, 1.0)
    out = np.empty_like(z)
    small = p <= 0.5
    mid = ~small & (q >= 0.25)
    tail = ~small & ~mid
    if small.any():
        Y, P, Q = _ERFINV_SMALL
        ps = p[small]
        g = ps * (ps + 10.0)
        r = _poly(P, ps) / _poly(Q, ps)
        out[small] = g * Y + g * r
    if mid.any():
        Y, P, Q = _ERFINV_MID
        qs = q[mid]
        g = np.sqrt(-2.0 * np.log(qs))
        xs = qs - 0.25
        out[mid] = g / (Y + _poly(P, xs) / _poly(Q, xs))
    if tail.any():
        x = np.sqrt(-np.log(q[tail]))
        res = np.empty_like(x)
        done = np.zeros(x.shape, bool)
        for bound, shift, Y, P, Q in _ERFINV_TAIL:
            sel = ~done & (x < bound)
            xs = x[sel] - shift
            res[sel] = Y * x[sel] + (_poly(P, xs) / _poly(Q, xs)) * x[sel]
            done |= sel
        out[tail] = res
    return sign * out


def init_truncated_normal(seed: int, n: int, a: float, b: float, mean: float, sigma: float) -> np.ndarray:
    """``_truncated_normal(seed, buf, a, b, mean, sigma)``: the inverse-CDF method, one uniform
    per element, in double (``erfc`` bounds, Boost's inverse error function)."""
    a, b, mean, sigma = (float(np.float32(v)) for v in (a, b, mean, sigma))
    if sigma <= 0:
        raise RuntimeError(f"TruncatedNormal: invalid sigma {sigma}.")
    cdf_a = math.erfc(-((a - mean) / sigma) / _ROOT2) / 2.0
    cdf_b = math.erfc(-((b - mean) / sigma) / _ROOT2) / 2.0
    u = philox_u32(seed, n).astype(np.float64) * (2.0 ** -32)
    p = cdf_a + u * (cdf_b - cdf_a)
    x = -_erfc_inv(2.0 * p) * _ROOT2
    return (mean + x * sigma).astype(np.float32)


# ----- UniformReal / UniformInt: std::mt19937 --------------------------------------------------

def uniform_real(gen: MT19937, n: int) -> np.ndarray:
    """``UniformReal``'s CPU kernel: ``uniform_real_distribution<double>`` on the kernel's
    ``std::mt19937`` (seeded once with ``get_seed(seed, seed2)`` and kept across launches);
    libstdc++'s ``generate_canonical`` joins two outputs, the first the low half; as float32."""
    d = gen.random(2 * n).astype(np.float64).reshape(n, 2)
    s = (d[:, 0] + d[:, 1] * 4294967296.0) * (2.0 ** -64)
    s = np.minimum(s, np.nextafter(1.0, 0.0))
    return s.astype(np.float32)


def uniform_int(gen: MT19937, n: int, low: int, high: int) -> np.ndarray:
    """``UniformInt``'s CPU kernel: ``uniform_int_distribution<int>(low, high - 1)`` on the kernel's
    ``std::mt19937``, as the libstdc++ MindSpore is built with maps it: each 32-bit output
    divided by ``(2^32 - 1) // range``, outputs at or above ``range * that`` redrawn."""
    rng = int(high) - int(low)
    scaling = 0xFFFFFFFF // rng
    past = np.uint64(rng * scaling)
    parts, got = [], 0
    while got < n:  # a rejected output is skipped: at most one output per draw, never a surplus
        v = gen.random(n - got).astype(np.uint64)
        v = v[v < past]
        parts.append(v)
        got += v.size
    v = np.concatenate(parts) if parts else np.zeros(0, np.uint64)
    return (v // np.uint64(scaling)).astype(np.int64) + int(low)


# ----- StandardNormal: minstd_rand0 + normal_distribution<float> ------------------------------

_LCG_A, _LCG_M = 16807, 2147483647
_POW: list[np.ndarray] = []


def _lcg_powers(block: int) -> np.ndarray:
    """A^1 .. A^block modulo M (int64), built by doubling."""
    if _POW and _POW[0].size >= block:
        return _POW[0][:block]
    p = np.array([_LCG_A], np.int64)
    while p.size < block:
        p = np.concatenate([p, p * int(p[-1]) % _LCG_M])
    _POW[:] = [p]
    return p[:block]


class MinStd:
    """libstdc++'s ``minstd_rand0`` (``std::default_random_engine``): x <- 16807 x mod 2^31-1."""

    def __init__(self, seed: int) -> None:
        x = int(seed) % _LCG_M
        self.x = x if x else 1

    def copy(self) -> "MinStd":
        other = MinStd.__new__(MinStd)
        other.x = self.x
        return other

    def assign(self, other: "MinStd") -> None:
        self.x = other.x

    def random(self, n: int) -> np.ndarray:
        out = np.empty(n, np.int64)
        block = 4096
        pw = _lcg_powers(block)
        x = self.x
        for i in range(0, n, block):
            k = min(block, n - i)
            out[i:i + k] = pw[:k] * x % _LCG_M
            x = int(out[i + k - 1])
        self.x = x
        return out


def _logf_exact(x: np.ndarray) -> np.ndarray:
    """glibc's ``logf`` (libstdc++'s ``normal_distribution<float>`` calls it), bit for bit."""
    return glibc_f32.logf(x)


def standard_normal(gen: MinStd, n: int) -> np.ndarray:
    """``StandardNormal``'s CPU kernel: libstdc++'s ``normal_distribution<float>`` (the polar
    method in float32) on the kernel's ``minstd_rand0``, seeded once with ``get_seed(seed,
    seed2)`` and kept across launches; each launch draws whole pairs (an odd tensor drops the
    second value of its last pair)."""
    return _polar(gen, n)


def dropout_keep(gen: MinStd, n: int, keep_prob: float) -> np.ndarray:
    """``Dropout``'s CPU mask: one float ``generate_canonical`` per element from the kernel's
    ``minstd_rand0`` (kept across launches), kept when below ``keep_prob``."""
    d = gen.random(n)
    u = (d - 1).astype(np.float32) / np.float32(2147483648.0)
    u = np.minimum(u, np.nextafter(np.float32(1), np.float32(0)))
    return u < np.float32(keep_prob)


def _polar(gen: MinStd, n: int) -> np.ndarray:
    f1, f2 = np.float32(1.0), np.float32(2.0)
    pairs = -(-n // 2)
    xs, ys = [], []
    got = 0
    while got < pairs:
        want = int((pairs - got) * 1.3) + 16
        d = gen.random(2 * want)
        # generate_canonical<float>: (x - 1) rounded to float over 2^31, kept below 1
        u = (d - 1).astype(np.float32) / np.float32(2147483648.0)
        u = np.minimum(u, np.nextafter(f1, np.float32(0))).reshape(want, 2)
        x = f2 * u[:, 0] - f1
        y = f2 * u[:, 1] - f1
        r2 = x * x + y * y
        ok = (r2 <= f1) & (r2 != 0)
        idx = np.nonzero(ok)[0]
        need = pairs - got
        if idx.size >= need:  # the engine stops right after the last pair used
            gen.x = int(d[2 * int(idx[need - 1]) + 1])
            idx = idx[:need]
        xs.append(x[idx])
        ys.append(y[idx])
        got += idx.size
    x = np.concatenate(xs)
    y = np.concatenate(ys)
    r2 = x * x + y * y
    mult = np.sqrt(np.float32(-2.0) * _logf_exact(r2) / r2)
    out = np.empty((pairs, 2), np.float32)
    out[:, 0] = y * mult
    out[:, 1] = x * mult
    return out.reshape(-1)[:n]


# ----- std::shuffle (RandomShuffle, the dataset's RandomSampler) -------------------------------

class _Draws:
    """One number at a time from a vectorized generator, drawn in chunks; ``settle`` leaves
    the generator right after the last number used (re-drawn from a copy of its state)."""

    def __init__(self, gen, chunk: int = 4096) -> None:
        self.gen, self.chunk = gen, chunk
        self.buf: list[int] = []
        self.pos = 0
        self.start = gen.copy()

    def __call__(self) -> int:
        if self.pos == len(self.buf):
            self.start = self.gen.copy()
            self.buf = self.gen.random(self.chunk).tolist()
            self.pos = 0
        self.pos += 1
        return self.buf[self.pos - 1]

    def settle(self) -> None:
        self.start.random(self.pos)
        self.gen.assign(self.start)


def _uniform_index(draw, lo_out: int, urng: int, bound: int) -> int:
    """libstdc++'s ``uniform_int_distribution`` on [0, bound] from an engine of range
    [lo_out, lo_out + urng]: division by ``urng // (bound + 1)``, rejecting the top remainder."""
    if urng == bound:
        return draw() - lo_out
    uer = bound + 1
    scaling = urng // uer
    past = uer * scaling
    while True:
        r = draw() - lo_out
        if r < past:
            return r // scaling


def std_shuffle(gen, order) -> list:
    """libstdc++'s ``std::shuffle`` of ``order`` with ``gen`` (an ``MT19937`` or ``MinStd``):
    Fisher-Yates from the front, two positions per draw when the engine's range allows."""
    x = list(order)
    n = len(x)
    if n <= 1:
        return x
    lo_out, urng = (1, _LCG_M - 2) if isinstance(gen, MinStd) else (0, 0xFFFFFFFF)
    draw = _Draws(gen, min(4096, n + 16))
    if urng // n >= n:
        i = 1
        if n % 2 == 0:
            j = _uniform_index(draw, lo_out, urng, 1)
            x[i], x[j] = x[j], x[i]
            i += 1
        while i != n:
            b = i + 1
            v = _uniform_index(draw, lo_out, urng, b * (b + 1) - 1)
            p, q = divmod(v, b + 1)
            x[i], x[p] = x[p], x[i]
            x[i + 1], x[q] = x[q], x[i + 1]
            i += 2
    else:
        for i in range(1, n):
            j = _uniform_index(draw, lo_out, urng, i)
            x[i], x[j] = x[j], x[i]
    draw.settle()
    return x


def sampler_order(seed: int, n: int, epoch: int, previous=None) -> list:
    """The order MindSpore's RandomSampler reads in epoch ``epoch``: ``range(n)`` shuffled with
    ``std::mt19937(seed)``, then each later epoch the previous order reshuffled with
    ``std::mt19937(seed + epoch)``."""
    if previous is None:
        order = list(range(n))
        for e in range(epoch + 1):
            order = std_shuffle(MT19937((int(seed) + e) & 0xFFFFFFFF), order)
        return order
    return std_shuffle(MT19937((int(seed) + epoch) & 0xFFFFFFFF), previous)


def bernoulli_minstd(gen: MinStd, n: int, p: float) -> np.ndarray:
    """libstdc++'s ``bernoulli_distribution(p)`` on ``minstd_rand0``: per draw a double
    ``generate_canonical`` of two outputs (``(a - 1) + (b - 1) * r`` over ``r * r``, r = 2^31 - 2,
    each step rounded as libstdc++ computes it), kept when below ``p``."""
    d = gen.random(2 * n).astype(np.float64).reshape(n, 2)
    r = float(_LCG_M - 1)
    u = ((d[:, 0] - 1.0) + (d[:, 1] - 1.0) * r) / (r * r)
    u = np.minimum(u, np.nextafter(1.0, 0.0))
    return u < float(p)


def sampler_draws(seed: int, n: int, k: int) -> list:
    """MindSpore's RandomSampler with replacement, one epoch: ``k`` draws of
    ``uniform_int_distribution<int64_t>(0, n - 1)`` on a ``std::mt19937`` seeded with ``seed``
    (the dataset seed plus the epoch number)."""
    draw = _Draws(MT19937(int(seed) & 0xFFFFFFFF), min(4096, 2 * k + 16))
    return [_uniform_index(draw, 0, 0xFFFFFFFF, n - 1) for _ in range(k)]


def subset_order(seed: int, previous) -> list:
    """MindSpore's SubsetRandomSampler, one epoch: the previous epoch's order (the given indices
    at first) shuffled again with a ``std::mt19937`` seeded with the same dataset seed."""
    return std_shuffle(MT19937(int(seed) & 0xFFFFFFFF), previous)


def _canonical_double(gen: MT19937, n: int) -> np.ndarray:
    """``n`` of libstdc++'s ``generate_canonical<double, 53>`` on ``std::mt19937``: two outputs
    each, the first the low half, below 1."""
    d = gen.random(2 * n).astype(np.float64).reshape(n, 2)
    return np.minimum((d[:, 0] + d[:, 1] * 4294967296.0) * (2.0 ** -64), np.nextafter(1.0, 0.0))


def weighted_draws(seed: int, weights, k: int) -> np.ndarray:
    """MindSpore's WeightedRandomSampler with replacement, one epoch: ``k`` draws of libstdc++'s
    ``discrete_distribution`` (weights over their sequential sum, running sums with the last set
    to 1, the first running sum not below a canonical double) on ``std::mt19937(seed)``."""
    w = np.asarray(weights, np.float64)
    cp = np.cumsum(w / np.cumsum(w)[-1])
    cp[-1] = 1.0
    return np.searchsorted(cp, _canonical_double(MT19937(int(seed) & 0xFFFFFFFF), k), side="left").astype(np.int64)


def weighted_one_pass(seed: int, weights, k: int) -> np.ndarray:
    """MindSpore's WeightedRandomSampler without replacement, one epoch: each index keyed by an
    ``exponential_distribution(1)`` draw (``-log(1 - u)``) over its weight, in order, on
    ``std::mt19937(seed)``; the ``k`` smallest keys (ties by index)."""
    w = np.asarray(weights, np.float64)
    with np.errstate(divide="ignore"):
        keys = -np.log(1.0 - _canonical_double(MT19937(int(seed) & 0xFFFFFFFF), w.size)) / w
    return np.lexsort((np.arange(w.size), keys))[:k].astype(np.int64)


class ShuffleBuffer:
    """MindSpore's dataset ``shuffle(buffer_size)`` (its C++ ShuffleOp): a buffer filled with the
    first ``size`` rows; each output row is the slot ``rng() % filled`` of a ``std::mt19937_64``
    seeded once with the dataset seed, the last slot moved into it and refilled from the input
    while rows remain. The generator runs on across epochs (and repeats) of one iterator."""

    def __init__(self, seed: int, size: int) -> None:
        from .mt19937_64 import MT19937_64
        self.gen, self.size = MT19937_64(int(seed) & 0xFFFFFFFFFFFFFFFF), int(size)
        self._draws: list[int] = []

    def _next(self) -> int:
        if not self._draws:
            self._draws = self.gen.random(1024).tolist()[::-1]
        return self._draws.pop()

    def epoch(self, rows):
        """The rows of one pass of ``rows``, in the buffer's order (a generator)."""
        src = iter(rows)
        buf: list = []
        end = object()
        row = next(src, end)
        while row is not end and len(buf) < self.size - 1:
            buf.append(row)
            row = next(src, end)
        active = row is not end
        if active:
            buf.append(row)
        last = len(buf) - 1
        while last >= 0:
            slot = self._next() % (last + 1)
            yield buf[slot]
            buf[slot] = buf[last]
            if active:
                row = next(src, end)
                if row is end:
                    active = False
                else:
                    buf[last] = row
            if not active:
                last -= 1
