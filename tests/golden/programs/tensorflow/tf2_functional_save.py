# A functional Keras model (two inputs, a layer called twice, two outputs) saved with
# model.save("x.keras") and loaded back: the config's layers, inbound nodes and input/output
# layers as Keras 3 writes them, the restored model's layers, predictions, optimizer state and
# continued training; a single-input and a dict-input model round-trip too.
import json
import os
import tempfile
import zipfile

import numpy as np
import tensorflow as tf
import keras
from harness import emit, emit_text

rng = np.random.default_rng(7)
workdir = tempfile.mkdtemp()
X = [rng.normal(size=(6, 3)).astype(np.float32), rng.normal(size=(6, 2)).astype(np.float32)]
Y = [rng.normal(size=(6, 4)).astype(np.float32), rng.normal(size=(6, 8)).astype(np.float32)]

a = keras.Input((3,), name="a")
b = keras.Input((2,), name="b")
h = keras.layers.Dense(4, activation="relu", name="ha")(a)
g = keras.layers.Dense(4, name="hb")(b)
both = keras.layers.Concatenate(name="cat")([h, g])
shared = keras.layers.Dense(4, activation="tanh", name="shared")
out = shared(shared(keras.layers.Add(name="sum")([h, g])))
model = keras.Model([a, b], [out, both], name="two_heads")
model.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss=["mse", "mse"])
model.fit(X, Y, batch_size=3, epochs=1, verbose=0, shuffle=False)
path = os.path.join(workdir, "functional.keras")
model.save(path)
with zipfile.ZipFile(path) as archive:
    config = json.loads(archive.read("config.json"))
emit_text("config_top", [config["module"], config["class_name"], config["registered_name"],
                         sorted(config["config"])])
inner = config["config"]
emit_text("layers", [(c["class_name"], c["name"]) for c in inner["layers"]])


def history(node_args):
    found = []

    def walk(value):
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            found.append(value["config"]["keras_history"] + [value["config"]["shape"]])
        elif isinstance(value, list):
            for v in value:
                walk(v)
    walk(node_args)
    return found


emit_text("inbound", [(c["name"], [history(n["args"]) for n in c["inbound_nodes"]]) for c in inner["layers"]])
emit_text("ends", [inner["input_layers"], inner["output_layers"]])

restored = keras.models.load_model(path)
emit_text("restored", [type(restored).__name__, restored.name, [layer.name for layer in restored.layers],
                       [t.shape for t in restored.inputs], [t.shape for t in restored.outputs]])
emit("restored_weights", restored.get_weights())
emit("restored_predict", restored.predict(X, verbose=0))
emit("restored_iterations", restored.optimizer.iterations)
emit("continue_original", model.fit(X, Y, batch_size=3, epochs=1, verbose=0, shuffle=False).history)
emit("continue_restored", restored.fit(X, Y, batch_size=3, epochs=1, verbose=0, shuffle=False).history)

x = keras.Input((3,), name="x")
single = keras.Model(x, keras.layers.Dense(2, name="d")(x), name="single")
single.set_weights([np.ones((3, 2), np.float32), np.array([0.5, -0.5], np.float32)])
single.save(os.path.join(workdir, "single.keras"))
again = keras.models.load_model(os.path.join(workdir, "single.keras"))
emit_text("single_ends", [again.get_config()["input_layers"], again.get_config()["output_layers"]])
emit("single_predict", again.predict(X[0], verbose=0))

named = keras.Model({"x": x}, {"y": keras.layers.Dense(2, name="e")(x)}, name="named")
named.set_weights([np.full((3, 2), 0.25, np.float32), np.zeros(2, np.float32)])
named.save(os.path.join(workdir, "named.keras"))
back = keras.models.load_model(os.path.join(workdir, "named.keras"))
emit_text("named_ends", [back.get_config()["input_layers"], back.get_config()["output_layers"]])
emit("named_predict", back.predict({"x": X[0]}, verbose=0))
