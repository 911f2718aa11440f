"""tf.reshape to a shape packed from python ints and scalar tensors (``tf.shape(x)[0]``), eagerly,
in tf.function and in a Keras layer, as multi-head attention code writes it."""
import numpy as np
import tensorflow as tf

from harness import emit

x = tf.constant(np.arange(48, dtype=np.float32).reshape(2, 4, 6))


def split_heads(t, heads=3):
    B, T, C = tf.shape(t)[0], t.shape[1], t.shape[2]
    return tf.transpose(tf.reshape(t, (B, T, heads, C // heads)), (0, 2, 1, 3))


emit("eager", split_heads(x))
emit("function", tf.function(split_heads)(x))
emit("packed_list", tf.reshape(x, [tf.shape(x)[0], -1]))
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.reduce_sum(split_heads(x) ** 2)
emit("grad", tape.gradient(y, x))
