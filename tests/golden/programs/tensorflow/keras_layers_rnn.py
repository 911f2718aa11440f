# Keras 3 recurrent layers: LSTM / GRU (both reset_after forms) / SimpleRNN, their cells, RNN(cell),
# Bidirectional, return_sequences / return_state / go_backwards / initial_state, Embedding in
# front; weights set from numpy; values, tape gradients, weight paths, configs, errors.
import numpy as np
import tensorflow as tf
import keras
from keras import layers
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(2)
x = rng.normal(size=(2, 5, 3)).astype(np.float32)


def fill(layer, scale=0.5):
    layer.set_weights([rng.normal(size=w.shape).astype(np.float32) * scale for w in layer.get_weights()])


def run(name, layer, inputs=x, **kwargs):
    xt = tf.constant(inputs)
    layer(xt, **kwargs)
    fill(layer)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out = layer(xt, **kwargs)
        flat = out if isinstance(out, (list, tuple)) else [out]
        loss = tf.add_n([tf.reduce_sum(o * np.cos(np.arange(np.prod(o.shape))).reshape(o.shape).astype(np.float32))
                         for o in flat])
    emit(name, out)
    emit(name + "_grads", tape.gradient(loss, [xt] + layer.trainable_variables))
    emit_text(name + "_weights", [(w.path, tuple(w.shape)) for w in layer.weights])


keras.backend.clear_session()
run("lstm", layers.LSTM(3))
run("lstm_seq_state", layers.LSTM(3, return_sequences=True, return_state=True))
run("lstm_backwards", layers.LSTM(3, return_sequences=True, go_backwards=True, use_bias=False))
run("gru", layers.GRU(3, return_sequences=True))
run("gru_v1", layers.GRU(3, reset_after=False, return_state=True, activation="relu"))
run("simple_rnn", layers.SimpleRNN(3, return_sequences=True, go_backwards=True))
run("rnn_lstm_cell", layers.RNN(layers.LSTMCell(3)))
run("bidi_lstm", layers.Bidirectional(layers.LSTM(3, return_sequences=True)))
run("bidi_gru_sum", layers.Bidirectional(layers.GRU(3, return_state=True), merge_mode="sum"))

lstm = layers.LSTM(3, return_state=True)
lstm(x)
fill(lstm)
h0 = rng.normal(size=(2, 3)).astype(np.float32)
c0 = rng.normal(size=(2, 3)).astype(np.float32)
emit("lstm_initial_state", lstm(x, initial_state=[h0, c0]))
gru = layers.GRU(3)
gru(x)
fill(gru)
emit("gru_initial_state", gru(x, initial_state=h0))

# cells, one step
for name, cell, states in [("lstm_cell", layers.LSTMCell(3), [h0, c0]), ("gru_cell", layers.GRUCell(3), h0),
                           ("gru_cell_list", layers.GRUCell(3, reset_after=False), [h0]),
                           ("simple_cell", layers.SimpleRNNCell(3), [h0])]:
    cell(x[:, 0], states)
    fill(cell)
    xt = tf.constant(x[:, 0])
    with tf.GradientTape() as tape:
        tape.watch(xt)
        out, new = cell(xt, states)
        loss = tf.reduce_sum(out * out) + tf.add_n([tf.reduce_sum(s) for s in tf.nest.flatten(new)])
    emit(name, [out, new])
    emit_text(name + "_structure", [type(new).__name__ if isinstance(new, (list, tuple)) else "tensor", len(new) if isinstance(new, list) else None,
                                    cell.state_size, [w.path for w in cell.weights]])
    emit(name + "_grads", tape.gradient(loss, [xt] + cell.trainable_variables))

# the functional API with an unknown time dimension; Embedding in front
keras.backend.clear_session()
tokens = keras.Input((None,), dtype="int32")
e = layers.Embedding(10, 4)(tokens)
s = layers.LSTM(3, return_sequences=True)(e)
s = layers.GRU(2)(s)
model = keras.Model(tokens, layers.Dense(1)(s))
emit_text("model_shapes", [repr(t) for t in [tokens, e, s]] + [repr(model.output_shape)])
emit_text("model_weights", [(w.path, tuple(w.shape)) for w in model.weights])
fill(model)
ids = np.array([[1, 4, 2, 9, 0, 3], [5, 5, 0, 1, 2, 8]], np.int32)
with tf.GradientTape() as tape:
    out = model(ids)
    loss = tf.reduce_sum(out)
emit("model_out", out)
g = tape.gradient(loss, model.trainable_variables)
emit("model_grads", [tf.convert_to_tensor(v) for v in g])
emit_text("model_grad_types", [type(v).__name__ if isinstance(v, tf.IndexedSlices) else "dense" for v in g])
emit("model_out_len3", model(ids[:, :3]))

# configs
conf = layers.LSTM(5, return_sequences=True, name="l").get_config()
emit_text("lstm_config", sorted((k, repr(v)) for k, v in conf.items()))
conf = layers.GRU(2, reset_after=False, name="g").get_config()
emit_text("gru_config", sorted((k, repr(v)) for k, v in conf.items()))
emit_text("gru_from_config", repr(layers.GRU.from_config(conf).get_config() == conf))
emit_text("bidi_config", sorted(layers.Bidirectional(layers.LSTM(2), name="b").get_config().keys()))

# errors
expect_error("lstm_rank", lambda: layers.LSTM(3)(x[:, 0]), "expected ndim=3, found ndim=2")
expect_error("bidi_merge", lambda: layers.Bidirectional(layers.LSTM(2), merge_mode="max"), "Invalid merge mode")
expect_error("lstm_units", lambda: layers.LSTM(0), "expected a positive integer")

# masking: Embedding(mask_zero=True) in front of LSTM / Bidirectional(GRU)
keras.backend.clear_session()
padded = np.array([[3, 1, 0, 0], [2, 4, 1, 0]], np.int32)
masked = keras.Sequential([layers.Embedding(5, 2, mask_zero=True), layers.LSTM(2, return_sequences=True)])
masked(padded)
fill(masked)
emit("mask_lstm_seq", masked(padded))
tok = keras.Input((None,), dtype="int32")
bidi = keras.Model(tok, layers.Bidirectional(layers.GRU(2))(layers.Embedding(5, 2, mask_zero=True)(tok)))
fill(bidi)
with tf.GradientTape() as tape:
    out = bidi(padded)
    loss = tf.reduce_sum(out * out)
emit("mask_bidi", out)
emit("mask_bidi_grads", [tf.convert_to_tensor(g) for g in tape.gradient(loss, bidi.trainable_variables)])
