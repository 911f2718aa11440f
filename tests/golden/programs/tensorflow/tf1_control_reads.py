# gradcompat: tf1
# Reads made inside control_dependencies on a write see the written value; the
# UPDATE_OPS pattern (a moving average updated with each training step).
import numpy as np
import tensorflow as tf
from harness import emit

v = tf.get_variable("v", initializer=tf.constant([1., 2.]))
c = tf.get_variable("c", initializer=tf.constant(0.))
up = tf.assign_add(v, [10., 10.])
with tf.control_dependencies([up]):
    after = v * 1.
    ident = tf.identity(v)
    read = v.read_value()
    total = tf.reduce_sum(v)
before = v * 1.
g = tf.group(tf.assign(c, 5.))
with tf.control_dependencies([g]):
    through_group = c + 0.
sess = tf.Session()
sess.run(tf.global_variables_initializer())
emit("after", [sess.run(after), sess.run(v)])
emit("identity_and_read_value", [sess.run([ident, read]), sess.run(v)])
emit("sum_then_plain", [sess.run(total), sess.run(before)])
emit("through_group", sess.run(through_group))

x = tf.placeholder(tf.float32, [None, 2])
w = tf.get_variable("w", initializer=tf.constant([[0.5], [-0.5]]))
moving = tf.get_variable("moving_mean", initializer=tf.constant([0., 0.]), trainable=False)
batch_mean = tf.reduce_mean(x, axis=0)
tf.add_to_collection(tf.GraphKeys.UPDATE_OPS, tf.assign(moving, moving * 0.9 + batch_mean * 0.1))
loss = tf.reduce_mean(tf.square(tf.matmul(x - batch_mean, w) - 1.))
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
data = np.array([[1., 2.], [3., 5.], [0., -1.]], np.float32)
sess.run(tf.variables_initializer([w, moving]))
for _ in range(3):
    sess.run(train_op, feed_dict={x: data})
emit("update_ops", sess.run([w, moving]))
emit("loss", sess.run(loss, feed_dict={x: data}))
