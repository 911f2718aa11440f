# gradcompat: tf1
# Placeholders, feed_dict, and Session.run fetch structures.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text

x = tf.placeholder(tf.float32, shape=[None, 3], name='x')
y = tf.placeholder(tf.float32)
w = tf.get_variable('w', shape=[3, 2], initializer=tf.constant_initializer(0.5))
out = tf.matmul(x, w)
loss = tf.reduce_sum(out * y)
gx, gw = tf.gradients(loss, [x, w])
emit_text("x_repr", repr(x))
emit_text("y_repr", repr(y))
emit_text("out_repr", repr(out))
emit_text("loss_repr", repr(loss))
emit_text("x_shape", str(x.shape))
feed = {x: np.array([[1., 2., 3.], [4., 5., 6.]]), y: 2.0}
init = tf.global_variables_initializer()
emit_text("init_repr", repr(init))
with tf.Session() as sess:
    emit("init_result", sess.run(init))
    emit("list", sess.run([out, loss], feed_dict=feed))
    emit("tuple", sess.run((gx, gw), feed_dict=feed))
    emit("dict", sess.run({'loss': loss, 'grads': [gx, gw]}, feed_dict=feed))
    emit("nested", sess.run([loss, (gw, {'o': out})], feed_dict=feed))
    emit("scalar", sess.run(loss, feed_dict=feed))
    emit("variable", sess.run(w))
    emit("with_op", sess.run([init, loss], feed_dict=feed))
    emit("feed_constant", sess.run(out * 2., feed_dict={out: [[1., 1.]]}))
