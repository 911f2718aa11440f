# GradientTape gradients through tf.gather: tf.IndexedSlices (values, indices, dense_shape)
# when gathers of rows are a source's only uses, dense otherwise; densified by
# convert_to_tensor and by ops; applied by a keras optimizer (an embedding-style loop).
import numpy as np
import tensorflow as tf
from harness import emit, emit_text

p = tf.Variable([[1., 2.], [3., 4.], [5., 6.]])
c = tf.constant([[1., 2.], [3., 4.], [5., 6.]])
with tf.GradientTape(persistent=True) as t:
    t.watch(c)
    y = tf.reduce_sum(tf.gather(p, [0, 2, 0]) * 2.)
    y2 = tf.reduce_sum(tf.gather(c, [[1], [2]]) ** 2)
    y3 = tf.reduce_sum(tf.gather(p, [1]) * 3.) + tf.reduce_sum(p)
    y4 = tf.reduce_sum(tf.gather(p, [1])) + tf.reduce_sum(tf.gather(p, [2, 2]))
    y5 = tf.reduce_sum(tf.gather(p, [1, 0], axis=1))
g = t.gradient(y, p)
emit_text("type", type(g).__name__)
emit_text("str", str(g))
emit("parts", [g.values, g.indices, g.dense_shape])
emit_text("dtype_shape", [repr(g.dtype), str(g.shape)])
emit("dense", tf.convert_to_tensor(g))
emit("op_densifies", tf.reduce_sum(tf.convert_to_tensor(g)))
g2 = t.gradient(y2, c)
emit_text("nested_indices", [type(g2).__name__, str(g2)])
g3 = t.gradient(y3, p)
emit_text("mixed_is_dense", type(g3).__name__ == "IndexedSlices")
emit("mixed", g3)
g4 = t.gradient(y4, p)
emit_text("two_gathers", str(g4))
emit_text("axis1_is_dense", type(t.gradient(y5, p)).__name__ == "IndexedSlices")
emit("axis1", t.gradient(y5, p))

rng = np.random.default_rng(0)
table = tf.Variable(rng.normal(size=(5, 3)).astype(np.float32))
dense = tf.Variable(rng.normal(size=(3, 1)).astype(np.float32))
ids = tf.constant([0, 3, 3, 1])
target = tf.constant([[1.], [0.], [-1.], [2.]])
opt = tf.keras.optimizers.SGD(learning_rate=0.1)


@tf.function
def step():
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(tf.gather(table, ids), dense) - target))
    grads = tape.gradient(loss, [table, dense])
    opt.apply_gradients(zip(grads, [table, dense]))
    return loss


emit("embedding_losses", [step() for _ in range(3)])
emit("embedding_table", table)
