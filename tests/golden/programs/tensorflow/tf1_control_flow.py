# gradcompat: tf1
# TF1 control flow in a graph: tf.cond / tf.while_loop / tf.case / tf.scan / tf.map_fn with
# placeholders, v1's unpacking of single outputs, tf.gradients through them, a training loop.
import numpy as np
import tensorflow as tf
from harness import emit

x = tf.placeholder(tf.float32, [3])
k = tf.placeholder(tf.int32, [])
w = tf.get_variable("w", initializer=tf.constant([0.5, -1.0, 2.0]))
branch = tf.cond(tf.reduce_sum(x) > 0, lambda: x * w, lambda: x - w)
single = tf.cond(k > 1, lambda: [x * 2.0], lambda: [x * 3.0])
count, acc = tf.while_loop(lambda i, a: i < k, lambda i, a: (i + 1, a * x + w), [tf.constant(0), tf.ones(3)])
one = tf.while_loop(lambda i: i < k, lambda i: i + 2, [tf.constant(0)])
picked = tf.case([(k < 0, lambda: x), (k < 2, lambda: w)], default=lambda: x + w)
scanned = tf.scan(lambda a, e: a + e, x * w)
mapped = tf.map_fn(lambda e: e * e, x)
loss = tf.reduce_sum(acc) + tf.reduce_sum(branch) + tf.reduce_sum(scanned * mapped)
grad_w, grad_x = tf.gradients(loss, [w, x])
train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
data = np.array([1.0, -0.5, 2.0], np.float32)
for kv in (0, 1, 3):
    feed = {x: data, k: kv}
    emit(f"values_k{kv}", sess.run([branch, single, count, acc, one, picked, scanned, mapped], feed))
    emit(f"gradients_k{kv}", sess.run([grad_w, grad_x], feed))
emit("negative_branch", sess.run(branch, {x: -data, k: 0}))
for _ in range(3):
    sess.run(train, {x: data, k: 2})
emit("trained", sess.run([w, loss], {x: data, k: 2}))
