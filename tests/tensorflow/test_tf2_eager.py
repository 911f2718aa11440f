"""Unit tests of the TF2 eager pieces: tf.function compiles a training step once and agrees
with eager execution, tapes log TF's warnings, keras pieces behave as a loop needs.
Numbers are compared between our own eager and traced runs (the goldens hold TF's)."""
from __future__ import annotations

import logging

import numpy as np
import pytest

import gradcompat.tensorflow as tf
from gradcompat import core


def _regression_data():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(16, 3)).astype(np.float32)
    return tf.constant(x), tf.constant(x @ np.array([[1.], [2.], [-1.]], np.float32))


def _keras_model():
    model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="tanh"), tf.keras.layers.Dense(1)])
    model(np.zeros((1, 3), np.float32))
    rng = np.random.default_rng(2)
    model.set_weights([w.astype(np.float32) for w in
                       (rng.normal(size=(3, 4)), np.zeros(4), rng.normal(size=(4, 1)), np.zeros(1))])
    return model


def _train(model, optimizer, x, y, compiled: bool, steps: int = 6):
    loss_fn = tf.keras.losses.MeanSquaredError()

    def step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    step = tf.function(step) if compiled else step
    return [float(step(x, y)) for _ in range(steps)], step


@pytest.mark.parametrize("make_optimizer", [lambda: tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
                                            lambda: tf.keras.optimizers.Adam(0.05)])
def test_function_step_matches_eager_and_compiles_once(make_optimizer):
    x, y = _regression_data()
    eager_model, traced_model = _keras_model(), _keras_model()
    eager_losses, _ = _train(eager_model, make_optimizer(), x, y, compiled=False)
    before = core.cache_info().compiles
    traced_losses, step = _train(traced_model, make_optimizer(), x, y, compiled=True)
    np.testing.assert_allclose(traced_losses, eager_losses, rtol=1e-5)
    for a, b in zip(traced_model.get_weights(), eager_model.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert step.experimental_get_tracing_count() == 1
    assert core.cache_info().compiles - before == 1  # the whole step is one program, compiled once


def test_function_retraces_per_signature_only():
    calls = []

    @tf.function
    def double(a, flag):
        calls.append(flag)
        return a * 2.

    for value in ([1., 2.], [3., 4.], [5.]):
        double(tf.constant(value), True)
    double(tf.constant([1., 2.]), False)
    assert calls == [True, True, False]
    assert double.experimental_get_tracing_count() == 3


def test_variable_created_inside_function_is_lifted():
    holder = []

    @tf.function
    def make_and_use(a):
        if not holder:
            holder.append(tf.Variable(3.))
        return holder[0] * a

    assert float(make_and_use(tf.constant(2.))) == 6.
    assert holder[0].numpy() == 3.


def test_tape_logs_tf_warnings(caplog):
    x = tf.constant(2.)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch([x, tf.constant(1)])
            y = x * x
            tape.gradient(y, x)
    messages = [r.getMessage() for r in caplog.records]
    assert any("watched tensor must be floating" in m for m in messages)
    assert any("persistent tape inside its context" in m for m in messages)


def test_jacobian_agrees_with_row_gradients():
    w = tf.constant([[1., 2.], [3., -1.]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(w)
        y = tf.reduce_sum(tf.exp(w * 0.5), axis=1)
        rows = [y[0], y[1]]
    jac = tape.jacobian(y, w).numpy()
    for i, row in enumerate(rows):
        np.testing.assert_allclose(jac[i], tape.gradient(row, w).numpy(), rtol=1e-6)


def test_keras_names_restart_after_clear_session():
    tf.keras.backend.clear_session()
    first = tf.keras.layers.Dense(1)
    second = tf.keras.layers.Dense(1)
    assert (first.name, second.name) == ("dense", "dense_1")
    tf.keras.backend.clear_session()
    assert tf.keras.layers.Dense(1).name == "dense"


def test_indexed_slices_densify_like_the_dense_gradient():
    table = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.gather(table, [2, 0, 2]) ** 2)
    sparse = tape.gradient(loss, table)
    assert isinstance(sparse, tf.IndexedSlices)
    dense = np.zeros((4, 3), np.float32)
    for i in (2, 0, 2):
        dense[i] += 2 * table.numpy()[i]
    np.testing.assert_allclose(tf.convert_to_tensor(sparse).numpy(), dense)


def test_function_walks_its_graph_once_per_trace(monkeypatch):
    walks = []
    real = core.executor.trace
    monkeypatch.setattr(core.executor, "trace", lambda *a: walks.append(a) or real(*a))
    w = tf.Variable(np.float32(1.0))

    @tf.function
    def step(x):
        w.assign_add(x)
        return w * 2.0

    outs = [float(step(tf.constant(np.float32(i)))) for i in range(1, 4)]
    assert outs == [4.0, 8.0, 14.0] and float(w.numpy()) == 7.0
    assert len(walks) == 1  # the call's graph walk is done when tracing, not at every call
