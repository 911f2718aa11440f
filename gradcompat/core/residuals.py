"""Kernels whose value carries their own vjp residuals, so that a backward pass does not run
their forward computation a second time.

The backward pass (``backprop``) pulls an op's cotangent back through ``jax.vjp`` of its kernel
at the op's saved inputs, which traces the kernel's forward computation again. For most kernels
XLA drops that work (a matmul's pullback does not need its output), but a recurrent layer's
forward is a ``lax.scan``: the gradient program would hold a second forward loop, which XLA
cannot merge with the first (measured: an LSTM training step ~1.4x a hand-written
``jax.value_and_grad``). A kernel made by ``saving_residuals`` returns its outputs followed by
the residuals of its vjp (what ``jax.vjp``'s pullback closes over, less the inputs themselves),
and ``backprop`` rebuilds the pullback from the op's value: the forward loop runs once, as in
``jax.value_and_grad``. Ops that no gradient will reach should use the plain kernel
(``plain(kernel)``): the residuals cost memory and stores.
"""
from __future__ import annotations

import functools
import inspect
from typing import Callable, Sequence

import jax
import jax.numpy as jnp
import numpy as np

from . import recording

_ATTRIBUTE = "_gradcompat_value_pullback"


def saving_residuals(kernel: Callable) -> Callable:
    """``kernel`` (keyword-only static attributes, returning a tuple) as a jitted kernel that
    returns ``(*outputs, *residuals)``; ``value_pullback`` of it pulls back from such a value."""
    names = [n for n, p in inspect.signature(kernel).parameters.items() if p.kind is p.KEYWORD_ONLY]

    def forward(*args, **static):
        out, pull = jax.vjp(functools.partial(kernel, **static), *args)
        return (*out, *_stored(pull, args))

    forward.__name__ = forward.__qualname__ = f"{getattr(kernel, '__name__', 'kernel')}_saving_residuals"
    jitted = jax.jit(forward, static_argnames=names)
    setattr(jitted, _ATTRIBUTE, functools.partial(_pull_from_value, kernel))
    jitted.plain = kernel
    return jitted


def kernel_for(saving: Callable, inputs: Sequence) -> Callable:
    """The kernel an op on these input nodes should run: ``saving`` (from ``saving_residuals``)
    where a gradient may pull back through it (recorded now, or a deferred program, whose
    unused residuals XLA drops), else its plain kernel."""
    return saving if recording.deferred() or recording.records(inputs) else saving.plain


def value_pullback(fn: Callable) -> Callable | None:
    """For a kernel made by ``saving_residuals``: ``pull(static, args, value, g)`` -> the
    cotangents of ``args``; None for any other kernel."""
    return getattr(fn, _ATTRIBUTE, None)


def _is_input(leaf, args: Sequence) -> bool:
    return any(leaf is a for a in args)


def _stored(pull, args: Sequence) -> list:
    """The pullback's residuals that are not inputs of the op (those are saved already)."""
    return [leaf for leaf in jax.tree.leaves(pull) if not _is_input(leaf, args)]


@functools.lru_cache(maxsize=1024)
def _jitted_pull(kernel: Callable, static: tuple, used: tuple | None) -> Callable:
    return jax.jit(functools.partial(_pull, kernel=kernel, static=static, used=used))


def _pull_from_value(kernel: Callable, static: tuple, args: Sequence, value: tuple, g):
    """The cotangents of ``args``. ``g``: the cotangents of the outputs, a tuple or (only some
    outputs reached) a dict by output index; the residual outputs receive none."""
    used = tuple(sorted(g)) if isinstance(g, dict) else None
    cts = tuple(g[i] for i in used) if used is not None else tuple(g)
    try:
        pull = _jitted_pull(kernel, static, used)
    except TypeError:  # unhashable static attributes
        return _pull(tuple(args), tuple(value), cts, kernel=kernel, static=static, used=used)
    return pull(tuple(args), tuple(value), cts)


def _zero(x):
    if jnp.issubdtype(x.dtype, jnp.inexact):
        return jnp.zeros_like(x)
    return np.zeros(x.shape, jax.dtypes.float0)


def _pull(args, value, cts, *, kernel, static, used):
    # traced again for the pullback's structure only: its forward values are unused, and XLA
    # removes them (dead code); the residuals come from the op's value
    out, pull = jax.vjp(functools.partial(kernel, **dict(static)), *args)
    leaves, treedef = jax.tree.flatten(pull)
    n_out = len(out)
    saved = iter(value[n_out:])
    pull = jax.tree.unflatten(treedef, [leaf if _is_input(leaf, args) else next(saved) for leaf in leaves])
    if used is None:
        full = tuple(cts[:n_out])
    else:
        given = dict(zip(used, cts))
        full = tuple(given[i] if i in given else _zero(o) for i, o in enumerate(out))
    return pull(full)
