"""Write small SavedModels with the real TensorFlow / Keras into tests/golden/checkpoints/tensorflow/,
with the outputs real TF computes from them (expected.json), for tests/tensorflow/test_saved_model.py
to load with gradcompat. Run with the real TF's Python:
.venvs/tensorflow/bin/python tools/make_tf_saved_models.py"""
import json
import os
import shutil

import numpy as np
import tensorflow as tf
import keras

OUT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "checkpoints", "tensorflow"))
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
rng = np.random.default_rng(1)
X = rng.normal(size=(2, 3)).astype(np.float32)
expected = {"x": X.tolist()}


class Dense(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(rng.normal(size=(3, 2)).astype(np.float32), name="w")
        self.b = tf.Variable(np.array([0.25, -0.5], np.float32), name="b")
        self.count = tf.Variable(0, dtype=tf.int64, name="count")

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32, name="x")])
    def __call__(self, x):
        self.count.assign_add(1)
        return tf.nn.relu(tf.matmul(x, self.w) + self.b)

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32), tf.TensorSpec([], tf.float32)])
    def parts(self, x, k):
        y = tf.matmul(x, self.w, transpose_b=False) * k
        return {"sum": tf.reduce_sum(y, axis=1), "soft": tf.nn.softmax(y), "mean": tf.reduce_mean(tf.tanh(y))}


module = Dense()
tf.saved_model.save(module, os.path.join(OUT, "module"), signatures={"serving_default": module.__call__,
                                                                     "parts": module.parts})
expected["module_call"] = module(X).numpy().tolist()
expected["module_parts"] = {k: v.numpy().tolist() for k, v in module.parts(X, tf.constant(2.0)).items()}
expected["module_w"] = module.w.numpy().tolist()
expected["module_grad_w"] = None
with tf.GradientTape() as tape:
    loss = tf.reduce_sum(module(X) ** 2)
expected["module_grad_w"] = tape.gradient(loss, module.w).numpy().tolist()

model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)])
model.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in model.get_weights()])
model.export(os.path.join(OUT, "keras_export"), verbose=False)
expected["keras_serve"] = model(X).numpy().tolist()


class Ops(tf.Module):
    """Slicing, gathers, comparisons, top_k, cumsum, einsum: ops real graphs are full of."""

    def __init__(self):
        super().__init__()
        self.table = tf.Variable(rng.normal(size=(5, 3)).astype(np.float32), name="table")

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32), tf.TensorSpec([None], tf.int32)])
    def __call__(self, x, ids):
        rows = tf.gather(self.table, ids)
        first = x[:, 0]
        top = tf.math.top_k(x, k=2)
        mixed = tf.einsum("bi,bi->b", x, rows[: tf.shape(x)[0]])
        clipped = tf.where(x > 0.0, x, tf.zeros_like(x))
        return {"first": first, "values": top.values, "indices": top.indices, "mixed": mixed,
                "cum": tf.math.cumsum(clipped, axis=1), "tiled": tf.tile(first[:, None], [1, 2])}


ops = Ops()
IDS = np.array([4, 0], np.int32)
tf.saved_model.save(ops, os.path.join(OUT, "ops"))
expected["ops"] = {k: v.numpy().tolist() for k, v in ops(X, IDS).items()}


class Unsupported(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([3, 3], tf.float32)])
    def __call__(self, x):
        return tf.linalg.svd(x, compute_uv=False)


tf.saved_model.save(Unsupported(), os.path.join(OUT, "unsupported"))
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
print("wrote", sorted(os.listdir(OUT)))
