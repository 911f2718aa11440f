# gradcompat: tf1
# stop_gradients argument and the tf.stop_gradient op.
import tensorflow as tf
from harness import emit

a = tf.constant(0.)
b = 2 * a
c = a + b
sess = tf.Session()
emit("stop_b", sess.run(tf.gradients(c, [a, b], stop_gradients=[a, b])))
emit("no_stop", sess.run(tf.gradients(c, [a, b])))
x = tf.constant([1., 2.])
y = tf.stop_gradient(x * x) + x * 3.
emit("stop_op", sess.run(tf.gradients(y, x)))
emit("stop_op_none", tf.gradients(tf.stop_gradient(x * 2.), x))
