"""Jaxprs as hashable static attributes, compared by structure.

A dialect that traces a user's function to a jaxpr at every call (a functional transform)
keys its op on the jaxpr's structure instead of on a per-call closure: calls with the same
structure then share one forward executable and one backward executable. ``structure_apply``
is that op's kernel: the jaxpr evaluated as one nested jit call.
"""
from __future__ import annotations

from typing import Callable

import jax
import jax.extend
import numpy as np

_PLAIN_PARAM = (str, int, bool, type(None), np.dtype)


class _Id:
    """A value that compares by identity in a key (an array, an object without equality);
    the key keeps it alive, so its id is not reused while the key exists."""

    __slots__ = ("value",)

    def __init__(self, value) -> None:
        self.value = value

    def __eq__(self, other) -> bool:
        return isinstance(other, _Id) and other.value is self.value

    def __hash__(self) -> int:
        return id(self.value)


def _aval_key(aval) -> tuple:
    shape = getattr(aval, "shape", None)
    if shape is None:
        return (type(aval).__name__, str(aval))
    return (tuple(shape), aval.dtype, getattr(aval, "weak_type", False))


def _param_key(value):
    """A parameter as part of a key: data by value, jaxprs by structure (their constants by
    identity), functions and other objects by their own equality (a function: identity)."""
    if isinstance(value, _PLAIN_PARAM):
        return value
    if isinstance(value, (float, complex, np.generic)):
        return (type(value), repr(value))  # -0.0 is not 0.0, nan is nan
    if isinstance(value, tuple):
        return tuple(_param_key(v) for v in value)
    if isinstance(value, jax.extend.core.ClosedJaxpr):
        return ("closed", _known_jaxpr_key(value.jaxpr), tuple(_Id(c) for c in value.consts))
    if isinstance(value, jax.extend.core.Jaxpr):
        return ("jaxpr", _known_jaxpr_key(value))
    try:
        hash(value)
        return value
    except TypeError:
        return _Id(value)


_INNER_KEYS: dict[int, tuple] = {}  # id(jaxpr) -> (jaxpr, its key): the jaxpr kept alive, so the id stays its own
_MAX_INNER = 4096


def _known_jaxpr_key(jaxpr) -> tuple:
    """``_jaxpr_key`` of a nested jaxpr, remembered: JAX hands out the same jaxpr object for
    each trace of one jitted kernel on the same shapes (its trace cache), so a function traced
    again at every call rebuilds the same inner keys."""
    entry = _INNER_KEYS.get(id(jaxpr))
    if entry is not None and entry[0] is jaxpr:
        return entry[1]
    key = _jaxpr_key(jaxpr)
    if len(_INNER_KEYS) >= _MAX_INNER:
        _INNER_KEYS.pop(next(iter(_INNER_KEYS)))
    _INNER_KEYS[id(jaxpr)] = (jaxpr, key)
    return key


def _jaxpr_key(jaxpr) -> tuple:
    """The structure of a jaxpr as a hashable tuple: equal keys compute the same function of
    their inputs (variables by position, literals by their bytes)."""
    names: dict = {}

    def atom(v):
        if isinstance(v, jax.extend.core.Literal):
            value = np.asarray(v.val)
            return ("lit", value.tobytes(), str(value.dtype), _aval_key(v.aval))
        return names[v]

    for v in (*jaxpr.constvars, *jaxpr.invars):
        names[v] = len(names)
    eqns = []
    for eqn in jaxpr.eqns:
        eqns.append((eqn.primitive, tuple(atom(v) for v in eqn.invars),
                     tuple(sorted((k, _param_key(v)) for k, v in eqn.params.items())),
                     tuple(_aval_key(v.aval) for v in eqn.outvars)))
        for v in eqn.outvars:
            names[v] = len(names)
    return (tuple(_aval_key(v.aval) for v in jaxpr.constvars), tuple(_aval_key(v.aval) for v in jaxpr.invars),
            tuple(eqns), tuple(atom(v) for v in jaxpr.outvars))


class Structure:
    """A traced transform as a hashable static attribute: equal when the jaxprs have the same
    structure (``_jaxpr_key``)."""

    __slots__ = ("jaxpr", "_key", "_hash")

    def __init__(self, jaxpr) -> None:
        self.jaxpr = jaxpr  # closed over nothing: its constants are the op's first inputs
        self._key = _jaxpr_key(jaxpr)
        self._hash = hash(self._key)

    def __eq__(self, other) -> bool:
        return self is other or (isinstance(other, Structure) and self._hash == other._hash
                                 and self._key == other._key)

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"Structure(eqns={len(self.jaxpr.eqns)})"


def eval_jaxpr(jaxpr, consts, args) -> list:
    """A jaxpr evaluated equation by equation (under a trace: it is staged into the caller's
    program), nested jit calls inlined."""
    env: dict = {}

    def read(v):
        return v.val if isinstance(v, jax.extend.core.Literal) else env[v]

    env.update(zip(jaxpr.constvars, consts))
    env.update(zip(jaxpr.invars, args))
    for eqn in jaxpr.eqns:
        ins = [read(v) for v in eqn.invars]
        if eqn.primitive.name in ("jit", "pjit"):
            inner = eqn.params["jaxpr"]
            outs = eval_jaxpr(inner.jaxpr, inner.consts, ins)
        else:
            with eqn.ctx.manager:
                outs = eqn.primitive.bind(*ins, **eqn.primitive.get_bind_params(eqn.params))
            if not eqn.primitive.multiple_results:
                outs = [outs]
        env.update(zip(eqn.outvars, outs))
    return [read(v) for v in jaxpr.outvars]


_COMPILED: dict[Structure, Callable] = {}  # structure -> its evaluation as one jit function
_MAX_ENTRIES = 512


def _jitted(structure: Structure) -> Callable:
    compiled = _COMPILED.get(structure)
    if compiled is None:
        if len(_COMPILED) >= _MAX_ENTRIES:
            _COMPILED.pop(next(iter(_COMPILED)))
        jaxpr = structure.jaxpr
        compiled = _COMPILED[structure] = jax.jit(lambda *xs: tuple(eval_jaxpr(jaxpr, (), xs)))
    return compiled


def structure_apply(*values, structure: Structure):
    """The op of ``run_transform``: the traced transform on its inputs (constants first), as
    one nested jit call, whose trace and derivatives JAX keeps for the next program of the
    same structure (a backward pass that contains it)."""
    return _jitted(structure)(*values)
