# Keras 3 masks and stateful RNNs: Masking -> Dense -> LSTM(return_sequences) -> GRU (the mask
# passes through Dense and on from the first RNN), Embedding(mask_zero) into stacked LSTMs,
# Bidirectional with a mask; stateful=True LSTM / GRU / SimpleRNN carrying states across calls,
# reset_states, inside fit; the static-batch error. Weights set from numpy.
import numpy as np
import tensorflow as tf
import keras
from keras import layers
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(0)


def fill(model, scale=0.5):
    model.set_weights([rng.normal(size=w.shape).astype(np.float32) * scale for w in model.get_weights()])


x = rng.normal(size=(2, 5, 3)).astype(np.float32)
x[0, 3:] = 0.0
x[1, 1] = 0.0
masking = layers.Masking(0.0)
emit("masking_mask", masking(x)._keras_mask)
emit("masking_out", masking(x))
emit_text("masking_config", masking.get_config()["mask_value"])

inp = keras.Input((5, 3))
h = layers.Masking()(inp)
h = layers.Dense(4, activation="tanh")(h)
h = layers.LSTM(3, return_sequences=True)(h)
out = layers.GRU(2)(h)
model = keras.Model(inp, out)
fill(model)
xt = tf.constant(x)
with tf.GradientTape() as tape:
    tape.watch(xt)
    y = model(xt)
    loss = tf.reduce_sum(y * y)
emit("masked_stack", y)
emit("masked_stack_grads", tape.gradient(loss, [xt] + model.trainable_variables))

ids = np.array([[3, 1, 0, 0], [2, 4, 1, 0]])
seq = keras.Sequential([keras.Input((4,), dtype="int32"), layers.Embedding(5, 3, mask_zero=True),
                        layers.LSTM(2, return_sequences=True), layers.Dropout(0.5), layers.LSTM(2)])
fill(seq)
emit("embedding_stack", seq(ids))
emit("embedding_stack_trailing_zeros_ignored", np.allclose(seq(ids).numpy(),
                                                           seq(np.concatenate([ids, ids[:, :1] * 0], 1)).numpy()))
bi = keras.Sequential([keras.Input((4,), dtype="int32"), layers.Embedding(5, 3, mask_zero=True),
                       layers.Bidirectional(layers.GRU(2, return_sequences=True)), layers.GlobalAveragePooling1D()])
fill(bi)
emit("bidirectional_masked_pool", bi(ids))

# stateful
xs = rng.normal(size=(2, 3, 2)).astype(np.float32)
for cls in (layers.LSTM, layers.GRU, layers.SimpleRNN):
    keras.backend.clear_session()
    layer = cls(2, stateful=True, return_sequences=True)
    m = keras.Sequential([keras.Input(batch_shape=(2, 3, 2)), layer])
    fill(m)
    emit_text(f"{cls.__name__}_weights", [w.path for w in layer.weights])
    emit(f"{cls.__name__}_n_states", len(layer.states))
    a, b = m(xs), m(xs)
    layer.reset_states()
    c = m(xs)
    emit(f"{cls.__name__}_first", a)
    emit(f"{cls.__name__}_second", b)
    emit(f"{cls.__name__}_after_reset", c)
    emit(f"{cls.__name__}_states", [s.numpy() for s in layer.states])

keras.backend.clear_session()
layer = layers.LSTM(2, stateful=True)
m = keras.Sequential([keras.Input(batch_shape=(2, 3, 2)), layer, layers.Dense(1)])
fill(m)
m.compile(keras.optimizers.SGD(0.1), loss="mse")
history = m.fit(np.concatenate([xs, xs]), np.ones((4, 1), np.float32), batch_size=2, epochs=2, shuffle=False,
                verbose=0)
emit("stateful_fit_history", history.history)
emit("stateful_fit_weights", m.get_weights())
emit("stateful_fit_states", [s.numpy() for s in layer.states])
layer.reset_state()
emit("stateful_reset_state", [s.numpy() for s in layer.states])

expect_error("stateful_dynamic_batch",
             lambda: keras.Sequential([keras.Input((3, 2)), layers.LSTM(2, stateful=True)]),
             "the batch size must be static")
