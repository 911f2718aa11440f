"""``tf.random``: ``set_seed``, ``normal``, ``uniform``, ``truncated_normal``.

TF's seeding contract, not TF's numbers: after ``tf.random.set_seed(s)`` the sequence of
random ops gives the same values again, each op call draws new ones, and an op seed
picks a separate stream. Eager ops draw when called; a TF1 graph op draws anew on every
``Session.run`` (a counter in a state cell, advanced by an effect attached to the op).
Inside ``tf.function`` likewise: each call of the function draws anew (the counter's
advance is one of the function's effects).
"""
from __future__ import annotations

import itertools
import secrets
import weakref

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from . import dtypes as _dt
from . import tracing
from .array_ops import static_ints
from .graph import executing_eagerly, get_default_graph
from .shapes import TensorShape
from .tensor import Tensor, constant, wrap

_DEFAULT_GRAPH_SEED = 87654321  # TF's global seed when only an op seed is given


class _SeedState:
    def __init__(self) -> None:
        self.global_seed: int | None = None
        self.calls: dict = {}


_state = _SeedState()
_counters: "weakref.WeakSet[core.StateCell]" = weakref.WeakSet()  # graph ops' draw counters


def set_seed(seed: int | None) -> None:
    """``tf.random.set_seed`` (``tf.compat.v1.set_random_seed``): restarts the random streams."""
    _state.global_seed = None if seed is None else int(seed)
    _state.calls = {}
    for cell in list(_counters):  # traced functions' random ops start their streams over, as in TF
        cell.value = jnp.zeros((), jnp.uint32)


def _generator(seed: int | None) -> np.random.Generator:
    if _state.global_seed is None and seed is None:
        return np.random.default_rng(secrets.randbits(64))
    stream = (_DEFAULT_GRAPH_SEED if _state.global_seed is None else _state.global_seed,
              -1 if seed is None else int(seed))
    counter = _state.calls.setdefault(stream, itertools.count())
    return np.random.default_rng([stream[0] & 0xFFFFFFFF, stream[1] & 0xFFFFFFFF, next(counter)])


def _draw(counter, *, kind: str, shape: tuple, dtype, seed: int, a, b):
    key = jax.random.fold_in(jax.random.key(seed), counter)
    if kind == "normal":
        return (jax.random.normal(key, shape, dtype) * b + a).astype(dtype)
    if kind == "truncated_normal":
        return (jax.random.truncated_normal(key, -2.0, 2.0, shape, dtype) * b + a).astype(dtype)
    if jnp.issubdtype(dtype, jnp.integer):
        return jax.random.randint(key, shape, a, b, dtype)
    return jax.random.uniform(key, shape, dtype, a, b)


def _next_count(counter):
    return counter + 1


def _in_graph() -> bool:
    return not executing_eagerly()


def _graph_draw(kind: str, shape: tuple, target: _dt.DType, seed, a, b, op_type: str, name) -> Tensor:
    """A TF1 graph random op: each run draws from the next counter value of its own cell."""
    cell = core.StateCell(jnp.zeros((), jnp.uint32), name=f"{op_type}/counter")
    _counters.add(cell)
    counter = cell.read()
    static = {"kind": kind, "shape": shape, "dtype": target.np, "seed": int(_generator(seed).integers(2 ** 31)),
              "a": a, "b": b}
    node = core.apply(_draw, [counter], static, name=op_type)
    advanced = core.apply(_next_count, [counter])
    trace = tracing.current()
    if trace is not None:  # tf.function: the advance runs with the function's other effects
        trace.record_write(cell, cell.assign(advanced), advanced)
    else:
        get_default_graph().attach_control(node, [cell.assign(advanced)])
    return wrap(node, target, TensorShape(shape), op_type, name)


def _floating(dtype) -> _dt.DType:
    target = _dt.as_dtype(dtype)
    if not target.is_floating:
        raise ValueError(f"Invalid dtype {target!r}: only floating-point dtypes are allowed here.")
    return target


def normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.normal``."""
    target = _floating(dtype)
    if _in_graph():
        return _graph_draw("normal", static_ints(shape), target, seed, float(mean), float(stddev), "random_normal", name)
    values = _generator(seed).normal(float(mean), float(stddev), static_ints(shape))
    return constant(values.astype(target.np), dtype=target, name=name or "random_normal")


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=_dt.float32, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.truncated_normal``: redraws beyond two standard deviations."""
    target = _floating(dtype)
    if _in_graph():
        return _graph_draw("truncated_normal", static_ints(shape), target, seed, float(mean), float(stddev),
                           "truncated_normal", name)
    rng = _generator(seed)
    values = rng.standard_normal(static_ints(shape))
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2
    return constant((values * float(stddev) + float(mean)).astype(target.np), dtype=target,
                    name=name or "truncated_normal")


def uniform(shape, minval=0, maxval=None, dtype=_dt.float32, seed=None, name: str | None = None) -> Tensor:
    """``tf.random.uniform``: [minval, maxval); integer dtypes need ``maxval``."""
    target = _dt.as_dtype(dtype)
    if target.is_integer and maxval is None:
        raise ValueError(f"Must specify maxval for integer dtype {target!r}")
    if _in_graph():
        bounds = (int(minval), int(maxval)) if target.is_integer else (float(minval), 1.0 if maxval is None else float(maxval))
        return _graph_draw("uniform", static_ints(shape), target, seed, *bounds, "random_uniform", name)
    rng, dims = _generator(seed), static_ints(shape)
    if target.is_integer:
        values = rng.integers(int(minval), int(maxval), dims)
    else:
        high = 1.0 if maxval is None else float(maxval)
        values = rng.uniform(float(minval), high, dims)
        values = np.minimum(values.astype(target.np), np.nextafter(target.np.type(high), target.np.type(-np.inf)))
    return constant(np.asarray(values).astype(target.np), dtype=target, name=name or "random_uniform")
