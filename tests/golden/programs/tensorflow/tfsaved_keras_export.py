# Keras models as SavedModels: tf.saved_model.save(model) (serving_default on `inputs`) and
# model.export(path) (the `serve` endpoint, the variables), loaded back with tf.saved_model.load.
import os
import tempfile

import keras
import numpy as np
import tensorflow as tf
from harness import emit, emit_text

root = tempfile.mkdtemp()
rng = np.random.default_rng(0)
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)])
model.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in model.get_weights()])
x = rng.normal(size=(5, 3)).astype(np.float32)

tf.saved_model.save(model, os.path.join(root, "saved"))
loaded = tf.saved_model.load(os.path.join(root, "saved"))
emit("saved_signatures", sorted(loaded.signatures))
emit_text("saved_input_signature", repr(loaded.signatures["serving_default"].structured_input_signature))
emit_text("saved_outputs", repr(loaded.signatures["serving_default"].structured_outputs))
emit("saved_serving", loaded.signatures["serving_default"](inputs=tf.constant(x)))

model.export(os.path.join(root, "exported"), verbose=False)
exported = tf.saved_model.load(os.path.join(root, "exported"))
emit("export_files", sorted(os.listdir(os.path.join(root, "exported"))))
emit("export_serve", exported.serve(x))
emit("export_signatures", sorted(exported.signatures))
emit("export_variables", [len(exported.variables), len(exported.trainable_variables),
                          len(exported.non_trainable_variables)])
emit("export_weights", sorted(float(np.sum(v.numpy())) for v in exported.variables))
emit("export_sig_call", exported.signatures["serving_default"](**{
    list(exported.signatures["serving_default"].structured_input_signature[1])[0]: tf.constant(x)}))

inputs = keras.Input((3,))
outputs = keras.layers.Dense(2, activation="tanh")(keras.layers.Dense(3)(inputs))
functional = keras.Model(inputs, outputs)
functional.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in functional.get_weights()])
functional.export(os.path.join(root, "functional"), verbose=False)
restored = tf.saved_model.load(os.path.join(root, "functional"))
emit("functional_serve", restored.serve(tf.constant(x)))
with tf.GradientTape() as tape:
    y = tf.reduce_sum(restored.serve(tf.constant(x)) ** 2)
emit("functional_grads", sorted(float(np.sum(g.numpy())) for g in tape.gradient(y, restored.trainable_variables)))
