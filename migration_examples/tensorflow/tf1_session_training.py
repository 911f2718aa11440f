# gradcompat: tf1
# A TensorFlow 1.x training loop: placeholders, get_variable in a variable_scope, an
# optimizer's minimize with a global step, and sess.run(train_op, feed_dict=...).
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
x_data = rng.uniform(-1.0, 1.0, size=(64, 2)).astype(np.float32)
y_data = (x_data @ np.array([[2.0], [-3.0]], np.float32) + 0.5).astype(np.float32)

x = tf.placeholder(tf.float32, shape=[None, 2], name="x")
y = tf.placeholder(tf.float32, shape=[None, 1], name="y")
with tf.variable_scope("linear"):
    w = tf.get_variable("w", shape=[2, 1], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", shape=[1], initializer=tf.zeros_initializer())
prediction = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.square(prediction - y))
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.MomentumOptimizer(learning_rate=0.1, momentum=0.9).minimize(loss, global_step=global_step)

print([v.name for v in tf.trainable_variables()])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(60):
        _, loss_value = sess.run([train_op, loss], feed_dict={x: x_data, y: y_data})
        if step % 10 == 0:
            print("step %d: loss %.4f" % (step, loss_value))
    w_value, b_value, steps = sess.run([w, b, global_step])
    print("w =", np.round(w_value.ravel(), 3), "b =", np.round(b_value, 3), "steps =", steps)
