# gradcompat: tf1
# Default grad_ys (ones), several ys summed, intermediate xs, matmul and reduce gradients.
import numpy as np
import tensorflow as tf
from harness import emit

a = tf.constant([[1., 2.], [3., 4.]])
b = tf.constant([[0.5, -1.], [2., 0.25]])
m = tf.matmul(a, b)
s = tf.reduce_sum(m * m)
mean = tf.reduce_mean(tf.exp(b))
emit("ds_da_db", tf.Session().run(tf.gradients(s, [a, b])))
emit("dsum_da", tf.Session().run(tf.gradients([s, mean], [a, b])))
emit("ds_dm", tf.Session().run(tf.gradients(s, m)))
emit("ds_dm_and_a", tf.Session().run(tf.gradients(s, [m, a])))
emit("square_grad", tf.Session().run(tf.gradients(tf.reduce_sum(tf.square(a)), a)))
c = tf.constant(np.array([1.5, 2.5]))
emit("float64", tf.Session().run(tf.gradients(tf.reduce_sum(c * c / 2.0), c)))
emit("sub_div", tf.Session().run(tf.gradients(tf.reduce_sum((a - b) / (b + 3.)), [a, b])))
emit("transpose_b", tf.Session().run(tf.gradients(tf.reduce_sum(tf.matmul(a, b, transpose_b=True)), b)))
emit("keepdims", tf.Session().run(tf.gradients(tf.reduce_sum(tf.reduce_mean(m, axis=1, keepdims=True) * 3.), a)))
