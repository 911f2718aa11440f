"""Deferred execution, state cells and effects, and the structural compile cache."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np
import pytest

from gradcompat import core
from gradcompat.core import Constant, Placeholder, StateCell, apply, ones_for, recording, run, vjp
from gradcompat.core.program import trace


@pytest.fixture
def deferred():
    with recording.deferred_mode(True):
        yield


def test_deferred_nodes_have_no_value_until_run(deferred):
    p = Placeholder((3,), jnp.float32, "p")
    y = apply(jnp.multiply, [p, Constant(jnp.float32(2.0))])
    assert y.value is None and y.aval.shape == (3,)
    (out,) = run([y], {p: np.array([1, 2, 3], np.float32)})
    np.testing.assert_array_equal(out, [2, 4, 6])


def test_missing_feed_and_uninitialized_state_are_reported(deferred):
    p = Placeholder((), jnp.float32, "p")
    with pytest.raises(core.MissingFeed) as info:
        run([apply(jnp.sin, [p])])
    assert info.value.placeholder is p
    cell = StateCell(name="w", aval=None)
    with pytest.raises(core.UninitializedState) as info:
        run([apply(jnp.sin, [cell.read()])])
    assert info.value.cell is cell


def test_effects_write_state_at_the_end_of_a_run(deferred):
    cell = StateCell(name="w")
    w = cell.read()
    init = cell.assign(Constant(jnp.array([1.0, 2.0], jnp.float32)))
    assert run([init]) == [None]
    loss = apply(jnp.sum, [apply(jnp.square, [w])])
    (grad,) = vjp([loss], [w], [ones_for(loss)])
    step = cell.assign(apply(jnp.subtract, [w, apply(jnp.multiply, [grad, Constant(jnp.float32(0.25))])]))
    before, _ = run([loss, step])
    assert float(before) == 5.0
    np.testing.assert_allclose(cell.value, [0.5, 1.0])


def test_grouped_effects_run_together(deferred):
    a, b = StateCell(name="a"), StateCell(name="b")
    group = core.Effect([], after=[a.assign(Constant(jnp.float32(1.0))), b.assign(Constant(jnp.float32(2.0)))])
    run([group])
    assert (float(a.value), float(b.value)) == (1.0, 2.0)


def test_eager_assignment_writes_now():
    cell = StateCell(jnp.float32(1.0), name="w")
    assert cell.assign(Constant(jnp.float32(4.0))) is None
    assert float(cell.read().value) == 4.0


def test_a_repeated_structure_compiles_once_and_values_are_not_part_of_the_key(deferred):
    core.clear_cache()
    x = Placeholder((4,), jnp.float32, "x")
    cell = StateCell(jnp.ones(4, jnp.float32), name="w")
    w = cell.read()
    loss = apply(jnp.sum, [apply(jnp.multiply, [w, x])])
    (grad,) = vjp([loss], [w], [ones_for(loss)])
    step = cell.assign(apply(jnp.subtract, [w, grad]))
    for i in range(10):
        run([loss, step], {x: np.full(4, i, np.float32)})
    info = core.cache_info()
    assert (info.misses, info.hits, info.compiles) == (1, 9, 1)
    np.testing.assert_allclose(cell.value, 1 - sum(range(10)))


def test_eager_vjp_hits_the_cache_in_a_loop():
    core.clear_cache()
    for step in range(5):
        x = Constant(jnp.full(3, step, jnp.float32), traced=True)
        y = apply(jnp.sum, [apply(jnp.sin, [x])])
        (g,) = vjp([y], [x], [ones_for(y)])
        np.testing.assert_allclose(g.value, np.cos(np.full(3, step, np.float32)), rtol=1e-6)
    info = core.cache_info()
    assert (info.misses, info.hits, info.compiles) == (1, 4, 1)
    assert info.compile_seconds > 0


def test_handles_are_jax_pytrees():
    import jax

    class Tensor(core.Handle):
        pass

    t = Tensor._from_node(Constant(jnp.arange(3.0)))
    doubled = jax.jit(lambda a: Tensor._from_node(Constant(a.node.value * 2)))(t)
    assert isinstance(doubled, Tensor)
    np.testing.assert_array_equal(np.asarray(doubled), [0.0, 2.0, 4.0])


def test_reads_share_one_node_per_value_and_tapes_hear_of_them():
    cell = StateCell(jnp.float32(1.0), name="w", owner="the variable")
    heard = []

    class Listening(recording.Tape):
        def on_read(self, c, node):
            heard.append((c.owner, node))

    first = cell.read()
    assert cell.read() is first  # same value, same node: one node to differentiate against
    cell.assign(Constant(jnp.float32(2.0)))
    second = cell.read()
    assert second is not first and float(second.value) == 2.0
    with Listening():
        assert cell.read() is second
    assert heard == [("the variable", second)]


def test_a_deferred_read_survives_value_changes(deferred):
    cell = StateCell(name="w", aval=None)
    node = cell.read()
    run([cell.assign(Constant(jnp.float32(3.0)))])
    assert cell.read() is node and float(run([node])[0]) == 3.0


def _doubled(x):
    return x * 2


def test_a_structure_compiles_at_its_first_sight():
    core.clear_cache()
    for calls in range(1, 4):
        np.testing.assert_array_equal(core.cache.call(_doubled, (), [jnp.ones(3)]), [2, 2, 2])
        info = core.cache_info()
        assert (info.misses, info.compiles, info.hits, info.entries) == (1, 1, calls - 1, 1)


def test_a_prepared_run_walks_the_graph_once_and_reads_state_at_each_call(deferred, monkeypatch):
    x = Placeholder((2,), jnp.float32, "x")
    cell = StateCell(jnp.zeros(2, jnp.float32), name="total")
    total = cell.read()
    new_total = apply(jnp.add, [total, x])
    traced = []
    monkeypatch.setattr(core.executor, "trace", lambda *a: traced.append(a) or trace(*a))
    prepared = core.executor.Prepared([new_total, cell.assign(new_total)], fed=[x])
    core.clear_cache()
    for i in range(1, 4):
        out, written = prepared({x: np.full(2, i, np.float32)})
        assert written is None
        np.testing.assert_array_equal(out, [sum(range(1, i + 1))] * 2)  # the write of the last call was read
    cell.value = jnp.full(2, 10.0, jnp.float32)  # a change from outside is seen too
    np.testing.assert_array_equal(prepared({x: np.ones(2, np.float32)})[0], [11.0, 11.0])
    info = core.cache_info()
    assert len(traced) == 1 and (info.misses, info.compiles, info.hits) == (1, 1, 3)
    with pytest.raises(core.MissingFeed):
        prepared({})
