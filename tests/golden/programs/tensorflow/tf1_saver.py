# gradcompat: tf1
# TF1's Saver: "float" placeholders, a training step, save with global_step, max_to_keep,
# the state file, restore into a fresh session and into a new graph, errors.
import os
import tempfile

import numpy as np
import tensorflow as tf
from harness import emit, expect_error

root = tempfile.mkdtemp()
x = tf.placeholder("float", [None, 2])
y = tf.placeholder("float", [None, 1])
w = tf.Variable(tf.zeros([2, 1]), name="weights")
b = tf.Variable(tf.zeros([1]), name="bias")
step = tf.train.get_or_create_global_step()
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=step)
saver = tf.train.Saver(max_to_keep=2)
data = {x: np.array([[1., 2.], [3., 4.]], np.float32), y: np.array([[1.], [2.]], np.float32)}
paths = []
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(train, data)
        paths.append(os.path.relpath(saver.save(sess, os.path.join(root, "model.ckpt"), global_step=step), root))
    trained = sess.run([w, b, step])
emit("paths", paths)
emit("last_checkpoints", [os.path.relpath(p, root) for p in saver.last_checkpoints])
emit("files", sorted(f for f in os.listdir(root) if not f.endswith(".meta")))
latest = tf.train.latest_checkpoint(root)
emit("latest", os.path.relpath(latest, root))
with tf.Session() as sess:
    saver.restore(sess, latest)
    emit("restored", [sess.run([w, b, step]), trained])
    emit("loss_after_restore", sess.run(loss, data))

tf.reset_default_graph()
w2 = tf.Variable(tf.ones([2, 1]), name="weights")
only = tf.train.Saver({"bias": tf.Variable(tf.ones([1]), name="other")})
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    only.restore(sess, latest)
    emit("by_dict", sess.run(tf.global_variables()))
    expect_error("missing_key", lambda: tf.train.Saver([tf.Variable(1.0, name="absent")]).restore(sess, latest),
                 "not found in checkpoint")
    expect_error("bad_path", lambda: only.restore(sess, os.path.join(root, "nothing")),
                 "The passed save_path is not a valid checkpoint")
expect_error("nothing_to_save", lambda: tf.train.Saver([]), "No variables to save")
