"""MindSpore's seeded random primitives and functions with MindSpore's own CPU streams:
``StandardNormal``, ``UniformReal``, ``UniformInt``, ``Dropout``, ``RandomShuffle``, ``RandpermV2`` and
``ops.randn``, ``rand``, ``randint``, ``uniform``, ``standard_normal``, ``normal``, ``dropout``,
``shuffle``, ``randperm``.

Seeds follow MindSpore (``_random.graph_seed``: global seed plus a per-kernel-name op seed);
a primitive keeps its generator across calls, so a reused ``Dropout`` draws new masks; the
numbers are MindSpore 2.x's CPU kernels' (``gradcompat.random.mindspore_stream``). Inside a
GRAPH_MODE / ``jit`` trace each call site is a kernel of its own, seeded from the op's seeds
when the call is traced and continuing its stream at each replay (``_random.graph_draw``), as
MindSpore's compiled graphs draw: the first run gives PyNative's numbers.
"""
from __future__ import annotations

import builtins
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from ...core import apply
from ...random import mindspore_stream as _stream
from .. import _tracing
from .. import dtype as mstype
from .._random import KernelStream, graph_draw, graph_seed, seeded_generator
from ..tensor import Tensor
from .primitives import Primitive, as_tensor

# pylint: disable=redefined-builtin  (MindSpore's argument names)


def _shape(shape: Any, name: str) -> tuple:
    if isinstance(shape, Tensor):
        shape = tuple(int(v) for v in shape.asnumpy().reshape(-1))
    if not isinstance(shape, tuple):
        raise TypeError(f"For '{name}', the 'shape' must be a tuple, but got {type(shape).__name__}.")
    for v in shape:
        if isinstance(v, bool) or not isinstance(v, builtins.int) or v <= 0:
            raise ValueError(f"For '{name}', each dimension of 'shape' must be a positive int, but got {shape}.")
    return shape


def _check_seed(name: str, seed: Any, arg: str) -> int:
    if isinstance(seed, bool) or not isinstance(seed, builtins.int):
        raise TypeError(f"For '{name}', the type of '{arg}' must be int, but got {type(seed).__name__}.")
    if seed < 0:
        raise ValueError(f"For '{name}', the '{arg}' must be greater than or equal to 0, but got {seed}.")
    return seed


class _RandomPrimitive(Primitive):
    kind = "mt"

    def _draw(self, draw, key: tuple) -> np.ndarray | Tensor:
        """``draw(generator)`` from this primitive's kernel: in PyNative its one stream (a numpy
        array); inside a GRAPH_MODE / ``jit`` trace this call site's own kernel (a Tensor)."""
        if _tracing.current() is not None:
            return Tensor._from_node(graph_draw((self.name, self.seed, self.seed2) + key,
                                                lambda: seeded_generator(self.seed, self.seed2, self.kind), draw))
        return draw(self._stream.generator)

    def __init__(self, seed: int = 0, seed2: int = 0) -> None:
        super().__init__()
        self.seed = _check_seed(self.name, seed, "seed")
        self.seed2 = _check_seed(self.name, seed2, "seed2")
        self.add_prim_attr("seed", self.seed)
        self.add_prim_attr("seed2", self.seed2)
        self._stream = KernelStream(self.seed, self.seed2, self.kind)


class StandardNormal(_RandomPrimitive):
    """``ops.StandardNormal(seed=0, seed2=0)(shape)``: float32 N(0, 1) draws, MindSpore's CPU stream."""

    name = "StandardNormal"
    kind = "minstd"

    def __call__(self, shape: Any) -> Tensor:
        shape = _shape(shape, self.name)
        n = int(np.prod(shape))
        out = self._draw(lambda gen: _stream.standard_normal(gen, n).reshape(shape), shape)
        return out if isinstance(out, Tensor) else Tensor(out)


class UniformReal(_RandomPrimitive):
    """``ops.UniformReal(seed=0, seed2=0)(shape)``: float32 U[0, 1) draws, MindSpore's CPU stream."""

    name = "UniformReal"

    def __call__(self, shape: Any) -> Tensor:
        shape = _shape(shape, self.name)
        n = int(np.prod(shape))
        out = self._draw(lambda gen: _stream.uniform_real(gen, n).reshape(shape), shape)
        return out if isinstance(out, Tensor) else Tensor(out)


class UniformInt(_RandomPrimitive):
    """``ops.UniformInt(seed=0, seed2=0)(shape, minval, maxval)``: int32 draws in [minval, maxval)."""

    name = "UniformInt"

    def __call__(self, shape: Any, minval: Any, maxval: Any) -> Tensor:
        shape = _shape(shape, self.name)
        low, high = (int(as_tensor(v).asnumpy()) for v in (minval, maxval))
        if high <= low:
            raise ValueError(f"For '{self.name}', 'minval' must be less than 'maxval', but got 'minval': {low}, "
                             f"'maxval': {high}.")
        n = int(np.prod(shape))
        out = self._draw(lambda gen: _stream.uniform_int(gen, n, low, high).astype(np.int32).reshape(shape),
                         shape + (low, high))
        return out if isinstance(out, Tensor) else Tensor(out)


def _take_rows(x, perm):
    return jnp.take(x, perm, axis=0)


class RandomShuffle(_RandomPrimitive):
    """``ops.RandomShuffle(seed=0, seed2=0)(x)``: ``x`` with its first axis permuted by
    libstdc++'s ``std::shuffle`` on the kernel's ``minstd_rand0`` (MindSpore's CPU kernel)."""

    name = "RandomShuffle"
    kind = "minstd"

    def __call__(self, x: Tensor) -> Tensor:
        x = as_tensor(x)
        if x.ndim == 0 or x.shape[0] <= 1:
            return x
        n = x.shape[0]
        perm = self._draw(lambda gen: np.asarray(_stream.std_shuffle(gen, range(n)), np.int64), (n,))
        perm = perm if isinstance(perm, Tensor) else Tensor(perm)
        return Tensor._from_node(apply(_take_rows, [x.node, perm.node], {}, name=self.name))


class RandpermV2(Primitive):
    """``ops.RandpermV2(seed=0, offset=0, dtype=mstype.int64)(n)``: a permutation of ``range(n)``:
    MindSpore's CPU kernel shuffles with a fresh ``std::mt19937`` seeded with ``offset`` (or
    ``seed`` when ``offset`` is 0) at every launch."""

    name = "RandpermV2"

    def __init__(self, seed: int = 0, offset: int = 0, dtype: mstype.Type = mstype.int64) -> None:
        super().__init__()
        self.seed, self.offset, self.dtype = int(seed), int(offset), dtype
        for k, v in (("seed", self.seed), ("offset", self.offset), ("dtype", dtype)):
            self.add_prim_attr(k, v)

    def __call__(self, n: Any) -> Tensor:
        n = int(as_tensor(n).asnumpy()) if isinstance(n, Tensor) else n
        if isinstance(n, bool) or not isinstance(n, builtins.int):
            raise TypeError(f"For 'randperm', the type of 'n' must be int, but got {type(n).__name__}.")
        if n < 0:
            raise ValueError(f"For 'randperm', 'n' must be greater than or equal to 0, but got {n}.")
        seed = self.offset if self.offset != 0 else self.seed
        perm = _stream.std_shuffle(_stream.MT19937(seed & 0xFFFFFFFFFFFFFFFF), range(n))
        return Tensor(np.asarray(perm, mstype.to_numpy(self.dtype)))


def randperm(n: int, seed: int = 0, offset: int = 0, dtype: mstype.Type = mstype.int64) -> Tensor:
    """``ops.randperm(n, seed=0, offset=0, dtype=mstype.int64)``: ``RandpermV2``'s permutation."""
    return RandpermV2(seed, offset, dtype)(n)


# MindSpore's PyNative reuses one kernel per (op, attributes, input shape and dtype): its
# Dropout2D/3D kernels draw from one minstd_rand0 (default seed) that lives with that kernel
_ND_STREAMS: dict = {}


def dropout_nd(x: Tensor, keep_prob: float, name: str) -> tuple:
    """``Dropout2D`` / ``Dropout3D``: whole channels kept with ``bernoulli_distribution(keep_prob)``
    on the kernel's ``minstd_rand0`` (not seeded by ``set_seed``), kept values times
    ``float32(1 / keep_prob)``; ``(output, bool mask)``. In PyNative the kernel is shared by
    calls of the same attributes and input; inside a GRAPH_MODE / ``jit`` trace each call site
    is a kernel of its own, as MindSpore's graphs."""
    shape = tuple(x.shape)
    key = (name, keep_prob, shape, str(x.dtype))
    p = builtins.float(np.float32(keep_prob))

    def draw(gen) -> np.ndarray:
        keep = _stream.bernoulli_minstd(gen, shape[0] * shape[1], p).reshape(shape[:2] + (1,) * (len(shape) - 2))
        return np.ascontiguousarray(np.broadcast_to(keep, shape))
    if _tracing.current() is not None:
        mask = Tensor._from_node(graph_draw(key, lambda: _stream.MinStd(1), draw))
    else:
        mask = Tensor(draw(_ND_STREAMS.setdefault(key, _stream.MinStd(1))))
    scale = builtins.float(np.float32(1.0 / keep_prob))
    out = Tensor._from_node(apply(_dropout_mask_apply, [x.node, mask.node], {"scale": scale}, name=name))
    return out, mask


def _dropout_mask_apply(x, mask, *, scale: float):
    return x * mask.astype(x.dtype) * jnp.asarray(scale, x.dtype)


def _dropout_apply(x, mask, *, scale: float):
    return x * mask * jnp.asarray(scale, x.dtype)


class Dropout(Primitive):
    """``ops.Dropout(keep_prob=0.5, Seed0=0, Seed1=0)(x)``: ``(output, mask)``; the mask is MindSpore's
    CPU stream (one float draw per element, kept below ``keep_prob``), kept elements scaled by
    ``1 / keep_prob``."""

    name = "Dropout"

    def __init__(self, keep_prob: float = 0.5, Seed0: int = 0, Seed1: int = 0) -> None:  # noqa: N803
        super().__init__()
        if isinstance(keep_prob, bool) or not isinstance(keep_prob, (builtins.int, builtins.float)):
            raise TypeError(f"For 'Dropout', the type of 'keep_prob' must be float, but got "
                            f"{type(keep_prob).__name__}.")
        if not 0 < keep_prob <= 1:
            raise ValueError(f"For 'Dropout', the 'keep_prob' must be in range (0, 1], but got {keep_prob}.")
        self.keep_prob = builtins.float(keep_prob)
        self.seed0, self.seed1 = _check_seed(self.name, Seed0, "Seed0"), _check_seed(self.name, Seed1, "Seed1")
        for k, v in (("keep_prob", self.keep_prob), ("Seed0", self.seed0), ("Seed1", self.seed1)):
            self.add_prim_attr(k, v)
        self._stream = KernelStream(self.seed0, self.seed1, "minstd")

    def mask(self, shape: tuple) -> np.ndarray:
        """The next keep-mask (bool) of ``shape`` from this kernel's stream."""
        return _stream.dropout_keep(self._stream.generator, int(np.prod(shape)), self.keep_prob).reshape(shape)

    def __call__(self, x: Tensor) -> tuple:
        x = as_tensor(x)
        shape, dtype, keep_prob = tuple(x.shape), mstype.to_numpy(x.dtype), self.keep_prob

        def draw(gen) -> np.ndarray:
            return _stream.dropout_keep(gen, int(np.prod(shape)), keep_prob).reshape(shape).astype(dtype)
        if _tracing.current() is not None:  # this call site's own kernel (MindSpore's graphs)
            mask = Tensor._from_node(graph_draw(("Dropout", self.seed0, self.seed1, keep_prob, shape, str(dtype)),
                                                lambda: seeded_generator(self.seed0, self.seed1, "minstd"), draw))
        else:
            mask = Tensor(draw(self._stream.generator))
        out = Tensor._from_node(apply(_dropout_apply, [x.node, mask.node], {"scale": 1.0 / self.keep_prob},
                                      name="Dropout"))
        return out, mask


@jax.custom_jvp
def _opaque(p, zero):
    """``p`` unchanged, through its bits or'ed with a runtime zero: the compiler cannot see that
    it is the product it multiplied, so it does not fuse it with the next addition."""
    if p.dtype not in (jnp.float32, jnp.float64):
        return p
    bits = jnp.int32 if p.dtype == jnp.float32 else jnp.int64
    return lax.bitcast_convert_type(lax.bitcast_convert_type(p, bits) | zero.astype(bits), p.dtype)


@_opaque.defjvp
def _opaque_jvp(primals, tangents):
    return _opaque(*primals), tangents[0]


def _mul_add_kernel(x, scale, shift, zero):
    return _opaque(x * scale, zero) + shift


def _mul_add(x: Tensor, scale: Any, shift: Any) -> Tensor:
    """``x * scale + shift`` as MindSpore's Mul then Add, each rounded (XLA's CPU backend would
    contract them into one fused multiply-add inside a compiled GRAPH_MODE program)."""
    scale, shift = as_tensor(scale), as_tensor(shift)
    zero = Tensor(np.zeros((), np.int32))  # fed at run time, so it cannot be folded away
    return Tensor._from_node(apply(_mul_add_kernel, [x.node, scale.node, shift.node, zero.node], {}, name="Add"))


def _is(dtype: mstype.Type, kinds: str) -> bool:
    try:
        return mstype.to_numpy(dtype).kind in kinds
    except Exception:  # noqa: BLE001  (not a MindSpore dtype)
        return False


def _generate_shape(size: tuple) -> tuple:
    if not size:
        return (1,)
    if len(size) == 1 and isinstance(size[0], (list, tuple)):
        return tuple(size[0])
    return tuple(size)


def randn(*size: Any, dtype: mstype.Type | None = None, seed: int | None = None) -> Tensor:
    """``ops.randn(*size, dtype=None, seed=None)``: ``StandardNormal`` with the graph seeds."""
    if dtype is not None and not _is(dtype, 'f'):
        raise ValueError(f"For 'randn', the 'dtype' must be a float type, but got {dtype}.")
    s1, s2 = graph_seed(seed, "randn")
    out = StandardNormal(s1, s2)(_generate_shape(size))
    return out if dtype in (None, mstype.float32) else out.astype(dtype)


def rand(*size: Any, dtype: mstype.Type | None = None, seed: int | None = None) -> Tensor:
    """``ops.rand(*size, dtype=None, seed=None)``: ``UniformReal`` with the graph seeds."""
    if dtype is not None and not _is(dtype, 'f'):
        raise ValueError(f"For 'rand', the 'dtype' must be a float type, but got {dtype}.")
    s1, s2 = graph_seed(seed, "rand")
    out = UniformReal(s1, s2)(_generate_shape(size))
    return out if dtype in (None, mstype.float32) else out.astype(dtype)


def standard_normal(shape: Any, seed: int | None = None) -> Tensor:
    """``ops.standard_normal(shape, seed=None)``."""
    s1, s2 = graph_seed(seed, "standard_normal")
    return StandardNormal(s1, s2)(shape)


def normal(shape: Any, mean: Any, stddev: Any, seed: int | None = None) -> Tensor:
    """``ops.normal(shape, mean, stddev, seed=None)``: ``StandardNormal(shape) * stddev + mean``."""
    mean, stddev = as_tensor(mean), as_tensor(stddev)
    s1, s2 = graph_seed(seed, "normal")
    return _mul_add(StandardNormal(s1, s2)(shape), stddev, mean)


def randint(low: int, high: int, size: tuple, seed: int | None = None, *, dtype: mstype.Type | None = None) -> Tensor:
    """``ops.randint(low, high, size, seed=None, *, dtype=None)``: ``UniformInt``, Int64 by default."""
    if dtype is None:
        dtype = mstype.int64
    elif not _is(dtype, 'iu'):
        raise ValueError(f"For 'randint', the 'dtype' must be an int type, but got {dtype}.")
    if not isinstance(size, tuple):
        raise ValueError(f"For 'randint', the input 'size' must be a tuple, but got {size}.")
    for v, arg in ((low, "low"), (high, "high")):
        if not isinstance(v, builtins.int) or isinstance(v, bool):
            raise TypeError(f"For 'randint_like', '{arg}' must be an int, but got {type(v)}.")
    s1, s2 = graph_seed(seed, "randint")
    out = UniformInt(s1, s2)(size, Tensor(low, mstype.int32), Tensor(high, mstype.int32))
    return out.astype(dtype)


def uniform(shape: Any, minval: Tensor, maxval: Tensor, seed: int | None = None,
            dtype: mstype.Type = mstype.float32) -> Tensor:
    """``ops.uniform(shape, minval, maxval, seed=None, dtype=mstype.float32)``: ``UniformInt`` for
    int32, else ``UniformReal(shape) * (maxval - minval) + minval``."""
    if not isinstance(minval, Tensor) or not isinstance(maxval, Tensor):
        raise TypeError("For functional operator[uniform], the input[minval] and input[maxval] must be a Tensor.")
    if dtype not in (mstype.int32, mstype.float32):
        raise TypeError(f"For 'uniform', the 'dtype' must be one of [Int32, Float32], but got {dtype}.")
    s1, s2 = graph_seed(seed, "uniform")
    if dtype == mstype.int32:
        return UniformInt(s1, s2)(shape, minval, maxval)
    return _mul_add(UniformReal(s1, s2)(shape), maxval - minval, minval)


def shuffle(x: Tensor, seed: int | None = None) -> Tensor:
    """``ops.shuffle(x, seed=None)``: ``RandomShuffle`` with the graph seeds."""
    s1, s2 = graph_seed(seed, "shuffle")
    return RandomShuffle(s1, s2)(x)


def dropout(input: Tensor, p: float = 0.5, training: bool = True, seed: int | None = None) -> Tensor:
    """``ops.dropout(input, p=0.5, training=True, seed=None)``: a fresh ``Dropout`` kernel with the
    graph seeds (``nn.Dropout`` keeps one kernel, so its masks continue one stream)."""
    if not training:
        return input
    s0, s1 = graph_seed(seed, "dropout")
    return Dropout(1 - p, s0, s1)(input)[0]
