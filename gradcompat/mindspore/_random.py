"""MindSpore's global seed (``mindspore.set_seed`` / ``get_seed``) and the random streams
drawn from it: host-side numpy draws for initializers, JAX keys for random ops.

Random numbers need not equal MindSpore's: a seed makes our own draws reproducible.
"""
from __future__ import annotations

import builtins

import jax
import numpy as np

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
