"""Forward-mode AD on the one graph: tangents carried through op dispatch.

While a *dual level* is open, a node may carry a tangent (a handle or node of the same shape).
``graph.apply`` asks ``propagate`` after every op: when an input carries a tangent, the output's
tangent is computed by ``jax.jvp`` of the op's own kernel (as a core op itself, so a tangent is
recorded for reverse mode like any value: gradients of tangents work). Ops whose kernel JAX
cannot push tangents through (a custom-gradient kernel) are marked ``opaque``: the dialect that
made them sets their outputs' tangents itself. Leaving the level forgets every tangent.

Dialect-free: the dialect chooses the level API (torch's ``forward_ad``), error texts and what a
tangent handle is; core keeps the tables and the jvp kernels.
"""
from __future__ import annotations

import contextlib
import functools
import threading
import weakref
from typing import Any, Callable, Iterator

import jax
import jax.numpy as jnp

# open levels, innermost last: each maps node -> tangent (a Handle or a Node)
_levels: list["weakref.WeakKeyDictionary"] = []
_OPAQUE: set[Callable] = set()


class _Local(threading.local):
    def __init__(self) -> None:
        self.suspended = 0  # computing a tangent, or making a primal alias: no propagation


_local = _Local()


def active() -> bool:
    """Whether any dual level is open (the one check ``apply`` pays outside forward mode)."""
    return bool(_levels)


def enter() -> int:
    """Open a new level; returns its number (0 for the first)."""
    _levels.append(weakref.WeakKeyDictionary())
    return len(_levels) - 1


def exit(level: int) -> None:
    """Close ``level`` (the innermost one) and forget its tangents."""
    del _levels[level:]


def depth() -> int:
    return len(_levels)


def tangent(node, level: int | None = None) -> Any:
    """The tangent stored for ``node`` at ``level`` (default: the innermost), or None."""
    if not _levels:
        return None
    table = _levels[-1 if level is None else level] if (level is None or level < len(_levels)) else None
    return None if table is None else table.get(node)


def set_tangent(node, value, level: int | None = None) -> None:
    """Attach ``value`` (a Handle or Node; None removes) as ``node``'s tangent."""
    table = _levels[-1 if level is None else level]
    if value is None:
        table.pop(node, None)
    else:
        table[node] = value


def opaque(fn: Callable) -> Callable:
    """Mark a kernel whose tangents its dialect sets itself (no automatic jvp)."""
    _OPAQUE.add(fn)
    return fn


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """Ops inside get no tangents (while computing tangents, or making a primal alias)."""
    _local.suspended += 1
    try:
        yield
    finally:
        _local.suspended -= 1


def _node_of(t):
    return getattr(t, "node", t)


def _inexact(x) -> bool:
    return jnp.issubdtype(jnp.result_type(x), jnp.inexact)


def jvp_kernel(*values, fn: Callable, static: tuple, mask: tuple, reverse_only: bool = False):
    """The tangent of ``fn(*primals, **static)`` along the tangents of the ``mask`` positions
    (``values``: the primals, then one tangent per masked position)."""
    n = len(mask)
    primals, tangents = values[:n], values[n:]
    dual = [i for i, m in enumerate(mask) if m]

    def f(*xs):
        args = list(primals)
        for i, x in zip(dual, xs):
            args[i] = x
        return fn(*args, **dict(static))

    tans = tuple(jax.tree.map(_cast, t, primals[i]) for i, t in zip(dual, tangents))
    at = tuple(primals[i] for i in dual)
    if not reverse_only:
        return jax.jvp(f, at, tans)[1]
    # a kernel with only a reverse rule (jax.custom_vjp): its vjp is linear in the cotangent,
    # and the transpose of that linear map is the jvp
    value, pullback = jax.vjp(f, *at)
    (out,) = jax.linear_transpose(pullback, value)(tans)
    return out


def _cast(t, p):
    if getattr(t, "dtype", None) == jax.dtypes.float0 or not _inexact(p):
        return t
    return jnp.asarray(t).astype(jnp.result_type(p))


_jitted_jvp = jax.jit(jvp_kernel, static_argnames=("fn", "static", "mask", "reverse_only"))
_REVERSE_ONLY: set[Callable] = set()  # kernels jax.jvp refuses (custom_vjp inside)


@functools.lru_cache(maxsize=4096)
def _plain(fn: Callable, static: tuple) -> bool:
    from .eager import _DIRECT, _plain as plain
    return fn not in _DIRECT and plain(static)


def propagate(fn: Callable, static: tuple, inputs: tuple, out) -> None:
    """Give ``out`` (the node ``fn`` made from ``inputs``) its tangent, if an input has one."""
    if _local.suspended or fn in _OPAQUE:
        return
    table = _levels[-1]
    tans = [table.get(n) for n in inputs]
    if all(t is None for t in tans):
        return
    value, aval = out.value, out.aval
    if value is not None and not isinstance(value, tuple) and not _inexact(value):
        return  # integer / bool results carry no tangent
    if value is None and aval is not None and not isinstance(aval, tuple) and not _inexact(aval):
        return
    mask = tuple(t is not None for t in tans)
    from .graph import apply  # graph imports this module
    try:
        hashable = _plain(fn, static)
    except TypeError:
        hashable = False
    kernel = _jitted_jvp if hashable else jvp_kernel
    with suspended():
        # a multi-output op's tangent is a tuple: its selections (getitem ops) take their parts
        args = [*inputs, *(_node_of(t) for t in tans if t is not None)]
        attrs = {"fn": fn, "static": static, "mask": mask, "reverse_only": fn in _REVERSE_ONLY}
        try:
            node = apply(kernel, args, attrs, name="jvp")
        except TypeError as e:
            if attrs["reverse_only"] or "custom_vjp" not in str(e):
                raise
            _REVERSE_ONLY.add(fn)
            node = apply(kernel, args, {**attrs, "reverse_only": True}, name="jvp")
    table[out] = node


def is_float0(node) -> bool:
    value = getattr(node, "value", None)
    return getattr(value, "dtype", None) == jax.dtypes.float0
