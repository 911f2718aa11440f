"""Write small checkpoints with the real TensorFlow into tests/golden/tensorflow/checkpoints/
(an object-based one and a TF1 Saver one), for tests/tensorflow/test_checkpoints.py to read with
gradcompat. Run with the real TF's Python: .venvs/tensorflow/bin/python tools/make_tf_checkpoints.py"""
import os
import shutil

import numpy as np
import tensorflow as tf

OUT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "tensorflow", "checkpoints"))
shutil.rmtree(OUT, ignore_errors=True)


class Dense(tf.Module):
    def __init__(self, n):
        super().__init__()
        self.w = tf.Variable(np.arange(2.0 * n, dtype=np.float32).reshape(2, n), name="w")
        self.b = tf.Variable(np.full([n], 0.5, np.float32), name="b", trainable=False)


class Net(tf.Module):
    def __init__(self):
        super().__init__()
        self.layers = [Dense(3), Dense(1)]
        self.extra = {"scale": tf.Variable(2.0), "steps": tf.Variable(np.int64(9))}
        self.first = self.layers[0]


checkpoint = tf.train.Checkpoint(model=Net(), step=tf.Variable(7, dtype=tf.int64))
checkpoint.save(os.path.join(OUT, "object", "ckpt"))

graph = tf.Graph()
with graph.as_default():
    tf.compat.v1.get_variable("a", initializer=tf.constant([1.5, -2.0]))
    tf.compat.v1.get_variable("scope/b", initializer=tf.constant(7, tf.int32))
    tf.compat.v1.get_variable("d", initializer=tf.constant(np.arange(6.).reshape(2, 3)))
    saver = tf.compat.v1.train.Saver()
    with tf.compat.v1.Session() as session:
        session.run(tf.compat.v1.global_variables_initializer())
        saver.save(session, os.path.join(OUT, "saver", "model.ckpt"), global_step=5, write_meta_graph=False)
# the state files hold absolute paths: keep them relative so the checkout can move
for sub in ("object", "saver"):
    path = os.path.join(OUT, sub, "checkpoint")
    text = open(path).read().replace(os.path.join(OUT, sub) + "/", "")
    open(path, "w").write(text)
print("wrote", sorted(os.listdir(os.path.join(OUT, "object"))), sorted(os.listdir(os.path.join(OUT, "saver"))))
