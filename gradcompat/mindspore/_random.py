"""MindSpore's global seed (``mindspore.set_seed`` / ``get_seed``) and the random streams
drawn from it, as MindSpore derives them:

- ``set_seed`` seeds numpy's global ``RandomState`` (as MindSpore does); each initializer call
  draws its 64-bit Philox seed from it (``initializer_seed``), so seeded initial weights equal
  MindSpore's bit for bit (the generators are in ``gradcompat.random.mindspore_stream``).
- random ops get ``(seed, seed2)`` from ``graph_seed`` (MindSpore's ``_get_graph_seed``: the
  global seed, and an op seed that advances per kernel name at each call); a primitive keeps
  its generator across calls (``KernelStream``), as MindSpore's CPU kernels do.
- inside a GRAPH_MODE / ``jit`` trace each random op's call site is a kernel of its own,
  seeded when the call is traced, whose draws are fed to every run of the program
  (``graph_draw``), as MindSpore's compiled graphs draw; ``draw_seed`` (JAX keys counted per
  draw, fresh at each replay but not MindSpore's numbers) remains for the ops not reproduced.
"""
from __future__ import annotations

import builtins

import jax
import jax.numpy as jnp
import numpy as np

from ..core import Constant, Node, StateCell, apply
from ..random import mindspore_stream as _ms
from . import _tracing

_seed: int | None = None
_generator = np.random.default_rng()


def set_seed(seed: int) -> None:
    """``mindspore.set_seed(seed)``: reseeds initializers and random ops (MindSpore's errors
    for a non-int or negative seed)."""
    global _seed, _generator
    if not isinstance(seed, builtins.int) or isinstance(seed, builtins.bool):
        raise TypeError(f"The argument 'seed' must be type of int, but got {type(seed)}.")
    if seed < 0:
        raise ValueError(f"For 'global_seed', the 'seed' must be int and must >= 0, but got '{seed}' with type "
                         f"'int'.")
    _seed, _generator = seed, np.random.default_rng(seed)
    np.random.seed(seed)  # MindSpore seeds numpy's global state (initializers draw from it)
    for listener in _SEED_LISTENERS:  # mindspore.dataset's seed, as MindSpore's set_seed sets it
        listener(seed)
    for key in _KERNEL_SEED:  # op seeds restart, as MindSpore's _reset_op_seed
        _KERNEL_SEED[key] = key[1]


_SEED_LISTENERS: list = []


def on_set_seed(listener) -> None:
    """Call ``listener(seed)`` at every ``set_seed`` (mindspore.dataset registers its config)."""
    _SEED_LISTENERS.append(listener)


DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2**31 - 1
_OP_SEED_STEP = 3528531795 ^ 3449720151  # MindSpore's keyConstant[0] ^ keyConstant[2]
_KERNEL_SEED: dict[tuple[str, int], int] = {}


def graph_seed(op_seed: int | None, kernel_name: str) -> tuple[int, int]:
    """MindSpore's ``_get_graph_seed``: ``(seed, seed2)`` for one random op; (0, 0) when neither
    a global nor an op seed is set. Each call with a seed advances that kernel name's op seed."""
    g = _seed
    g = DEFAULT_GRAPH_SEED if g == 0 else (0 if g is None else g)
    op = 0 if op_seed is None else op_seed
    if g == 0 and op == 0:
        return 0, 0
    if isinstance(op, bool) or not isinstance(op, builtins.int) or op < 0:
        raise ValueError(f"For '{kernel_name}', the 'seed' must be int and must >= 0, but got '{op}' with type "
                         f"'{type(op).__name__}'.")
    key = (kernel_name, op)
    temp = _KERNEL_SEED.setdefault(key, op)
    _KERNEL_SEED[key] = temp + _OP_SEED_STEP
    return g % _MAXINT32, temp % _MAXINT32


def initializer_seed() -> int:
    """The Philox seed of one initializer call: MindSpore's ``_numpy_seed`` (a draw from numpy's
    global RandomState, which ``set_seed`` seeds)."""
    return int(np.random.randint(low=1, high=(1 << 63), dtype=np.int64))


class KernelStream:
    """The generator a MindSpore random primitive's CPU kernel keeps across its launches:
    ``kind`` 'mt' (``std::mt19937``: UniformReal, UniformInt) or 'minstd'
    (``minstd_rand0``: StandardNormal, Dropout), seeded once from ``(seed, seed2)``."""

    def __init__(self, seed: int, seed2: int, kind: str) -> None:
        self.seed, self.seed2, self.kind = int(seed), int(seed2), kind
        self._gen = None

    @property
    def generator(self):
        if self._gen is None:
            if self.seed == 0 and self.seed2 == 0:
                mixed = int.from_bytes(__import__("os").urandom(4), "little")  # std::random_device
            else:
                mixed = _ms.get_seed(self.seed, self.seed2)
            self._gen = _ms.MT19937(mixed) if self.kind == "mt" else _ms.MinStd(mixed)
        return self._gen


def get_seed() -> int | None:
    """``mindspore.get_seed()``: the global seed, None until one is set."""
    return _seed


def numpy_generator() -> np.random.Generator:
    """The host random stream (initializers draw from it)."""
    return _generator


def next_key() -> jax.Array:
    """A fresh JAX PRNG key from the global stream (for random ops such as dropout)."""
    return jax.random.PRNGKey(int(_generator.integers(0, 2**31 - 1)))


# how many random-op draws were made: state, so a replayed GRAPH_MODE call draws anew
_draws = StateCell(np.asarray(0, np.int64), name="random_draws")  # numpy: no XLA client at import (forked workers)


def _offset(count, *, by: int):
    return count + by


def draw_seed() -> Node:
    """The seed of one random op's draw (an int64 scalar node): the count of draws so far,
    which the draw advances. Within a GRAPH_MODE / ``jit`` call the count is read when the
    program runs and advanced by its writes, so every replay draws fresh numbers, as
    MindSpore's random ops advance their state on every run of a graph."""
    trace = _tracing.current()
    earlier = 0 if trace is None else trace.draws  # a trace's reads all see the count at its start
    if trace is not None:
        trace.draws += 1
    count = _draws.read()
    seed = count if earlier == 0 else apply(_offset, [count], {"by": earlier}, name="Add")
    _tracing.record_write(_draws.assign(apply(_offset, [seed], {"by": 1}, name="Add")))
    return seed



class RandomSite:
    """One random kernel of a GRAPH_MODE / ``jit`` program, as MindSpore compiles it: every call
    site of a random op in a traced call is its own kernel, seeded from the op's seeds when the
    call is compiled (not the PyNative primitive's stream), and keeps its generator across the
    program's runs. ``node`` holds the draw of the run being traced; each later run of the
    program feeds it ``next()``."""

    def __init__(self, key: tuple, generator, draw) -> None:
        self.key, self.generator, self.draw = key, generator, draw
        self.node = None

    def next(self) -> np.ndarray:
        """The kernel's next output (its generator advances)."""
        return self.draw(self.generator)


def graph_draw(key: tuple, make_generator, draw) -> Node:
    """Inside a GRAPH_MODE / ``jit`` trace: a node holding this call site's draw from its own
    kernel (``make_generator()`` builds the kernel's generator, ``draw(generator)`` gives a numpy
    array), fed a fresh draw at every run of the program. ``key`` names the kernel (op, seeds,
    shape): a re-trace of a call already compiled (its body read a value) finds the kernels of
    its earlier traces by key and continues them, as MindSpore runs one graph."""
    trace = _tracing.current()
    occurrence = sum(1 for site in trace.random_sites if site.key == key)
    pool = trace.kernels
    generator = pool.get((key, occurrence))
    if generator is None:
        generator = pool[(key, occurrence)] = make_generator()
    site = RandomSite(key, generator, draw)
    site.node = Constant(site.next())
    trace.random_sites.append(site)
    return site.node


def seeded_generator(seed: int, seed2: int, kind: str):
    """A new kernel's generator (``KernelStream``'s) for op seeds ``(seed, seed2)``."""
    return KernelStream(seed, seed2, kind).generator


def kernel_seeds() -> dict:
    """A copy of the per-kernel-name op seeds (``graph_seed``'s counters)."""
    return dict(_KERNEL_SEED)


def retrace_seeds(first: dict) -> dict:
    """Set the op seeds to ``first`` (those at the start of a call's first trace) for a re-trace
    of that call, so its functional random ops get the seeds MindSpore compiled them with;
    returns the seeds to merge back afterwards (``merge_seeds``)."""
    now = dict(_KERNEL_SEED)
    _KERNEL_SEED.clear()
    _KERNEL_SEED.update(first)
    return now


def merge_seeds(before: dict) -> None:
    """After a re-trace: each op seed is the furthest of ``before`` and the re-trace's (a branch
    traced for the first time takes seeds as the first compilation would have)."""
    for key, value in before.items():
        _KERNEL_SEED[key] = max(value, _KERNEL_SEED.get(key, value))
