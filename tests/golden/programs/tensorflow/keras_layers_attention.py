# Keras 3 MultiHeadAttention: weights (EinsumDense query/key/value/attention_output) set from numpy,
# self- and cross-attention, key != value, attention masks, causal masks, attention scores,
# output_shape, value_dim, tape gradients, the functional API, config.
import numpy as np
import tensorflow as tf
import keras
from keras import layers
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(3)
q = rng.normal(size=(2, 4, 6)).astype(np.float32)
v = rng.normal(size=(2, 5, 3)).astype(np.float32)
k = rng.normal(size=(2, 5, 2)).astype(np.float32)


def fill(layer, scale=0.5):
    layer.set_weights([rng.normal(size=w.shape).astype(np.float32) * scale for w in layer.get_weights()])


keras.backend.clear_session()
mha = layers.MultiHeadAttention(num_heads=2, key_dim=3)
emit("built_before", mha.built)
out = mha(q, q)
emit_text("weights", [(w.path, tuple(w.shape)) for w in mha.weights])
fill(mha)
qt = tf.constant(q)
with tf.GradientTape() as tape:
    tape.watch(qt)
    out, scores = mha(qt, qt, return_attention_scores=True)
    loss = tf.reduce_sum(out * np.cos(np.arange(48)).reshape(2, 4, 6).astype(np.float32)) + tf.reduce_sum(
        scores[:, 0] * np.arange(4, dtype=np.float32)[:, None])
emit("self_out", out)
emit("self_scores", scores)
emit("self_grads", tape.gradient(loss, [qt] + mha.trainable_variables))
mask = np.array([[[True, True, False, False]] * 4, [[True, False, True, True]] * 4])
emit("masked", mha(q, q, attention_mask=mask, return_attention_scores=True))
emit("causal", mha(q, q, use_causal_mask=True, return_attention_scores=True))
emit("causal_and_mask", mha(q, q, attention_mask=mask, use_causal_mask=True))
emit("fully_masked_row", mha(q, q, attention_mask=np.zeros((2, 4, 4), bool), return_attention_scores=True)[1])

cross = layers.MultiHeadAttention(num_heads=3, key_dim=2, value_dim=4, output_shape=5, use_bias=False)
cross(q, v, k)
emit_text("cross_weights", [(w.path, tuple(w.shape)) for w in cross.weights])
fill(cross)
vt = tf.constant(v)
with tf.GradientTape() as tape:
    tape.watch(vt)
    out = cross(q, vt, key=k)
    loss = tf.reduce_sum(out * np.cos(np.arange(40)).reshape(2, 4, 5).astype(np.float32))
emit("cross_out", out)
emit("cross_grads", tape.gradient(loss, [vt] + cross.trainable_variables))
emit("cross_shape", cross.compute_output_shape((None, 4, 6), (None, 5, 3)))
emit("dropout_inference", cross(q, v, k, training=False))

# functional: a transformer-style block
keras.backend.clear_session()
inp = keras.Input((None, 6))
att = layers.MultiHeadAttention(2, 3, name="att")(inp, inp)
h = layers.LayerNormalization()(layers.Add()([inp, att]))
out = layers.GlobalAveragePooling1D()(layers.Dense(4, activation="relu")(h))
block = keras.Model(inp, out)
emit_text("block", [repr(att), [lay.name for lay in block.layers], [w.path for w in block.weights]])
fill(block)
with tf.GradientTape() as tape:
    y = block(q)
    loss = tf.reduce_sum(y)
emit("block_out", y)
emit("block_grads", tape.gradient(loss, block.trainable_variables))

conf = layers.MultiHeadAttention(2, 4, name="m").get_config()
emit_text("config", sorted((key, repr(val)) for key, val in conf.items()))
expect_error("mha_value_missing", lambda: layers.MultiHeadAttention(2, 3)(q), "value")
