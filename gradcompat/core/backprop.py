"""Reverse accumulation over a recorded program whose forward values are given.

``autodiff.vjp_apply`` applies ``jax.vjp`` to the whole replayed program, which computes the
forward pass again inside the gradient program. When the forward values are known (eager
execution computed them) or computed by the same program (a deferred step), the backward
pass can instead pull each equation's cotangent back through ``jax.vjp`` of that equation
alone, at its given inputs, as a tape-based autograd does: XLA then drops the forward work
no pullback needs (a matmul's output), and the step does its forward pass once.
"""
from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from .graph import getitem
from .program import Program


def _is_float0(x) -> bool:
    return getattr(x, "dtype", None) == jax.dtypes.float0


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, dict) and isinstance(b, dict):  # cotangents of selected outputs
        return {i: _add(a.get(i), b.get(i)) for i in a.keys() | b.keys()}
    if isinstance(a, dict):  # selected outputs meet a cotangent of the whole value
        a = _full(a, b)
    if isinstance(b, dict):
        b = _full(b, a)
    return jax.tree.map(lambda x, y: x if _is_float0(x) else x + y, a, b)


def _full(selected: dict, like: tuple) -> tuple:
    return tuple(selected[i] if i in selected else jax.tree.map(jnp.zeros_like, v) for i, v in enumerate(like))


def _pullback(fn, static, args, g):
    """The cotangents of ``args``. ``g`` is a dict when only some outputs of a multi-output
    op received one: the others then stay symbolic zeros, as in a whole-program jax.vjp
    (a custom gradient sees None for them, as torch's ``set_materialize_grads(False)``)."""
    if isinstance(g, dict):
        used = sorted(g)
        fn = functools.partial(_selected_outputs, fn=fn, static=static, used=tuple(used))
        g, static = tuple(g[i] for i in used), ()
    _, pullback = jax.vjp(functools.partial(fn, **dict(static)), *args)
    return pullback(g)


def _selected_outputs(*xs, fn, static, used):
    out = fn(*xs, **dict(static))
    return tuple(out[i] for i in used)


def _zero_cotangent(x):
    if jnp.issubdtype(jnp.result_type(x), jnp.inexact):
        return jnp.zeros_like(x)
    return np.zeros(np.shape(x), jax.dtypes.float0)  # what jax.vjp gives integer inputs


def backprop_apply(*values, program: Program, n_wrt: int):
    """Cotangent-weighted gradients of ``program`` with respect to its first ``n_wrt`` inputs
    (the same as ``vjp_apply``'s). ``values`` are the program's inputs, then the value of each
    of its equations, then the cotangents of its outputs."""
    n, m = program.n_inputs, len(program.eqns)
    env, cotangents = values[:n + m], values[n + m:]
    acc: list = [None] * (n + m)
    for ref, c in zip(program.out_refs, cotangents):
        acc[ref] = _add(acc[ref], c)
    for k in reversed(range(m)):
        g = acc[n + k]
        if g is None or all(_is_float0(leaf) for leaf in jax.tree.leaves(g)):
            continue
        fn, static, refs = program.eqns[k]
        if fn is getitem and isinstance(env[refs[0]], tuple):  # one output of a multi-output op
            acc[refs[0]] = _add(acc[refs[0]], {dict(static)["index"]: g})
            continue
        for ref, gi in zip(refs, _pullback(fn, static, [env[r] for r in refs], g)):
            if ref < n_wrt or ref >= n:  # other inputs need no gradient
                acc[ref] = _add(acc[ref], gi)
    return tuple(acc[i] if acc[i] is not None else _zero_cotangent(values[i]) for i in range(n_wrt))
