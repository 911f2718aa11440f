"""The per-step Python of lazy mode (issue 17): a step that repeats its structure finds its Program
instead of rebuilding it, shares its numbers through a remembered program, and registering the
step's handles costs a weak reference each, without keeping dead ones."""
from __future__ import annotations

import gc

import jax.numpy as jnp
import numpy as np

from gradcompat.core import Constant, Scalar, apply, executor, lazy, program, recording
from gradcompat.core.executor import Prepared


class _Handle:
    def __init__(self, node):
        self.node = node


def _scaled(x, a, b, c):
    return x * a + x * b + c


def _step(x: Constant, numbers=(0.5, 0.5, 2.0)):
    with recording.deferred_mode(True):
        y = apply(jnp.tanh, [x])
        return apply(_scaled, [y] + [Scalar(v) for v in numbers])


def test_the_same_structure_traced_again_is_the_same_program():
    x = Constant(jnp.ones(3, jnp.float32))
    first, second = Prepared([_step(x)]), Prepared([_step(x)])
    assert first.program is second.program  # found, not rebuilt: compile-cache lookups compare by identity
    assert len(first.inputs) == 3  # x, and the two distinct numbers
    other = Prepared([_step(x, (0.5, 0.25, 2.0))])  # three distinct numbers: another program
    assert other.program is not first.program and len(other.inputs) == 4
    fresh = Prepared([_step(Constant(jnp.ones(3, jnp.float32)))])  # other leaves, same structure
    assert fresh.program is first.program
    np.testing.assert_allclose(first()[0], np.tanh(1.0) * 1.0 + 2.0, rtol=1e-6)
    np.testing.assert_allclose(other()[0], np.tanh(1.0) * 0.75 + 2.0, rtol=1e-6)


def test_a_traced_program_renumbers_inputs_and_equations():
    x = Constant(jnp.ones(2, jnp.float32))
    with recording.deferred_mode(True):
        y = apply(jnp.add, [x, x])
        z = apply(jnp.multiply, [y, x])
    prog, inputs = program.trace([z, y], [], None)
    assert inputs == [x] and prog.n_inputs == 1
    assert [refs for _, _, refs in prog.eqns] == [(0, 0), (1, 0)] and prog.out_refs == (2, 1)
    np.testing.assert_allclose(prog(jnp.full(2, 3.0))[0], [18.0, 18.0])


def test_registered_handles_are_weak_and_dead_ones_are_dropped():
    x = Constant(jnp.ones(2, jnp.float32))
    with lazy.lazy_mode():
        kept = _Handle(_step(x))
        for _ in range(3 * lazy._COMPACT_AT):
            lazy.register(_Handle(_step(x)))  # dies at once
        gc.collect()
        assert len(lazy._state.handles) < 2 * lazy._COMPACT_AT  # the dead ones were compacted away
        lazy.register(kept)
        lazy.register(kept)  # twice: computed once
    assert kept.node.value is not None and lazy._state.handles == []
    np.testing.assert_allclose(kept.node.value, np.tanh(1.0) + 2.0, rtol=1e-6)


def test_shared_numbers_are_remembered_per_program_and_pattern():
    executor._shared.clear()
    x = Constant(jnp.ones(3, jnp.float32))
    a, b = Prepared([_step(x)]), Prepared([_step(x, (0.25, 0.25, 3.0))])  # equal pattern, other numbers
    assert a.program is b.program and len(executor._shared) == 1
    np.testing.assert_allclose(b()[0], np.tanh(1.0) * 0.5 + 3.0, rtol=1e-6)
