"""Keras layers and the functional API: properties the golden programs cannot show (one scan per
recurrent layer, symbolic calls compute nothing, the training flag reaching nested layers,
shared weights, ``import keras`` under ``gradcompat run`` being ``tf.keras``)."""
import subprocess
import sys
import textwrap

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import gradcompat.tensorflow as tf
from gradcompat.tensorflow.keras import layers
from gradcompat.tensorflow.keras.layers import rnn

keras = tf.keras


def test_recurrent_layer_is_one_scan_over_time():
    x = jnp.zeros((2, 7, 3))
    h = jnp.zeros((2, 4))
    kernel, rkernel, bias = jnp.zeros((3, 16)), jnp.zeros((4, 16)), jnp.zeros((16,))
    jaxpr = jax.make_jaxpr(lambda *a: rnn.rnn_sequence(
        *a, kind="lstm", n_states=2, has_bias=True, activation="tanh", recurrent_activation="sigmoid",
        reset_after=False, go_backwards=False, return_sequences=True))(x, h, h, kernel, rkernel, bias)
    text = str(jaxpr)
    assert text.count("scan[") == 1  # no Python loop per time step
    assert "length=7" in text


def test_recorded_recurrent_layer_saves_its_vjp_residuals():
    layer = layers.LSTM(4, return_sequences=True)
    x = tf.constant(np.ones((2, 5, 3), np.float32))
    plain = layer(x)
    with tf.GradientTape() as tape:
        out = layer(x)
        loss = tf.reduce_sum(out * out)
    grads = tape.gradient(loss, layer.trainable_variables)
    # under a tape the op also returns its residuals: the backward reads them, no second forward scan
    op = out.node.inputs[0]
    assert op.fn is rnn.rnn_sequence_saving and len(op.value) > 3  # output, h, c, then residuals
    np.testing.assert_allclose(out.numpy(), plain.numpy(), rtol=1e-6)
    assert all(g is not None and np.isfinite(g.numpy()).all() for g in grads)


def test_symbolic_calls_compute_nothing_and_record_nodes(monkeypatch):
    calls = []
    original = rnn.rnn_sequence

    def spy(*args, **kwargs):
        calls.append(type(args[0]).__name__)
        return original(*args, **kwargs)
    monkeypatch.setattr(rnn, "rnn_sequence", spy)
    inp = keras.Input((None, 3))
    out = layers.LSTM(4, return_sequences=True)(inp)
    assert out.shape == (None, None, 4)
    assert out._node.layer.name.startswith("lstm")
    # traced abstractly (shape inference) only: never on concrete arrays
    assert calls and all("Tracer" in c for c in calls), calls


def test_training_flag_reaches_layers_inside_nested_models():
    inner = keras.Sequential([layers.Dropout(0.5)])
    inp = keras.Input((1000,))
    model = keras.Model(inp, inner(layers.Identity()(inp)))
    ones = np.ones((1, 1000), np.float32)
    np.testing.assert_array_equal(model(ones).numpy(), ones)
    dropped = model(ones, training=True).numpy()
    assert 300 < (dropped == 0).sum() < 700
    assert set(np.unique(dropped)) <= {0.0, 2.0}


def test_shared_layer_has_one_set_of_weights_and_gradients_add_up():
    a, b = keras.Input((2,)), keras.Input((2,))
    shared = layers.Dense(1, use_bias=False, kernel_initializer="ones")
    model = keras.Model([a, b], layers.Add()([shared(a), shared(b)]))
    assert len(model.trainable_variables) == 1
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(model([np.array([[1., 2.]], np.float32), np.array([[3., 4.]], np.float32)]))
    np.testing.assert_allclose(tape.gradient(y, model.trainable_variables)[0].numpy(), [[4.], [6.]])


def test_functional_model_inside_tf_function_compiles_once():
    inp = keras.Input((3,))
    model = keras.Model(inp, layers.Dense(2)(layers.BatchNormalization()(inp)))
    step = tf.function(lambda x: model(x, training=True))
    x = np.arange(12, dtype=np.float32).reshape(4, 3)
    first = step(x).numpy()
    second = step(x).numpy()
    assert first.shape == second.shape == (4, 2)
    moved = model.layers[1].moving_mean.numpy()
    np.testing.assert_allclose(moved, 2 * 0.01 * x.mean(0) - 0.0001 * x.mean(0), rtol=1e-5)


@pytest.mark.parametrize("source", ["import keras", "from tensorflow import keras"])
def test_import_keras_under_gradcompat_run_is_tf_keras(tmp_path, source):
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent(f"""
        import tensorflow as tf
        {source}
        assert keras is tf.keras, (keras, tf.keras)
        inp = keras.Input((2,))
        print(type(keras.Model(inp, keras.layers.Dense(1)(inp))).__name__)
    """))
    result = subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", str(script)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Functional"
