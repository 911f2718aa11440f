"""Unit tests of TF1 graph mode: scopes, control dependencies, per-session state and the
tf.train optimizers (the golden programs tf1_* measure fidelity to the real TensorFlow)."""
from __future__ import annotations

import numpy as np
import pytest

import gradcompat
from gradcompat import core
import gradcompat.tensorflow as tf
from gradcompat.tensorflow import compat

v1 = compat.v1


def test_variable_scope_reuse_returns_the_same_variable(graph_mode):
    with v1.variable_scope("layer"):
        w = v1.get_variable("w", [2])
    with v1.variable_scope("layer", reuse=True):
        assert v1.get_variable("w") is w
    with v1.variable_scope("layer", reuse=v1.AUTO_REUSE):
        assert v1.get_variable("w", [2]) is w
        assert v1.get_variable("fresh", [1]).name == "layer/fresh:0"
    with pytest.raises(ValueError, match="does not exist"), v1.variable_scope("layer", reuse=True):
        v1.get_variable("missing", [1])


def test_name_scopes_are_unique_and_reenterable(graph_mode):
    with v1.name_scope("block") as first:
        a = tf.constant(1.)
    with v1.name_scope("block") as second:
        b = tf.constant(1.)
    with v1.name_scope(first):
        c = tf.constant(1.)
    assert (first, second) == ("block/", "block_1/")
    assert [a.name, b.name, c.name] == ["block/Const:0", "block_1/Const:0", "block/Const_1:0"]


def test_control_dependency_runs_once_per_run(graph_mode):
    counter = v1.get_variable("counter", initializer=tf.constant(0))
    x = v1.placeholder(tf.float32, [2])
    with v1.control_dependencies([v1.assign_add(counter, 1)]):
        doubled = x * 2.
        shifted = x + 1.
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        sess.run([doubled, shifted], feed_dict={x: [1., 2.]})
        sess.run(x * 3., feed_dict={x: [1., 2.]})  # no dependency: counter unchanged
        assert sess.run(counter) == 1


def test_each_session_holds_its_own_values(graph_mode):
    v = v1.get_variable("v", initializer=tf.constant([1., 2.]))
    first, second = v1.Session(), v1.Session()
    first.run(v.initializer)
    first.run(v1.assign(v, [5., 6.]))
    with pytest.raises(tf.errors.FailedPreconditionError):
        second.run(v)
    second.run(v.initializer)
    np.testing.assert_array_equal(second.run(v), [1., 2.])
    np.testing.assert_array_equal(first.run(v), [5., 6.])


def test_integer_tensors_get_no_gradient(graph_mode):
    x = tf.constant([1., 2.])
    i = tf.constant([1, 2])
    assert v1.gradients(tf.cast(i, tf.float32) * x, i) == [None]
    assert v1.gradients(tf.cast(tf.cast(x, tf.int32), tf.float32), x) == [None]


@pytest.mark.parametrize("make", [lambda: v1.train.GradientDescentOptimizer(0.1),
                                  lambda: v1.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
                                  lambda: v1.train.AdamOptimizer(0.1)], ids=["sgd", "nesterov", "adam"])
def test_minimize_loop_compiles_its_step_once(graph_mode, make):
    x = v1.placeholder(tf.float32, [None, 2])
    w = v1.get_variable("w", [2, 1], initializer=v1.ones_initializer())
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.))
    step = v1.train.get_or_create_global_step()
    train_op = make().minimize(loss, global_step=step)
    data = np.arange(8, dtype=np.float32).reshape(4, 2) / 8
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        gradcompat.clear_cache()
        losses = [sess.run([train_op, loss], feed_dict={x: data})[1] for _ in range(6)]
        info = gradcompat.cache_info()
        assert (info.misses, info.compiles, info.hits) == (1, 1, 5)
        assert sess.run(step) == 6 and losses[-1] < losses[0]


def test_session_prepares_each_run_once_until_the_graph_changes(graph_mode, monkeypatch):
    x = v1.placeholder(tf.float32, [2], name="x")
    w = v1.Variable(np.ones(2, np.float32), name="w")
    loss = tf.reduce_sum(w * x)
    train_op = v1.train.GradientDescentOptimizer(0.5).minimize(loss)
    prepared = []
    real = core.executor.Prepared
    monkeypatch.setattr(core.executor, "Prepared", lambda *a: prepared.append(a) or real(*a))
    data = {x: np.array([1.0, 2.0], np.float32)}
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        losses = [sess.run([train_op, loss], feed_dict=data)[1] for _ in range(3)]
        assert len(prepared) == 2  # the initializer, then one training step for three runs
        np.testing.assert_allclose(losses, [3.0, 0.5, -2.0])
        b = v1.Variable(np.float32(5.0), name="b")  # the graph changed: runs are prepared anew
        sess.run(b.initializer)
        assert sess.run([train_op, loss], feed_dict=data)[1] == np.float32(-4.5)
        assert len(prepared) == 4
        with pytest.raises(tf.errors.InvalidArgumentError, match="You must feed a value for placeholder tensor 'x'"):
            sess.run(loss)
