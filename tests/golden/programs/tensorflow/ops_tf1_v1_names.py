# gradcompat: tf1
# TF1-only op names and arguments: random_normal / set_random_seed, to_float, div, keep_dims and
# reduction_indices, the v1 softmax cross-entropy (no gradient into labels).
import numpy as np
import tensorflow as tf
from harness import emit, expect_error

tf.set_random_seed(5)
r = tf.random_normal([2, 3], mean=1.0, stddev=0.0)
u = tf.random_uniform([4], minval=-1.0, maxval=1.0)
t = tf.truncated_normal([3])
emit_shapes = [r.shape.as_list(), u.shape.as_list(), t.shape.as_list(), r.dtype.name, u.dtype.name]
x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
ints = tf.constant([[1, 2], [3, 4]])
labels = tf.constant([[0.2, 0.8, 0.0], [0.0, 0.0, 2.0]])
ce = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x)
g_ce = tf.gradients(ce, [x, labels])
ce1 = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=x)
g_ce1 = tf.gradients(ce1, [x, labels])
with tf.Session() as sess:
    emit("shapes", emit_shapes)
    emit("random_normal_constant", sess.run(r))
    emit("values", sess.run([tf.to_float(ints), tf.to_int32(x), tf.to_int64(x), tf.div(ints, 2), tf.div(x, 2.0),
                             tf.reduce_sum(x, keep_dims=True), tf.reduce_sum(x, reduction_indices=[1]),
                             tf.reduce_mean(x, axis=0, keepdims=True), tf.reduce_max(x, reduction_indices=1, keep_dims=True),
                             tf.log(x + 1.0), tf.arg_max(x, 1), tf.argmax(x, axis=1), tf.multiply(x, 2.0),
                             tf.squeeze(tf.expand_dims(x, 0), [0]), tf.concat([x, x], 1)]))
    emit("ce", sess.run([ce] + g_ce))
    emit("ce_v1", sess.run([ce1, g_ce1[0]]))
    emit("ce_v1_labels_grad", g_ce1[1])
expect_error("both_keepdims", lambda: tf.reduce_sum(x, keepdims=True, keep_dims=True), "Cannot specify both 'keep_dims' and 'keepdims'")
