# Keras 3's model.save("x.keras") / keras.models.load_model and save_weights / load_weights: the
# zip's members, config and metadata keys, the restored model's class, layers, predictions,
# compile config and optimizer state (training continues identically); the weights file's
# layout; errors for bad file names.
import json
import os
import tempfile
import zipfile

import numpy as np
import tensorflow as tf
import keras
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(4)
X = rng.normal(size=(8, 3)).astype(np.float32)
Y = rng.normal(size=(8, 2)).astype(np.float32)
workdir = tempfile.mkdtemp()

model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)],
                         name="regressor")
model.set_weights([rng.normal(size=(3, 4)).astype(np.float32), np.full(4, 0.1, np.float32),
                   rng.normal(size=(4, 2)).astype(np.float32), np.zeros(2, np.float32)])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
model.fit(X, Y, batch_size=4, epochs=2, verbose=0, shuffle=False)
path = os.path.join(workdir, "model.keras")
model.save(path)
with zipfile.ZipFile(path) as archive:
    emit_text("members", sorted(archive.namelist()))
    config = json.loads(archive.read("config.json"))
    metadata = json.loads(archive.read("metadata.json"))
emit_text("metadata_keys", sorted(metadata))
emit_text("keras_version", metadata["keras_version"])
emit_text("config_top", [config["module"], config["class_name"], sorted(config)])
emit_text("config_layers", [(c["class_name"], c["config"]["name"]) for c in config["config"]["layers"]])
emit_text("dense_config", sorted(config["config"]["layers"][1]["config"]))
emit_text("compile_config", [config["compile_config"]["loss"], config["compile_config"]["metrics"],
                             config["compile_config"]["optimizer"]["class_name"]])

restored = keras.models.load_model(path)
emit_text("restored", [type(restored).__name__, restored.name, [layer.name for layer in restored.layers]])
emit("restored_weights", restored.get_weights())
emit("restored_predict", restored.predict(X, verbose=0))
emit("restored_iterations", restored.optimizer.iterations)
emit_text("restored_optimizer", [type(restored.optimizer).__name__, len(restored.optimizer.variables)])
emit("restored_optimizer_state", [v.numpy() for v in restored.optimizer.variables])
emit("restored_evaluate", restored.evaluate(X, Y, verbose=0))
emit("continue_original", model.fit(X, Y, batch_size=4, epochs=1, verbose=0, shuffle=False).history)
emit("continue_restored", restored.fit(X, Y, batch_size=4, epochs=1, verbose=0, shuffle=False).history)
uncompiled = keras.models.load_model(path, compile=False)
expect_error("uncompiled_fit", lambda: uncompiled.fit(X, Y, verbose=0), "You must call `compile()`")

weights_path = os.path.join(workdir, "model.weights.h5")
model.save_weights(weights_path)
clone = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)])
clone.load_weights(weights_path)
emit("weights_loaded", clone.get_weights())
expect_error("bad_save_name", lambda: model.save(os.path.join(workdir, "model.pb")), "Invalid filepath extension")
expect_error("bad_weights_name", lambda: model.save_weights(os.path.join(workdir, "w.h5")), ".weights.h5")
expect_error("missing_file", lambda: keras.models.load_model(os.path.join(workdir, "none.keras")), "File not found")
