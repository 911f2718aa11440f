"""Eager evaluation of one op: one jitted dispatch per kernel once it repeats.

A kernel made of several ``jnp`` calls (casts included) dispatches each primitive on its
own when called directly: a few microseconds of Python and C++ per primitive. Under
``jax.jit`` the whole kernel is one cached executable and one dispatch. A (kernel, static
attributes) pair runs directly the first time it is seen (so a one-off op, or an op whose
static attributes change every call, never pays a trace and a compilation) and jitted from
the second time on; ``jax.jit`` itself compiles once per input shape and dtype. A kernel
that is already a ``jax.jit`` function is called as it is.

Only kernels whose static attributes are plain data (numbers, strings, dtypes, tuples of
these) are jitted: an object among them (a user's function, a Cell, a custom-gradient
spec) may run the user's Python, whose side effects and closed-over values must be seen
on every call, not once per trace. The jitted call must behave as the direct one: if it
fails (a kernel that needs concrete values, or an input the kernel rejects), the direct
call runs and decides; a kernel that fails only under ``jit`` is never jitted again.
"""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Sequence

import jax
import numpy as np

from . import host


_DIRECT: set[Callable] = set()


def run_directly(fn: Callable) -> Callable:
    """Mark a kernel as never jitted: one that costs less than a dispatch (selecting an
    element of a Python tuple)."""
    _DIRECT.add(fn)
    return fn


class _Kernel:
    """What is known of one (kernel, static attributes) pair: seen once, jitted, or direct only."""

    __slots__ = ("jitted", "direct_only")

    def __init__(self, direct_only: bool) -> None:
        self.jitted: Callable | None = None
        self.direct_only = direct_only


_PLAIN = (str, int, float, complex, bool, type(None), np.dtype, np.generic)


def _plain(value) -> bool:
    """Whether a static attribute is data only (a numpy scalar type counts: dtype=jnp.float32)."""
    if isinstance(value, tuple):
        return all(_plain(v) for v in value)
    return isinstance(value, _PLAIN) or (isinstance(value, type) and issubclass(value, np.generic))


@functools.lru_cache(maxsize=4096)
def _kernel(fn: Callable, static: tuple) -> _Kernel:
    kernel = _Kernel(fn in _DIRECT or not _plain(static))
    if hasattr(fn, "lower"):  # already a jax.jit function: it compiles once per shape itself
        kernel.jitted = functools.partial(fn, **dict(static))
    return kernel


def call(fn: Callable, static: tuple, values: Sequence[Any]):
    """``fn(*values, **dict(static))``, as one jitted dispatch from the second call on (or on the
    host, in numpy, where ``fn`` has a host twin and its inputs are small: ``core.host``)."""
    twin = host._TWINS.get(fn)
    if twin is not None:
        result = host.call(twin, values, static)
        if result is not None:
            return result
    try:
        kernel = _kernel(fn, static)
    except TypeError:  # unhashable static attributes: no entry to remember
        return fn(*host.as_device_values(values), **dict(static))
    jitted = kernel.jitted
    if jitted is None:
        if not kernel.direct_only:
            kernel.jitted = jax.jit(functools.partial(fn, **dict(static)))
        return fn(*host.as_device_values(values), **dict(static))
    try:
        return jitted(*values)  # (jit takes host numpy arrays as they are)
    except Exception:
        result = fn(*host.as_device_values(values), **dict(static))  # the direct call's error, if it has one, is the one to raise
        kernel.jitted, kernel.direct_only = None, True
        return result


def compiled_kernel(fn: Callable) -> Callable:
    """Compile a kernel as one XLA program with its keyword-only arguments as static
    attributes: eager calls then compile once per shape and attribute set instead of once per
    primitive, and the kernel keeps one stable identity (the compile cache keys on it)."""
    static = [n for n, prm in inspect.signature(fn).parameters.items() if prm.kind is prm.KEYWORD_ONLY]
    return jax.jit(fn, static_argnames=static)
