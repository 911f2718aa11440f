"""GradientTape.gradient for sources the tape never watched: a constant that meets a watched
variable in the target is unconnected (None, or zeros with UnconnectedGradients.ZERO), a watched
constant and an intermediate the tape computed are connected."""
import tensorflow as tf
from harness import emit

x = tf.constant([3.0, 1.0])
v = tf.Variable([2.0, 5.0])
with tf.GradientTape(persistent=True) as tape:
    h = x * v
    y = tf.reduce_sum(h * h)
emit("unwatched_constant", tape.gradient(y, [x, v]))
emit("unwatched_zero", tape.gradient(y, [x, v], unconnected_gradients=tf.UnconnectedGradients.ZERO))
emit("intermediate", tape.gradient(y, h))
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.reduce_sum(x * v)
emit("watched_constant", tape.gradient(y, [x, v]))
