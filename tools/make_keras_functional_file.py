"""Writes tests/golden/checkpoints/keras/functional.keras with the real Keras 3 (a functional model:
two inputs, a layer called twice, two outputs, compiled and trained one step) and the predictions
it made, for tests/tensorflow/test_tf2_functional_save.py:

    .venvs/tensorflow/bin/python tools/make_keras_functional_file.py
"""
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "golden" / "checkpoints" / "keras"


def build(keras):
    """The model, written against a ``keras`` module argument so the test builds it here too."""
    a = keras.Input((3,), name="a")
    b = keras.Input((2,), name="b")
    h = keras.layers.Dense(4, activation="relu", name="ha")(a)
    g = keras.layers.Dense(4, name="hb")(b)
    shared = keras.layers.Dense(4, activation="tanh", name="shared")
    out = shared(shared(keras.layers.Add(name="sum")([h, g])))
    return keras.Model([a, b], [out, keras.layers.Concatenate(name="cat")([h, g])], name="two_heads")


def data():
    rng = np.random.default_rng(11)
    x = [rng.normal(size=(4, 3)).astype(np.float32), rng.normal(size=(4, 2)).astype(np.float32)]
    y = [rng.normal(size=(4, 4)).astype(np.float32), rng.normal(size=(4, 8)).astype(np.float32)]
    return rng, x, y


def main() -> None:
    import keras
    rng, x, y = data()
    model = build(keras)
    model.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9), loss=["mse", "mse"])
    model.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False)
    model.save(str(OUT / "functional.keras"))
    first, second = model.predict(x, verbose=0)
    np.savez(OUT / "functional_expected.npz", first=first, second=second,
             iterations=int(model.optimizer.iterations.numpy()))


if __name__ == "__main__":
    main()
