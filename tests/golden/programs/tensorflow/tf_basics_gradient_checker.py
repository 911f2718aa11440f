# tf.test.compute_gradient: theoretical and numerical jacobians, (y size, x size) per argument.
import numpy as np
import tensorflow as tf
from harness import emit, expect_error

th, nu = tf.test.compute_gradient(lambda x, y: tf.stack([x[0] * y, x[1] ** 2, x[0] + x[1]]),
                                  [tf.constant([1., 2.]), tf.constant(3.)])
emit("theoretical", list(th))
emit("numerical", list(nu))
th, nu = tf.test.compute_gradient(lambda x: tf.tanh(x) * 2, [np.array([[0.5, -1.], [2., 0.]])], delta=1e-3)
emit("f64", [th[0], nu[0]])
th, nu = tf.test.compute_gradient(lambda x: tf.reduce_sum(x ** 3), [tf.constant([[1., 2., 3.]])])
emit("reduce", [th[0], nu[0]])
expect_error("int_arg", lambda: tf.test.compute_gradient(lambda x: tf.cast(x, tf.float32), [tf.constant([1, 2])]),
             "Cannot compute gradient for unsupported type int32 of argument 0")
