# TF2 eager: random ops (shape, dtype, range and seeded reproducibility; not TF's numbers).
import numpy as np
import tensorflow as tf
from harness import emit

tf.random.set_seed(7)
a = tf.random.normal([3, 4])
b = tf.random.uniform([1000], minval=2.0, maxval=3.0)
c = tf.random.uniform([5], maxval=10, dtype=tf.int32)
d = tf.random.normal([2], mean=5.0, stddev=0.0, dtype=tf.float64)
emit("shapes_dtypes", [[a.shape.as_list(), str(a.dtype)], [b.shape.as_list(), str(b.dtype)], [c.shape.as_list(), str(c.dtype)],
                       [d.shape.as_list(), str(d.dtype)]])
emit("uniform_range", [bool(tf.reduce_min(b) >= 2.0), bool(tf.reduce_max(b) < 3.0), bool(tf.reduce_min(c) >= 0),
                       bool(tf.reduce_max(c) < 10)])
emit("normal_constant", d)
tf.random.set_seed(7)
a2 = tf.random.normal([3, 4])
emit("seeded_repeat", bool(np.array_equal(a.numpy(), a2.numpy())))
e = tf.random.normal([3, 4])
emit("stream_moves", bool(not np.array_equal(a2.numpy(), e.numpy())))
tf.random.set_seed(7)
f = tf.random.normal([3, 4], seed=3)
tf.random.set_seed(7)
g = tf.random.normal([3, 4], seed=3)
emit("op_seed_repeat", bool(np.array_equal(f.numpy(), g.numpy())))
big = tf.random.normal([20000], mean=1.0, stddev=2.0)
emit("normal_moments", [abs(float(tf.reduce_mean(big)) - 1.0) < 0.1, abs(float(tf.math.reduce_std(big)) - 2.0) < 0.1])
emit("truncated_normal", [bool(tf.reduce_max(tf.abs(tf.random.truncated_normal([1000]))) <= 2.0)])
