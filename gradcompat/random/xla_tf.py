"""XLA version of TensorFlow's float32 Box-Muller (``BoxMullerFloat`` with glibc's ``logf`` and
``sincosf``), for large draws of ``tf_stream.normal`` / ``truncated_normal``.

The numpy evaluation in ``glibc_f32`` (the reference) makes one pass over memory per
arithmetic step; here the same float64 table-and-polynomial steps are one jitted XLA function.
Box-Muller only ever passes 2**23 distinct arguments to each function (a 23-bit mantissa), on
which every mix of fused and unfused multiply-adds agrees (``contraction_proof`` checks all
2**5 patterns of ``logf`` and 2**4 + 2**5 of ``sincosf`` on all of them), so whichever
``a * b + c`` XLA contracts into an FMA, no bit changes (``tf_philox_xla`` uses ``_pair`` in
graphs on any backend); the kernel is nevertheless checked once per process against the
numpy path on its first call (and exhaustively by the tests), and if it ever differs every
draw of the process goes back to numpy.

Kernels run on a few fixed sizes (the input padded), so a process compiles at most
``len(SIZES)`` of them whatever the tensor sizes, and keeps them on disk (``xla_cache``: a later
process loads them instead of tracing); inputs under ``MIN_WORDS`` stay in numpy.
"""
from __future__ import annotations

import functools
import math
import os
from typing import Callable

import numpy as np

from . import glibc_f32 as g

SIZES = (1 << 14, 1 << 16, 1 << 18)  # words per kernel call (even)
BLOCK = SIZES[-1]
MIN_WORDS = 1 << 13  # smaller inputs stay on the numpy path
_CHECK_WORDS = 4096
_ok: bool | None = None  # whether the kernel reproduced the numpy path (per process)


@functools.lru_cache(maxsize=None)
def _jax():
    import jax
    import jax.numpy as jnp
    from jax import lax
    return jax, jnp, lax


def _unit(words):
    _, jnp, lax = _jax()
    bits = (words & jnp.uint32(0x7FFFFF)) | jnp.uint32(0x3F800000)
    return lax.bitcast_convert_type(bits, jnp.float32) - jnp.float32(1)


def _abstop12(x):
    _, jnp, lax = _jax()
    return (lax.bitcast_convert_type(x, jnp.uint32) >> 20) & jnp.uint32(0x7FF)


def _logf(x):
    """glibc ``logf`` (``glibc_f32.logf``, unfused) of normal positive float32 ``x``."""
    _, jnp, lax = _jax()
    ix = lax.bitcast_convert_type(x, jnp.uint32)
    tmp = ix - jnp.uint32(0x3F330000)  # uint32 arithmetic wraps as glibc's
    i = ((tmp >> 19) % 16).astype(jnp.int32)
    k = (lax.bitcast_convert_type(tmp, jnp.int32) >> 23).astype(jnp.float64)
    iz = ix - (tmp & jnp.uint32(0x1FF << 23))
    z = lax.bitcast_convert_type(iz, jnp.float32).astype(jnp.float64)
    invc, logc = jnp.asarray(g._LOGF_INVC)[i], jnp.asarray(g._LOGF_LOGC)[i]
    a0, a1, a2 = g._LOGF_A
    r = z * invc - 1.0
    y0 = k * g._LN2 + logc
    r2 = r * r
    y = a1 * r + a2
    y = a0 * r2 + y
    y = y * r2 + (y0 + r)
    return jnp.where(ix == jnp.uint32(0x3F800000), jnp.float32(0), y.astype(jnp.float32))


def _sincosf(y):
    """glibc ``sincosf`` (``glibc_f32.sincosf``, unfused) of float32 ``y`` in [0, 2 pi]."""
    _, jnp, _ = _jax()
    top = _abstop12(y)
    x = y.astype(jnp.float64)
    n = (jnp.trunc(x * g._HPI_INV).astype(jnp.int64) + 0x800000) >> 24
    n = jnp.where(top < int(g._abstop12(np.float32(g._PIO4))), 0, n)
    q = (n & 3).astype(jnp.int32)
    xr = -n.astype(jnp.float64) * g._HPI + x
    neg = (q == 1) | (q == 2)  # glibc_f32._SIGN[q] as a select (XLA's CPU gathers are slow)
    xs = jnp.where(neg, -xr, xr)
    x2 = xr * xr
    x4 = x2 * x2
    x3 = x2 * xs
    cc2 = x2 * g._COS[4] + g._COS[3]
    s1 = x2 * g._SIN[2] + g._SIN[1]
    cc1 = x2 * g._COS[1] + g._COS[0]
    x5 = x3 * x2
    x6 = x4 * x2
    s = x3 * g._SIN[0] + xs
    c = x4 * g._COS[2] + cc1
    sv = (x5 * s1 + s).astype(jnp.float32)
    cv = x6 * cc2 + c
    cv = jnp.where(q >= 2, -cv, cv).astype(jnp.float32)  # glibc_f32._COS_SIGN[q]
    odd = (n & 1) == 1
    sin, cos = jnp.where(odd, cv, sv), jnp.where(odd, sv, cv)
    tiny = top < int(g._abstop12(np.float32(2.0 ** -12)))
    return jnp.where(tiny, y, sin), jnp.where(tiny, jnp.float32(1), cos)


def _pair(x0, x1):
    """``BoxMullerFloat`` of word pairs (x0, x1): (sin(v) r, cos(v) r)."""
    _, jnp, _ = _jax()
    u1 = jnp.maximum(_unit(x0), jnp.float32(1e-7))
    v1 = (jnp.float64(2.0 * math.pi) * _unit(x1).astype(jnp.float64)).astype(jnp.float32)
    radius = jnp.sqrt(jnp.float32(-2.0) * _logf(u1))
    s, c = _sincosf(v1)
    return s * radius, c * radius


@functools.lru_cache(maxsize=None)
def _kernel(size: int):
    """Words (w0, w1, w2, w3, ...) -> (sin(v) r, cos(v) r) of each pair, as two arrays
    (interleaved on the host: an XLA concatenate would evaluate the transform twice)."""
    jax, _, _ = _jax()
    return jax.jit(lambda words: _pair(words[0::2], words[1::2]))


def _interleave(parts) -> np.ndarray:
    parts = [np.asarray(p) for p in parts]
    out = np.empty((parts[0].size, len(parts)), np.float32)
    for i, p in enumerate(parts):
        out[:, i] = p
    return out.reshape(-1)


def philox_box_muller(key: int, counter: int, first: int, blocks: int, stride: int,
                      exact: Callable[[np.ndarray], np.ndarray]) -> Callable[[], np.ndarray]:
    """TF's float32 Box-Muller of the Philox blocks ``counter + (first + i) * stride``
    (i < ``blocks``): Philox in numpy, the transform launched asynchronously in XLA; returns a
    function that gives the (blocks * 4,) values in word order. ``exact(words)``: the numpy
    reference (see ``box_muller``). (A Philox in XLA measured slower than numpy's here.)"""
    words = philox_ref(key, counter, first, blocks, stride)
    if words.size < MIN_WORDS or _ok is False:
        return lambda: exact(words)
    launched = _launch(words)
    return lambda: _finish(launched, words, exact)


def philox_ref(key: int, counter: int, first: int, blocks: int, stride: int) -> np.ndarray:
    """The numpy words of Philox blocks ``counter + (first + i) * stride``, i < ``blocks``."""
    from . import philox, tf_stream
    groups = np.arange(first, first + blocks)
    return philox.rounds(tf_stream._counters_for(counter, groups, stride, 0, 1), key).reshape(-1)


def _size_for(count: int) -> int:
    return next(s for s in SIZES if s >= count)


_SOURCES = tuple(os.path.join(os.path.dirname(__file__), f) for f in ("xla_tf.py", "glibc_f32.py"))


@functools.lru_cache(maxsize=None)
def _compiled(size: int):
    """``_kernel(size)`` compiled once and kept on disk (``xla_cache``: no trace per process),
    accepted when it reproduces the numpy reference on a fixed block of Philox words."""
    global _ok
    from . import philox, tf_stream, xla_cache
    probe = philox.uint32s(0x5EED5EED5EED5EED, 12345, size)

    def check(exe) -> bool:
        k = min(size, _CHECK_WORDS)
        return _interleave(exe(probe))[:k].tobytes() == tf_stream.box_muller_words_f32(probe[:k]).tobytes()
    exe, ok = xla_cache.compiled(f"tf-box-muller-{size}", _kernel(size), (probe,), _SOURCES, check)
    if not ok:
        _ok = False
    return exe


def _launch(words: np.ndarray):
    size = _size_for(words.size)
    if words.size < size:
        words = np.concatenate([words, np.zeros(size - words.size, np.uint32)])
    return _compiled(size)(words)


def _finish(launched, words: np.ndarray, exact: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    global _ok
    out = _interleave(launched)[:words.size]
    if _ok is None:  # first use: the kernel must give the numpy path's bits
        k = min(words.size, _CHECK_WORDS)
        _ok = out[:k].tobytes() == exact(words[:k]).tobytes()
    return out if _ok else exact(words)


def box_muller(words: np.ndarray, exact: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``exact(words)`` (TF's float32 Box-Muller of an even number of raw words, in word
    order), computed by the XLA kernel when the input is large enough and the kernel is
    trusted in this process."""
    if words.size < MIN_WORDS or _ok is False:
        return exact(words)
    out = np.empty(words.size, np.float32)
    pieces = [(s, words[s:s + BLOCK]) for s in range(0, words.size, BLOCK)]
    launched = [_launch(p) for _, p in pieces]  # XLA runs them asynchronously
    for (s, p), res in zip(pieces, launched):
        out[s:s + p.size] = _finish(res, p, exact)
    return out
