# gradcompat: tf1
# xs the ys do not reach: None by default, zeros with UnconnectedGradients.ZERO.
import tensorflow as tf
from harness import emit

x = tf.constant([1., 2., 3.])
u = tf.constant([[1., 1.], [2., 2.]])
y = x * x
g = tf.gradients(y, [x, u])
emit("none_for_unconnected", g[1])
sess = tf.Session()
emit("connected", sess.run(g[0]))
z = tf.gradients(y, [x, u], unconnected_gradients=tf.UnconnectedGradients.ZERO)
emit("zero_for_unconnected", sess.run(z))
emit("all_none", tf.gradients(y, [u]))
emit("zero_string", sess.run(tf.gradients(y, u, unconnected_gradients='zero')))
