# gradcompat: tf1
# TF1 graph-mode random ops: a new draw on every Session.run, one draw per run, seeded graphs repeat.
import numpy as np
import tensorflow as tf
from harness import emit


def build():
    tf.reset_default_graph()
    tf.set_random_seed(11)
    return tf.random_normal([3]), tf.random_uniform([2, 2], minval=5.0, maxval=6.0), tf.random_uniform([4], maxval=3, dtype=tf.int64)


n, u, k = build()
doubled = n * 2.0
with tf.Session() as sess:
    first = sess.run([n, u, k])
    second = sess.run([n, u, k])
    a, b = sess.run([n, doubled])
emit("shapes_dtypes", [[v.shape, str(v.dtype)] for v in first])
emit("new_draw_each_run", [bool(not np.array_equal(x, y)) for x, y in zip(first[:2], second[:2])])
emit("one_draw_per_run", bool(np.allclose(a * 2.0, b)))
emit("ranges", [bool(first[1].min() >= 5.0 and first[1].max() < 6.0), bool(first[2].min() >= 0 and first[2].max() < 3)])
n2, u2, k2 = build()
with tf.Session() as sess:
    again = sess.run([n2, u2, k2])
emit("seeded_graph_repeats", [bool(np.array_equal(x, y)) for x, y in zip(first, again)])
