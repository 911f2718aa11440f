"""Backprop over saved forward values gives what jax.vjp of the replayed program gives."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from gradcompat.core import Constant, apply, ones_for, recording, run, select, vjp
from gradcompat.core.autodiff import _boundary, vjp_apply
from gradcompat.core.backprop import backprop_apply
from gradcompat.core.program import trace_nodes


def leaf(value, traced=True, dtype=jnp.float32):
    return Constant(jnp.asarray(value, dtype), traced=traced)


def split_max(x):
    return jnp.max(x), jnp.argmax(x)


def take(x, i):
    return x[i]


def both(outputs, wrt):
    """The gradients of ``outputs`` (cotangents of ones) by both kernels."""
    program, inputs, computed = trace_nodes(outputs, wrt, _boundary(None))
    cots = [ones_for(o).value for o in outputs]
    static = dict(program=program, n_wrt=len(wrt))
    replayed = jax.jit(lambda *v: vjp_apply(*v, **static))(*[n.value for n in inputs], *cots)
    saved = jax.jit(lambda *v: backprop_apply(*v, **static))(
        *[n.value for n in inputs], *[n.value for n in computed], *cots)
    return replayed, saved


def test_multi_output_ops_integer_paths_and_repeated_inputs():
    x, w = leaf([0.5, -2.0, 3.0]), leaf([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    m = apply(split_max, [apply(jnp.multiply, [x, x])])
    top, index = select(m, 0), select(m, 1)
    row = apply(take, [w, index])  # an integer value chooses what is differentiated
    y = apply(jnp.sum, [apply(jnp.multiply, [row, top])])
    z = apply(jnp.sum, [apply(jnp.sin, [x])])
    replayed, saved = both([y, z], [x, w])
    for a, b in zip(replayed, saved):
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=1e-6)


def sin_cos(x):
    return jnp.sin(x), jnp.cos(x)


def test_outputs_of_a_multi_output_op_selected_by_different_users():
    x = leaf([0.5, -2.0, 3.0])
    m = apply(sin_cos, [apply(jnp.multiply, [x, x])])
    y = apply(jnp.sum, [apply(jnp.multiply, [select(m, 0), select(m, 1)])])
    z = apply(jnp.sum, [select(m, 1)])
    replayed, saved = both([y, z], [x])
    np.testing.assert_allclose(np.asarray(saved[0]), np.asarray(replayed[0]), rtol=1e-6)


def test_unused_and_integer_wrt_get_the_zeros_jax_vjp_gives():
    x, k, unused = leaf([1.0, 2.0]), leaf([1, 2], dtype=jnp.int32), leaf([7.0])
    y = apply(jnp.sum, [apply(jnp.multiply, [x, k])])
    replayed, saved = both([y], [x, k, unused])
    for a, b in zip(replayed, saved):
        assert a.dtype == b.dtype and a.shape == b.shape
    np.testing.assert_array_equal(np.asarray(saved[0]), [1.0, 2.0])
    np.testing.assert_array_equal(np.asarray(saved[2]), [0.0])


def test_deferred_gradients_reuse_the_forward_in_one_program():
    def grads(deferred: bool):
        x = leaf([0.3, 0.7, -1.1])
        with recording.deferred_mode(deferred):
            h = apply(jnp.tanh, [apply(jnp.multiply, [x, x])])
            y = apply(jnp.sum, [apply(jnp.exp, [h])])
            (g,) = vjp([y], [x], [ones_for(y)])
        return np.asarray(run([g])[0] if deferred else g.value)

    np.testing.assert_allclose(grads(True), grads(False), rtol=1e-6)
    x = jnp.asarray([0.3, 0.7, -1.1], jnp.float32)
    np.testing.assert_allclose(grads(False), jax.grad(lambda v: jnp.sum(jnp.exp(jnp.tanh(v * v))))(x), rtol=1e-6)
