# gradcompat: tf1
# The migration guide's tf.gradients example: two ys summed, grad_ys weighting.
import tensorflow as tf
from harness import emit, emit_text

w1 = tf.get_variable('w1', shape=[3], initializer=tf.constant_initializer(0.5))
w2 = tf.get_variable('w2', shape=[3], initializer=tf.zeros_initializer())
w3 = tf.get_variable('w3', shape=[3], initializer=tf.ones_initializer())
w4 = tf.get_variable('w4', shape=[3], initializer=tf.constant_initializer([1., 2., 3.]))
z1 = w1 + w2 + w3
z2 = w3 + w4
grads = tf.gradients([z1, z2], [w1, w2, w3, w4], grad_ys=[tf.convert_to_tensor([2., 2., 3.]),
                                                          tf.convert_to_tensor([3., 2., 4.])])
emit_text("w1_repr", repr(w1))
emit_text("z1_repr", repr(z1))
emit_text("z1_str", str(z1))
emit("n_grads", len(grads))
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    emit("grads", sess.run(grads))
    emit("values", sess.run([w1, w2, w3, w4]))
    emit("z", sess.run((z1, z2)))
