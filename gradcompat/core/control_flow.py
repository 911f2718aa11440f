"""Control flow in deferred graphs: branches and loop bodies as Programs inside one op.

A dialect traces a branch or body function once, on placeholders standing for its
arguments, inside :func:`capturing`; :func:`close_over` turns the nodes it made into a
``Program`` and lists the outside nodes it reads (its captures). The kernels below run
those Programs under ``lax.switch`` / ``lax.while_loop`` / ``lax.scan``, so a cond or a
loop is one op of the graph: the executor compiles it with the rest of the step, and the
vjp engine differentiates it like any other op. Eager frameworks simply run Python
control flow; this module is for graph mode (TF1 graphs, ``tf.function``, compiled steps).
"""
from __future__ import annotations

import contextlib
import functools
from typing import Iterator, Sequence

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from . import recording
from .graph import Node
from .program import Program, trace


class _Creations(recording.Tape):
    """A tape that keeps every op made while it is active: the nodes of one traced body."""

    def watches_any(self, nodes) -> bool:
        return self.recording

    def created(self) -> set:
        return self._known


@contextlib.contextmanager
def capturing() -> Iterator[set]:
    """Collect the op nodes made inside the block (a branch or body being traced)."""
    tape = _Creations()
    with tape:
        yield tape.created()


def close_over(outputs: Sequence[Node], arguments: Sequence[Node], created: set) -> tuple[Program, list[Node]]:
    """The Program computing ``outputs`` from ``arguments`` and the outside nodes the body read.

    Nodes made inside the body (``created``) are computed by the Program; anything else it
    reaches is a capture, an input that follows the arguments. Returns the Program and the
    captures in input order.
    """
    program, inputs = trace(list(outputs), list(arguments), lambda node: node not in created)
    return program, inputs[len(arguments):]


# ---------------------------------------------------------------------------- kernels

def switch(index, *operands, branches: tuple[Program, ...], splits: tuple[int, ...]):
    """Run branch ``index`` (clamped as TF's switch_case does) on its slice of the operands.

    ``splits`` are the operand offsets where each branch's captures start (and the end).
    Every branch returns the same structure; the result is a tuple of arrays.
    """
    def runner(i):
        program, start, stop = branches[i], splits[i], splits[i + 1]
        return lambda ops: tuple(program(*ops[start:stop]))
    index = jnp.clip(jnp.asarray(index, jnp.int32), 0, len(branches) - 1)
    return lax.switch(index, [runner(i) for i in range(len(branches))], operands)


def while_loop(*operands, cond: Program, body: Program, n_vars: int, n_cond: int, maximum_iterations: int | None):
    """``while cond(vars): vars = body(vars)`` on ``operands = vars + cond captures + body captures``.

    With a static ``maximum_iterations`` the loop is a ``lax.scan`` of that length whose steps
    stop changing the state once ``cond`` fails (differentiable to any order). Without one it
    is a ``lax.while_loop`` whose gradient recomputes each iteration's state from the start
    (no bound on the trip count is known, so no buffer of states can be sized): quadratic in
    the trip count, exact.
    """
    loop_vars = tuple(operands[:n_vars])
    cond_captures = tuple(operands[n_vars:n_vars + n_cond])
    body_captures = tuple(operands[n_vars + n_cond:])
    if maximum_iterations is not None:
        return _bounded_loop(cond, body, maximum_iterations, loop_vars, cond_captures, body_captures)
    return _unbounded_loop(cond, body)(loop_vars, cond_captures, body_captures)


def _step(body: Program, state: tuple, captures: tuple) -> tuple:
    new = body(*state, *captures)
    return tuple(jnp.asarray(n, dtype=jnp.result_type(s)).reshape(jnp.shape(s)) for n, s in zip(new, state))


def _keep_going(cond: Program, state: tuple, captures: tuple):
    return jnp.asarray(cond(*state, *captures)[0], dtype=bool).reshape(())


def _bounded_loop(cond, body, maximum, loop_vars, cond_captures, body_captures):
    def one(carry, _):
        running, state = carry
        running = jnp.logical_and(running, _keep_going(cond, state, cond_captures))
        state = lax.cond(running, lambda s: _step(body, s, body_captures), lambda s: s, state)
        return (running, state), None

    (_, final), _ = lax.scan(one, (jnp.asarray(True), loop_vars), None, length=maximum)
    return final


@functools.lru_cache(maxsize=256)
def _unbounded_loop(cond: Program, body: Program):
    def run(loop_vars, cond_captures, body_captures):
        def keep_going(carry):
            return _keep_going(cond, carry[1], cond_captures)

        def advance(carry):
            return carry[0] + 1, _step(body, carry[1], body_captures)

        return lax.while_loop(keep_going, advance, (jnp.asarray(0, jnp.int32), tuple(loop_vars)))

    @jax.custom_vjp
    def loop(loop_vars, cond_captures, body_captures):
        return run(loop_vars, cond_captures, body_captures)[1]

    def forward(loop_vars, cond_captures, body_captures):
        trips, final = run(loop_vars, cond_captures, body_captures)
        return final, (loop_vars, cond_captures, body_captures, trips)

    def backward(saved, cotangent):
        loop_vars, cond_captures, body_captures, trips = saved
        wrt_state = [i for i, v in enumerate(loop_vars) if _differentiable(v)]
        wrt_captures = [i for i, v in enumerate(body_captures) if _differentiable(v)]

        def state_after(k):
            return lax.fori_loop(0, k, lambda _, s: _step(body, s, body_captures), tuple(loop_vars))

        def back(j, carry):
            ct_state, ct_captures = carry
            state = state_after(trips - 1 - j)

            def step_of(diff_state, diff_captures):
                s, c = list(state), list(body_captures)
                for i, v in zip(wrt_state, diff_state):
                    s[i] = v
                for i, v in zip(wrt_captures, diff_captures):
                    c[i] = v
                new = _step(body, tuple(s), tuple(c))
                return tuple(new[i] for i in wrt_state)

            _, pull = jax.vjp(step_of, tuple(state[i] for i in wrt_state), tuple(body_captures[i] for i in wrt_captures))
            d_state, d_captures = pull(ct_state)
            return d_state, tuple(a + b for a, b in zip(ct_captures, d_captures))

        start = (tuple(cotangent[i] for i in wrt_state),
                 tuple(jnp.zeros_like(body_captures[i]) for i in wrt_captures))
        ct_state, ct_captures = lax.fori_loop(0, trips, back, start)
        return (_scatter(loop_vars, wrt_state, ct_state), _scatter(cond_captures, [], ()),
                _scatter(body_captures, wrt_captures, ct_captures))

    loop.defvjp(forward, backward)
    return loop


def _differentiable(value) -> bool:
    return jnp.issubdtype(jnp.result_type(value), jnp.inexact)


def _scatter(like: tuple, positions: list[int], values: tuple) -> tuple:
    """Cotangents for every primal of ``like``: ``values`` at ``positions``, zeros elsewhere
    (float0 zeros for integer and boolean primals, as JAX requires)."""
    out = [np.zeros(jnp.shape(v), dtype=jax.dtypes.float0) if not _differentiable(v) else jnp.zeros_like(v)
           for v in like]
    for i, v in zip(positions, values):
        out[i] = v
    return tuple(out)


def scan(*operands, body: Program, n_carry: int, n_elems: int, reverse: bool):
    """``lax.scan`` of ``body(carry..., elem..., captures...) -> (new carry..., out...)`` over
    the leading axis of the element operands; returns the final carry then the stacked outs."""
    carry = tuple(operands[:n_carry])
    elems = tuple(operands[n_carry:n_carry + n_elems])
    captures = tuple(operands[n_carry + n_elems:])

    def one(c, e):
        results = body(*c, *e, *captures)
        new = tuple(jnp.asarray(n, dtype=jnp.result_type(o)).reshape(jnp.shape(o))
                    for n, o in zip(results[:n_carry], c))
        return new, tuple(results[n_carry:])

    final, stacked = lax.scan(one, carry, elems, reverse=reverse)
    return (*final, *stacked)
