"""MindSpore's global seed (``mindspore.set_seed`` / ``get_seed``) and the random streams
drawn from it: host-side numpy draws for initializers, seeds for random ops.

Random numbers need not equal MindSpore's: a seed makes our own draws reproducible.
"""
from __future__ import annotations

import builtins

import jax
import jax.numpy as jnp
import numpy as np

from ..core import Node, StateCell, apply
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
_draws = StateCell(jnp.asarray(0, jnp.int64), name="random_draws")


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
