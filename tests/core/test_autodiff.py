"""The vjp engine against hand-written JAX (no framework can run core on its own)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradcompat import core
from gradcompat.core import Constant, apply, ones_for, vjp


def leaf(value, traced=True):
    return Constant(jnp.asarray(value, jnp.float32), traced=traced)


def values(nodes):
    return [None if n is None else np.asarray(n.value) for n in nodes]


def test_guide_example_gradients():
    x, y = leaf(2.0), leaf(3.0)
    z = apply(jnp.multiply, [apply(jnp.multiply, [x, x]), y])
    assert values(vjp([z], [x, y], [ones_for(z)])) == [12.0, 4.0]


def test_untraced_results_keep_no_graph():
    x = leaf(2.0, traced=False)
    y = apply(jnp.sin, [x])
    assert isinstance(y, Constant) and y.inputs == ()


def test_several_outputs_are_summed_with_their_cotangents():
    w = leaf([1.0, 2.0])
    a, b = apply(jnp.sin, [w]), apply(jnp.square, [w])
    ca, cb = leaf([2.0, 3.0], traced=False), leaf([5.0, 7.0], traced=False)
    (g,) = vjp([a, b], [w], [ca, cb])
    expected = jax.vjp(lambda v: (jnp.sin(v), jnp.square(v)), w.value)[1]((ca.value, cb.value))[0]
    np.testing.assert_allclose(g.value, expected, rtol=1e-6)


def test_unreached_wrt_is_none():
    x, unused = leaf(1.0), leaf(2.0)
    y = apply(jnp.exp, [x])
    assert values(vjp([y], [x, unused], [ones_for(y)]))[1] is None


def test_intermediate_wrt_cuts_the_graph():
    x = leaf(0.5)
    h = apply(jnp.sin, [x])
    y = apply(jnp.square, [h])
    (g,) = vjp([y], [h], [ones_for(y)])
    np.testing.assert_allclose(g.value, 2 * np.sin(np.float32(0.5)), rtol=1e-6)


def test_intermediate_wrt_downstream_of_another_wrt_gets_both_gradients():
    x = leaf(0.5)
    h = apply(jnp.sin, [x])
    y = apply(jnp.multiply, [h, x])  # y = sin(x) * x
    gx, gh = vjp([y], [x, h], [ones_for(y)])
    np.testing.assert_allclose(gx.value, jax.grad(lambda v: jnp.sin(v) * v)(np.float32(0.5)), rtol=1e-6)
    np.testing.assert_allclose(gh.value, 0.5, rtol=1e-6)


def test_stop_gradient_is_a_boundary():
    x = leaf(1.0)
    y = apply(jnp.multiply, [apply(core.stop_gradient, [x]), x])
    stopped = apply(core.stop_gradient, [x])
    (g,) = vjp([y], [x], [ones_for(y)])
    np.testing.assert_allclose(g.value, 1.0)
    assert vjp([stopped], [x], [ones_for(stopped)]) == [None]


def test_stop_predicate_treats_nodes_as_constants():
    x = leaf(3.0)
    h = apply(jnp.square, [x])
    y = apply(jnp.multiply, [h, x])
    (g,) = vjp([y], [x], [ones_for(y)], stop=lambda n: n is h)
    np.testing.assert_allclose(g.value, 9.0)


def test_create_graph_gives_higher_derivatives():
    x = leaf(0.7)
    y = apply(jnp.sin, [apply(jnp.square, [x])])
    f = lambda v: jnp.sin(v * v)
    (g,) = vjp([y], [x], [ones_for(y)], create_graph=True)
    assert g.traced
    (gg,) = vjp([g], [x], [ones_for(g)], create_graph=True)
    (ggg,) = vjp([gg], [x], [ones_for(gg)])
    for node, fn in ((g, jax.grad(f)), (gg, jax.grad(jax.grad(f))), (ggg, jax.grad(jax.grad(jax.grad(f))))):
        np.testing.assert_allclose(node.value, fn(np.float32(0.7)), rtol=1e-5)


def test_without_create_graph_results_are_detached():
    x = leaf(0.7)
    y = apply(jnp.sin, [x])
    (g,) = vjp([y], [x], [ones_for(y)])
    assert isinstance(g, Constant) and not g.traced


UNARY = {"sin": jnp.sin, "cos": jnp.cos, "tanh": jnp.tanh, "square": jnp.square, "exp": jnp.exp}
BINARY = {"add": jnp.add, "multiply": jnp.multiply, "subtract": jnp.subtract}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(UNARY) + sorted(BINARY)), st.integers(0, 10), st.integers(0, 10)),
                min_size=1, max_size=12),
       st.lists(st.floats(-1.5, 1.5, allow_nan=False), min_size=3, max_size=3))
def test_random_graphs_match_jax_grad(ops, xs):
    """Random op chains over three leaves: the engine's gradient equals jax.grad's."""
    def build(env, apply_fn):
        for name, i, j in ops:
            if name in UNARY:
                env.append(apply_fn(UNARY[name], [env[i % len(env)]]))
            else:
                env.append(apply_fn(BINARY[name], [env[i % len(env)], env[j % len(env)]]))
        return env[-1]

    leaves = [leaf(v) for v in xs]
    out = build(list(leaves), lambda fn, ins: apply(fn, ins))
    grads = vjp([out], leaves, [ones_for(out)])
    reference = jax.grad(lambda *v: build(list(v), lambda fn, ins: fn(*ins)), argnums=(0, 1, 2))(
        *[np.float32(v) for v in xs])
    for g, r in zip(grads, reference):
        np.testing.assert_allclose(0.0 if g is None else g.value, r, rtol=1e-4, atol=1e-5)


def test_grad_mode_is_thread_local():
    import threading
    seen = []
    with core.recording.grad_mode(False):
        t = threading.Thread(target=lambda: seen.append(core.recording.grad_enabled()))
        t.start()
        t.join()
        assert core.recording.grad_enabled() is False
    assert seen == [True]


def test_tape_records_only_what_it_watches_while_active():
    x, other = leaf(2.0, traced=False), leaf(5.0, traced=False)
    with core.recording.Tape() as tape:
        tape.watch(x)
        y = apply(jnp.multiply, [x, other])
        z = apply(jnp.sin, [other])
    assert tape.knows(y) and not tape.knows(z) and isinstance(z, Constant)
    (g,) = vjp([y], [x], [ones_for(y)], stop=lambda n: not tape.knows(n))
    assert float(g.value) == 5.0


@pytest.mark.parametrize("shape", [(), (3,), (2, 3)])
def test_ones_for_matches_shape_and_dtype(shape):
    node = Constant(jnp.zeros(shape, jnp.float64))
    ones = ones_for(node)
    assert ones.value.shape == shape and ones.value.dtype == jnp.float64


def test_the_same_wrt_twice_gets_the_gradient_twice():
    x = leaf(2.0)
    y = apply(jnp.square, [x])
    assert values(vjp([y], [x, x], [ones_for(y)])) == [4.0, 4.0]


def test_a_gradient_that_uses_no_traced_input_is_not_traced_and_does_not_reach_it():
    x, z = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    y = apply(jnp.sum, [apply(jnp.multiply, [x, Constant(jnp.float32(2.0))])])
    (g,) = vjp([y], [x], [ones_for(y)], create_graph=True)
    assert not g.traced  # d(2x)/dx = 2 uses nothing that is traced
    y = apply(jnp.sum, [apply(jnp.multiply, [x, z])])
    (g,) = vjp([y], [x], [ones_for(y)], create_graph=True)
    assert g.traced  # = z
    s = apply(jnp.sum, [g])
    gx, gz = vjp([s], [x, z], [ones_for(s)])
    assert gx is None and list(np.asarray(gz.value)) == [1.0, 1.0]


def test_output_dependence_sees_through_nested_calls():
    from gradcompat.core.dependence import output_dependence

    def fn(a, b, c):
        inner = jax.jit(lambda p, q: (p * 2.0, q + p))
        u, v = inner(a, b)
        return u, v, c * 0.0

    aval = jax.ShapeDtypeStruct((2,), jnp.float32)
    assert output_dependence(fn, (), [aval] * 3) == (frozenset({0}), frozenset({0, 1}), frozenset({2}))
