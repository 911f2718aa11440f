"""Which inputs each output of an op really depends on.

A vjp node takes every input of its replayed subgraph, but a gradient often uses only
some of them: d(2x)/dx = 2 uses none, d(x*z)/dx = z uses z alone. Torch marks such a
gradient as not requiring grad, and reports a second derivative through it as unused.
The answer comes from the op's jaxpr, a structural walk (no values), cached by structure.
"""
from __future__ import annotations

import functools
from typing import Callable, Sequence

import jax
from jax.extend import core as jex_core


def _jaxpr_dependence(jaxpr, input_deps: Sequence[frozenset]) -> list[frozenset]:
    env: dict = {}
    for var, deps in zip(jaxpr.invars, input_deps):
        env[var] = deps
    for var in jaxpr.constvars:
        env[var] = frozenset()

    def read(atom) -> frozenset:
        return frozenset() if isinstance(atom, jex_core.Literal) else env.get(atom, frozenset())

    for eqn in jaxpr.eqns:
        ins = [read(v) for v in eqn.invars]
        inner = eqn.params.get("jaxpr")
        inner = getattr(inner, "jaxpr", inner)
        if inner is not None and hasattr(inner, "eqns") and len(inner.invars) == len(ins) \
                and len(inner.outvars) == len(eqn.outvars):
            outs = _jaxpr_dependence(inner, ins)  # see through pjit / closed calls
        else:
            union = frozenset().union(*ins) if ins else frozenset()
            outs = [union] * len(eqn.outvars)
        for var, deps in zip(eqn.outvars, outs):
            env[var] = deps
    return [read(v) for v in jaxpr.outvars]


@functools.lru_cache(maxsize=4096)
def _cached(fn: Callable, static: tuple, avals: tuple) -> tuple[frozenset, ...]:
    shapes = [jax.ShapeDtypeStruct(shape, dtype) for shape, dtype in avals]
    closed = jax.make_jaxpr(functools.partial(fn, **dict(static)))(*shapes)
    return tuple(_jaxpr_dependence(closed.jaxpr, [frozenset({i}) for i in range(len(shapes))]))


def output_dependence(fn: Callable, static: tuple, avals: Sequence) -> tuple[frozenset, ...] | None:
    """For each (flattened) output of ``fn(*inputs, **static)``, the input positions it
    depends on; None when an input's shape is unknown."""
    if any(a is None for a in avals):
        return None
    return _cached(fn, static, tuple((tuple(a.shape), a.dtype) for a in avals))
