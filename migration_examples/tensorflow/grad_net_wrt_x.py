# gradcompat: tf1
# The migration guide's MindSpore GradNetWrtX example, in TensorFlow 1.x graph style:
# out = matmul(x * z, y); the gradient w.r.t. x with a ones sensitivity.
# Printed to 5 decimals: float32 sums round differently on different backends.
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, shape=[2, 3], name='x')
y = tf.placeholder(tf.float32, shape=[3, 3], name='y')
z = tf.get_variable('z', initializer=tf.constant_initializer(1.0), shape=[1])
out = tf.matmul(x * z, y)
grad_x = tf.gradients(out, x)[0]

x_value = np.array([[0.5, 0.6, 0.4], [1.2, 1.3, 1.1]], dtype=np.float32)
y_value = np.array([[0.01, 0.3, 1.1], [0.1, 0.2, 1.3], [2.1, 1.2, 3.3]], dtype=np.float32)
np.set_printoptions(precision=5)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(grad_x, feed_dict={x: x_value, y: y_value}))
