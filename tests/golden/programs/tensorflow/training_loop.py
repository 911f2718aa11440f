"""A small end-to-end training loop (linear regression, plain gradient descent, 50 steps):
the final loss and weights."""
from harness import emit, emit_text
import numpy as np
import tensorflow.compat.v1 as tf
tf.disable_eager_execution()
rng = np.random.default_rng(0)
Xv = rng.normal(size=(32, 4)).astype(np.float32)
yv = Xv @ np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32) + 0.1
X = tf.placeholder(tf.float32, [None, 4])
Y = tf.placeholder(tf.float32, [None, 1])
w = tf.get_variable('w', shape=[4, 1], initializer=tf.zeros_initializer())
b = tf.get_variable('b', shape=[1], initializer=tf.zeros_initializer())
loss = tf.reduce_mean(tf.square(tf.matmul(X, w) + b - Y))
gw, gb = tf.gradients(loss, [w, b])
step = [tf.assign_sub(w, 0.1 * gw), tf.assign_sub(b, 0.1 * gb)]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(50):
        l, _ = sess.run([loss, step], feed_dict={X: Xv, Y: yv})
    emit("loss", l)
    emit("w", sess.run(w))
    emit("b", sess.run(b))
