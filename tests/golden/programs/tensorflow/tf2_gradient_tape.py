# TF2 GradientTape: variables watched automatically, constants with watch, persistent,
# nested structures, unconnected sources, output_gradients, nested tapes.
import tensorflow as tf
from harness import emit, emit_text, expect_error

x = tf.Variable(2.0)
y = tf.constant(3.0)
with tf.GradientTape(persistent=True) as t:
    t.watch(y)
    z = x * x * y
emit("list", t.gradient(z, [x, y]))
emit("single", t.gradient(z, x))
emit("dict", t.gradient(z, {'a': x, 'b': y}))
c = tf.constant(1.)
emit("unwatched", t.gradient(z, c))
emit("unwatched_zero", t.gradient(z, c, unconnected_gradients=tf.UnconnectedGradients.ZERO))
emit_text("grad_repr", repr(t.gradient(z, x)))
with tf.GradientTape() as t2:
    w = x * x
t2.gradient(w, x)
expect_error("non_persistent", lambda: t2.gradient(w, x), "A non-persistent GradientTape can only be used to compute one set of gradients")
m = tf.Variable([[1., 2.], [3., 4.]])
with tf.GradientTape() as t3:
    out = tf.matmul(m, m) * tf.constant([[1., 0.5], [2., 1.]])
emit("output_gradients", t3.gradient(out, m, output_gradients=tf.constant([[1., 2.], [3., 4.]])))
with tf.GradientTape() as outer:
    with tf.GradientTape() as inner:
        q = x * x * x
    dq = inner.gradient(q, x)
d2q = outer.gradient(dq, x)
emit("second_order", [dq, d2q])
with tf.GradientTape() as t4:
    s = tf.reduce_sum(tf.exp(tf.stop_gradient(m) * m))
emit("stop_gradient", t4.gradient(s, m))
