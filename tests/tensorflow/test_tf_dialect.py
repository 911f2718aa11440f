"""Fast unit tests of the TensorFlow dialect (the golden programs measure fidelity)."""
from __future__ import annotations

import numpy as np
import pytest

import gradcompat
import gradcompat.tensorflow as tf
from gradcompat.core import recording
from gradcompat.tensorflow import compat

v1 = compat.v1


def test_v1_shares_the_ops():
    assert v1.add is tf.add and v1.matmul is tf.matmul and v1.Tensor is tf.Tensor
    assert tf.compat.v1 is v1


def test_eager_dtype_defaults_and_repr():
    assert tf.constant(1.).dtype == tf.float32 and tf.constant(1).dtype == tf.int32
    assert repr(tf.constant([1., 2.])) == "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>"
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.constant(1.) + tf.constant(1)


def test_from_jax_roundtrip():
    import jax.numpy as jnp
    t = gradcompat.from_jax(jnp.arange(3.0), "tensorflow")
    assert isinstance(t, tf.Tensor) and t.dtype == tf.float64
    np.testing.assert_array_equal(gradcompat.to_jax(t), np.arange(3.0))


def test_gradient_tape_variable():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    assert float(tape.gradient(y, x)) == 6.0


def test_session_gradients_and_feeds(graph_mode):
    assert recording.deferred() and not tf.executing_eagerly()
    x = v1.placeholder(tf.float32, [None, 2], name="x")
    w = v1.get_variable("w", shape=[2, 1], initializer=v1.ones_initializer())
    y = tf.reduce_sum(tf.matmul(x, w))
    (gw,) = v1.gradients(y, [w])
    with v1.Session() as sess:
        v1.global_variables_initializer().run()
        out = sess.run({"y": y, "g": [gw]}, feed_dict={x: [[1., 2.], [3., 4.]]})
    assert out["y"] == 10.0 and isinstance(out["y"], np.float32)
    np.testing.assert_array_equal(out["g"][0], [[4.], [6.]])


def test_session_errors(graph_mode):
    w = v1.get_variable("w", shape=[2])
    p = v1.placeholder(tf.float32, name="p")
    sess = v1.Session()
    with pytest.raises(tf.errors.FailedPreconditionError):
        sess.run(w)
    with pytest.raises(tf.errors.InvalidArgumentError, match="You must feed a value for placeholder tensor 'p'"):
        sess.run(p)
    with pytest.raises(ValueError, match="already exists"):
        v1.get_variable("w", shape=[2])


def test_graph_loop_compiles_once(graph_mode):
    x = v1.placeholder(tf.float32, [3], name="x")
    g = v1.gradients(tf.reduce_sum(x * x * x), x)[0]
    sess = v1.Session()
    gradcompat.clear_cache()
    for i in range(5):
        sess.run(g, feed_dict={x: np.full(3, float(i))})
    info = gradcompat.cache_info()
    assert info.compiles == 1 and info.hits >= 3
