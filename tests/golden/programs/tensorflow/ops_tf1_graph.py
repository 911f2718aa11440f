# gradcompat: tf1
# TF1 graph mode: a sample of the ops as deferred nodes, run in a Session, with tf.gradients.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

x = tf.placeholder(tf.float32, shape=[None, 4], name="x")
labels = tf.placeholder(tf.int32, shape=[None], name="labels")
w = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3) / 10 - 0.5)
logits = tf.nn.bias_add(tf.matmul(x, w), [0.1, -0.2, 0.3])
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
h = tf.concat([tf.nn.relu(logits), tf.maximum(logits, 0.0), tf.abs(logits)], axis=1)
s = tf.reduce_sum(h[:, 1:] * 2.0) + tf.reduce_max(tf.clip_by_value(x, -1.0, 1.0)) + tf.reduce_logsumexp(logits)
g_loss = tf.gradients(loss, [x, w])
g_s = tf.gradients(s, x)
emit_text("names", [logits.name, loss.name, h.name, s.name, tf.reduce_logsumexp(logits).name, tf.nn.softmax(logits).name])
emit_text("static_shapes", [str(logits.shape), str(h.shape), str(tf.shape(x)), str(tf.transpose(h).shape),
                            str(tf.reshape(x, [-1, 2]).shape), str(tf.expand_dims(x, 1).shape), str(tf.gather(w, [0, 1]).shape),
                            str(tf.one_hot(labels, 3).shape), str(tf.argmax(logits, 1).shape), str(h[0].shape)])
feed = {x: [[1., 0., -2., 0.5], [0., 0., 1., 1.], [3., -1., 0., 0.]], labels: [2, 0, 1]}
with tf.Session() as sess:
    emit("values", sess.run([logits, loss, h, s], feed))
    emit("grads", sess.run(g_loss + g_s, feed))
    emit("array_ops", sess.run([tf.split(x, 2, axis=1), tf.unstack(x, axis=1)[0], tf.tile(x[:1], [2, 1]), tf.squeeze(x[:, :1]),
                                tf.gather_nd(x, [[0, 1]]), tf.shape(x), tf.size(x), tf.rank(x), tf.cumsum(x, 1, exclusive=True),
                                tf.one_hot(labels, 3), tf.where(x > 0, x, tf.zeros_like(x)), tf.einsum("ij,jk->ik", x, w)], feed))
    emit("nn_ops", sess.run([tf.nn.softmax(logits), tf.nn.log_softmax(logits), tf.nn.l2_loss(x),
                             tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.ones_like(logits), logits=logits)], feed))
expect_error("mixed_graph", lambda: tf.maximum(x, labels), "Input 'y' of 'Maximum' Op has type int32 that does not match type float32 of argument 'x'.")
expect_error("reshape_graph", lambda: tf.reshape(w, [5, 2]), "Cannot reshape a tensor with 12 elements to shape [5,2] (10 elements)")
expect_error("reduce_axis_graph", lambda: tf.reduce_sum(w, axis=3), "Invalid reduction dimension 3 for input with 2 dimensions.")
