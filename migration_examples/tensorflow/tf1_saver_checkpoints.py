# gradcompat: tf1
# A TensorFlow 1.x script as the old tutorials wrote it: "float" placeholders, a softmax
# classifier trained with sess.run, checkpoints saved every few steps with tf.train.Saver,
# then restored from the latest checkpoint into a fresh session to evaluate.
import os
import tempfile

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(1)
features = rng.uniform(-1.0, 1.0, size=(120, 4)).astype(np.float32)
labels = np.eye(3, dtype=np.float32)[(features[:, 0] + features[:, 1] > 0).astype(int) + (features[:, 2] > 0.5)]

x = tf.placeholder("float", [None, 4])
y = tf.placeholder("float", [None, 3])
W = tf.Variable(tf.zeros([4, 3]), name="W")
b = tf.Variable(tf.zeros([3]), name="b")
logits = tf.matmul(x, W) + b
cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits))
optimizer = tf.train.GradientDescentOptimizer(0.5).minimize(cost)
correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, "float"))

checkpoint_dir = tempfile.mkdtemp()
saver = tf.train.Saver(max_to_keep=3)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(1, 13):
        for start in range(0, 120, 40):
            batch = slice(start, start + 40)
            _, c = sess.run([optimizer, cost], feed_dict={x: features[batch], y: labels[batch]})
        if epoch % 3 == 0:
            path = saver.save(sess, os.path.join(checkpoint_dir, "model.ckpt"), global_step=epoch)
            print("Epoch:", "%04d" % epoch, "cost=", "{:.6f}".format(c), "saved", os.path.basename(path))
    print("Kept:", [os.path.basename(p) for p in saver.last_checkpoints])

with tf.Session() as sess:
    latest = tf.train.latest_checkpoint(checkpoint_dir)
    saver.restore(sess, latest)
    print("Restored", os.path.basename(latest))
    print("Accuracy:", sess.run(accuracy, feed_dict={x: features, y: labels}))
    print("W =", sess.run(W).round(4))
