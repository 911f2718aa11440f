# A notebook cell: a handful of tensor ops on fresh data, printed (the first thing a user types).
import tensorflow as tf

x = tf.constant([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0], [2.0, 1.0, 0.0], [-1.0, 1.5, 2.5]])
w = tf.reshape(tf.range(6, dtype=tf.float32) / 6.0, (3, 2))
y = tf.nn.softmax(tf.matmul(x, w), axis=1)
print(y)
print(tf.reduce_sum(y, axis=0), tf.argmax(y, axis=1))
print(float(tf.reduce_mean(tf.concat([x, tf.abs(x)], axis=1))))
