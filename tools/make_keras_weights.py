"""Write Keras 3 ``.weights.h5`` files with the real TensorFlow/Keras, for
tests/tensorflow/test_keras_weights.py.

    .venvs/tensorflow/bin/python tools/make_keras_weights.py

The models below are written against a ``tf`` module argument, so the test builds the same
models with gradcompat.tensorflow. This writes tests/golden/checkpoints/keras/<name>.weights.h5
and expected.json: each file's layout (groups, attributes, dataset shapes and values) and
the error Keras raises when a file does not fit a model.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "golden" / "checkpoints" / "keras"


def sequential(tf):
    tf.keras.backend.clear_session()  # layer names start again at dense, dense_1...
    model = tf.keras.Sequential([tf.keras.layers.Dense(4, activation="relu"), tf.keras.layers.Dense(2)])
    model(tf.zeros((1, 3)))
    return model


def subclassed(tf):
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.encoder = tf.keras.layers.Dense(4)
            self.embedding = tf.keras.layers.Embedding(5, 2)
            self.head = tf.keras.Sequential([tf.keras.layers.Dense(3), tf.keras.layers.Dense(1, use_bias=False)])

        def call(self, x):
            return self.head(self.encoder(x))

    tf.keras.backend.clear_session()
    model = Net()
    model(tf.zeros((1, 3)))
    model.embedding(tf.zeros((1,), tf.int32))
    return model


MODELS = {"sequential": sequential, "subclassed": subclassed}


def fill(model) -> None:
    """Deterministic, distinct weights, so files written by Keras and by gradcompat compare."""
    model.set_weights([np.linspace(-1, 1, int(np.prod(w.shape)), dtype=np.float32).reshape(w.shape) * (i + 1)
                       for i, w in enumerate(model.weights)])


def layout(path) -> list:
    """Every group and dataset of an h5 file: [name, attributes, shape, values]."""
    import h5py
    items = []

    def visit(name, obj):
        attrs = {key: str(value) for key, value in obj.attrs.items()}
        if isinstance(obj, h5py.Dataset):
            items.append([name, attrs, list(obj.shape), obj[()].tolist()])
        else:
            items.append([name, attrs, None, None])

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return sorted(items, key=lambda item: item[0])


def main() -> None:
    import tensorflow as tf
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, build in MODELS.items():
        model = build(tf)
        fill(model)
        model.save_weights(str(OUT / f"{name}.weights.h5"))
        expected[name] = layout(OUT / f"{name}.weights.h5")
    try:
        sequential(tf).load_weights(str(OUT / "subclassed.weights.h5"))
    except ValueError as error:
        expected["mismatch_error"] = str(error)
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"wrote {len(MODELS)} weight files to {OUT}")


if __name__ == "__main__":
    main()
