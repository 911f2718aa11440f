# gradcompat: tf1
# TF 1.x examples write tf.placeholder("float", [None, n]): float32, so the first matmul works.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text

x = tf.placeholder("float", [None, 3])
y_ = tf.placeholder("float", [None, 2])
W = tf.Variable(tf.zeros([3, 2]))
b = tf.Variable(tf.zeros([2]))
emit_text("dtypes", [repr(x.dtype), repr(W.dtype.base_dtype), str(x.shape), type(W).__name__])
y = tf.nn.softmax(tf.matmul(x, W) + b)
loss = -tf.reduce_sum(y_ * tf.log(y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
drop = tf.nn.dropout(x, keep_prob=1.0)
rng = np.random.default_rng(0)
xs = rng.standard_normal((4, 3)).astype(np.float32)
ys = np.eye(2, dtype=np.float32)[[0, 1, 1, 0]]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train, {x: xs, y_: ys})
    emit("W", sess.run(W))
    emit("loss", sess.run(loss, {x: xs, y_: ys}))
    emit("dropout_keep_all", sess.run(drop, {x: xs}))
