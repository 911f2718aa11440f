# gradcompat: tf1
# Gradients of gradients in graph mode.
import tensorflow as tf
from harness import emit

x = tf.constant([1., 2., 3.])
y = tf.reduce_sum(x * x * x)
g1 = tf.gradients(y, x)[0]
g2 = tf.gradients(g1, x)[0]
g3 = tf.gradients(g2, x)[0]
with tf.Session() as sess:
    emit("orders", sess.run([g1, g2, g3]))
w = tf.get_variable('w', initializer=tf.constant([0.5, -1.]))
loss = tf.reduce_sum(tf.exp(w) * w)
gw = tf.gradients(loss, w)[0]
hw = tf.gradients(tf.reduce_sum(gw * gw), w)[0]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    emit("grad_and_hvp", sess.run({'g': gw, 'h': hw}))
