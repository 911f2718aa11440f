# gradcompat: tf1
# get_variable's initializers: values for the deterministic ones; for random ones, shapes,
# dtypes and statistics (gradcompat does not reproduce TF's random numbers).
import numpy as np
import tensorflow as tf
from harness import emit, emit_text

shape = [200, 300]
default = tf.get_variable("default", shape=shape)
normal = tf.get_variable("normal", shape=shape, initializer=tf.random_normal_initializer(mean=1.0, stddev=2.0))
truncated = tf.get_variable("truncated", shape=shape, initializer=tf.truncated_normal_initializer(stddev=0.5))
uniform = tf.get_variable("uniform", shape=shape, initializer=tf.random_uniform_initializer(-3.0, 1.0))
glorot = tf.get_variable("glorot", shape=[4, 5, 6], initializer=tf.glorot_uniform_initializer(), dtype=tf.float64)
zeros = tf.get_variable("zeros", shape=[2, 2], initializer=tf.zeros_initializer())
ones = tf.get_variable("ones", shape=[3], initializer=tf.ones_initializer(), dtype=tf.float64)
const = tf.get_variable("const", shape=[2, 2], initializer=tf.constant_initializer([1., 2., 3., 4.]))
scalar = tf.get_variable("scalar", shape=[2, 3], initializer=tf.constant_initializer(0.5))
int_zeros = tf.get_variable("int_default", shape=[2], dtype=tf.int32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    d, n, t, u, g = sess.run([default, normal, truncated, uniform, glorot])
    emit("exact", sess.run([zeros, ones, const, scalar, int_zeros]))
for name, value in [("default", d), ("normal", n), ("truncated", t), ("uniform", u), ("glorot", g)]:
    emit_text(name + "_shape_dtype", [value.shape, str(value.dtype)])
limit = np.sqrt(6.0 / (200 + 300))
emit_text("default_is_glorot_uniform", [bool(np.abs(d).max() <= limit), bool(abs(d.mean()) < 0.01),
                                        bool(abs(d.std() - limit / np.sqrt(3)) < 0.003)])
emit_text("normal_stats", [bool(abs(n.mean() - 1.0) < 0.05), bool(abs(n.std() - 2.0) < 0.05)])
emit_text("truncated_stats", [bool(np.abs(t).max() <= 1.0), bool(abs(t.mean()) < 0.01),
                              bool(abs(t.std() - 0.5 * 0.8796) < 0.01)])
emit_text("uniform_stats", [bool(u.min() >= -3.0), bool(u.max() < 1.0), bool(abs(u.mean() + 1.0) < 0.03)])
glimit = np.sqrt(6.0 / (5 * 4 + 6 * 4))
emit_text("glorot_receptive_field", [bool(np.abs(g).max() <= glimit), bool(np.abs(g).max() > 0.9 * glimit)])
