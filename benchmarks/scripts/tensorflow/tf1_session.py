# A TensorFlow 1.x script as it runs on TF 2 (tf.compat.v1 with v2 behaviour off): placeholders,
# a two-layer network from get_variable, an AdamOptimizer, and Session.run with feed_dict.
import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
rng = np.random.RandomState(0)
x_data = rng.uniform(-1.0, 1.0, size=(128, 4)).astype(np.float32)
y_data = np.sin(x_data.sum(axis=1, keepdims=True)).astype(np.float32)

x = tf.placeholder(tf.float32, shape=[None, 4], name="x")
y = tf.placeholder(tf.float32, shape=[None, 1], name="y")
with tf.variable_scope("net"):
    w1 = tf.get_variable("w1", initializer=tf.constant(rng.normal(0, 0.5, (4, 16)).astype(np.float32)))
    b1 = tf.get_variable("b1", shape=[16], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", initializer=tf.constant(rng.normal(0, 0.5, (16, 1)).astype(np.float32)))
    b2 = tf.get_variable("b2", shape=[1], initializer=tf.zeros_initializer())
hidden = tf.nn.tanh(tf.matmul(x, w1) + b1)
prediction = tf.matmul(hidden, w2) + b2
loss = tf.reduce_mean(tf.square(prediction - y))
train_op = tf.train.AdamOptimizer(learning_rate=0.01).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(200):
        batch = slice((step * 32) % 128, (step * 32) % 128 + 32)
        _, loss_value = sess.run([train_op, loss], feed_dict={x: x_data[batch], y: y_data[batch]})
        if step % 40 == 0:
            print("step %d: loss %.4f" % (step, loss_value))
    print("final loss %.4f" % sess.run(loss, feed_dict={x: x_data, y: y_data}))
