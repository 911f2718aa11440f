"""The decorator that makes a layer kernel one XLA program per shape."""
from __future__ import annotations

import inspect

import jax


def kernel(fn):
    """Compile ``fn`` with its keyword-only arguments as static attributes: eager calls then
    compile once per shape and attribute set, and the function keeps one stable identity
    (the core compile cache keys on it)."""
    static = [n for n, prm in inspect.signature(fn).parameters.items() if prm.kind is prm.KEYWORD_ONLY]
    return jax.jit(fn, static_argnames=static)
