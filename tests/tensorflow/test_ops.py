"""Unit tests of the TF op surface: what the golden programs do not pin down (both modes,
compile caching, seeding, higher derivatives through TF's tie kernels)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import gradcompat
import gradcompat.tensorflow as tf
from gradcompat.tensorflow import compat

v1 = compat.v1


def _second_derivative(op, x: float) -> float:
    t = tf.constant(x)
    with tf.GradientTape() as outer:
        outer.watch(t)
        with tf.GradientTape() as inner:
            inner.watch(t)
            y = op(t)
        dy = inner.gradient(y, t)
    return float(outer.gradient(dy, t))


@pytest.mark.parametrize("op, reference", [
    (tf.sqrt, jnp.sqrt),
    (lambda t: tf.pow(t, 3.0), lambda t: t ** 3.0),
    (lambda t: tf.maximum(t * t, 1.0), lambda t: jnp.maximum(t * t, 1.0)),
    (lambda t: tf.abs(t) * t, lambda t: jnp.abs(t) * t),
])
def test_tie_kernels_have_second_derivatives(op, reference):
    expected = jax.grad(jax.grad(reference))(2.0)
    assert _second_derivative(op, 2.0) == pytest.approx(float(expected), rel=1e-5)


def test_tie_kernels_under_jacobian():
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.clip_by_value(x, 1.0, 2.0) * tf.sqrt(x)
    jacobian = tape.jacobian(y, x)
    expected = jax.jacobian(lambda v: jnp.clip(v, 1.0, 2.0) * jnp.sqrt(v))(jnp.array([1.0, 2.0, 3.0]))
    # JAX's clip shares the gradient at the bounds; TF's passes it (entries 0 and 1)
    expected = expected.at[0, 0].add(0.5).at[1, 1].add(np.sqrt(2.0) / 2)
    np.testing.assert_allclose(jacobian.numpy(), expected, rtol=1e-6)


def test_ops_in_graph_mode_run_in_a_session(graph_mode):
    x = v1.placeholder(tf.float32, shape=[None, 3])
    i = v1.placeholder(tf.int32, shape=[])
    row = x[i]  # a scalar int tensor of unknown value indexes dynamically
    pieces = tf.split(x, 3, axis=1)
    y = tf.reduce_sum(tf.concat([pieces[2], pieces[0]], axis=1) * tf.nn.softmax(x)[:, :2])
    (gx,) = v1.gradients(y, [x])
    data = np.arange(6, dtype=np.float32).reshape(2, 3)
    with v1.Session() as sess:
        got_row, got_y, got_gx = sess.run([row, y, gx], {x: data, i: 1})
    np.testing.assert_array_equal(got_row, data[1])
    assert row.shape.as_list() == [3]

    def reference(d):
        soft = jax.nn.softmax(d)
        return jnp.sum(jnp.concatenate([d[:, 2:], d[:, :1]], axis=1) * soft[:, :2])
    np.testing.assert_allclose(got_y, reference(data), rtol=1e-6)
    np.testing.assert_allclose(got_gx, jax.grad(reference)(data), rtol=1e-5)


def test_graph_mode_dtype_errors_at_the_call(graph_mode):
    ints = v1.placeholder(tf.int32, shape=[2])
    with pytest.raises(TypeError, match="Value passed to parameter 'x' has DataType int32"):
        tf.sqrt(ints)
    with pytest.raises(TypeError, match="must have the same dtype"):
        tf.ones([2]) / ints


def test_equality_is_identity_in_graph_mode(graph_mode):
    a = tf.ones([2])
    assert (a == a) is True and (a == tf.ones([2])) is False
    assert {a: 1}[a] == 1


def test_random_seeding_contract():
    tf.random.set_seed(3)
    first = [tf.random.normal([4]).numpy(), tf.random.uniform([4], seed=1).numpy()]
    tf.random.set_seed(3)
    again = [tf.random.normal([4]).numpy(), tf.random.uniform([4], seed=1).numpy()]
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(tf.random.normal([4]).numpy(), first[0])
    tf.random.set_seed(None)
    assert not np.array_equal(tf.random.normal([4]).numpy(), tf.random.normal([4]).numpy())


def test_dropout_keeps_expected_fraction_and_scales():
    tf.random.set_seed(0)
    out = tf.nn.dropout(tf.ones([100, 100]), rate=0.25).numpy()
    assert set(np.unique(out)) <= {0.0, np.float32(1 / 0.75)}
    assert abs((out == 0).mean() - 0.25) < 0.02


def test_an_op_loop_compiles_its_gradient_once():
    w = tf.Variable(np.ones((3, 2), np.float32))
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3))
    gradcompat.clear_cache()
    for _ in range(5):
        with tf.GradientTape() as tape:
            logits = tf.nn.bias_add(tf.matmul(x, w), [0.5, -0.5])
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1, 1, 0], logits=logits))
            loss += tf.reduce_sum(tf.clip_by_value(tf.gather(w, [0, 2]), -1.0, 1.0)[:, 1])
        tape.gradient(loss, w)
    info = gradcompat.cache_info()
    assert info.compiles <= 1 and info.hits >= 3
