"""Keras training pieces that goldens cannot show: ``.keras`` files crossing between real Keras
and gradcompat, a fit step traced once per batch shape, per-epoch shuffling."""
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

import gradcompat.tensorflow as tf

keras = tf.keras
pytest.importorskip("h5py")

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "tests" / "golden" / "checkpoints" / "keras"
REAL_PYTHON = ROOT / ".venvs" / "tensorflow" / "bin" / "python"


def test_keras_written_model_loads_and_keeps_training_state():
    expected = np.load(FILES / "tiny_rmsprop_expected.npz")
    model = keras.models.load_model(FILES / "tiny_rmsprop.keras")
    assert type(model).__name__ == "Sequential" and model.name == "tiny"
    assert type(model.optimizer).__name__ == "RMSprop"
    assert int(model.optimizer.iterations.numpy()) == int(expected["iterations"])
    np.testing.assert_allclose(model.predict(expected["x"], verbose=0), expected["predict"], rtol=1e-5)
    momentum = [v for v in model.optimizer.variables if v.name.endswith("momentum")]
    assert momentum and any(np.abs(v.numpy()).sum() > 0 for v in momentum)  # optimizer state restored


@pytest.mark.skipif(not REAL_PYTHON.exists(), reason="needs the real TensorFlow/Keras venv")
def test_real_keras_loads_what_we_save(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 3)).astype(np.float32)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(2)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    model.fit(x, rng.normal(size=(5, 2)).astype(np.float32), epochs=1, verbose=0)
    model.save(tmp_path / "ours.keras")
    np.save(tmp_path / "x.npy", x)
    script = ("import numpy as np, keras; m = keras.models.load_model('ours.keras'); "
              "np.save('theirs.npy', m.predict(np.load('x.npy'), verbose=0)); "
              "print(type(m.optimizer).__name__, int(m.optimizer.iterations.numpy()), len(m.optimizer.variables))")
    result = subprocess.run([str(REAL_PYTHON), "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-3:] == ["Adam", "1", str(len(model.optimizer.variables))]
    np.testing.assert_allclose(np.load(tmp_path / "theirs.npy"), model.predict(x, verbose=0), rtol=1e-5)


def test_fit_traces_once_per_batch_shape():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(10, 3)).astype(np.float32), rng.normal(size=(10, 1)).astype(np.float32)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, batch_size=4, epochs=3, verbose=0)  # batches of 4, 4, 2 in every epoch
    assert len(model.train_function._concrete) == 2


def test_shuffle_is_a_new_permutation_each_epoch():
    seen = []

    class Recording(keras.Sequential):
        def train_step(self, data):
            seen.append(data[0].numpy()[:, 0].copy())
            return super().train_step(data)

    x = np.arange(12, dtype=np.float32).reshape(12, 1)
    model = Recording([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    tf.random.set_seed(None)  # no global seed: Keras's shuffle kernel is seeded afresh each epoch
    model.fit(x, x, batch_size=12, epochs=3, verbose=0)
    for order in seen:
        assert sorted(order.tolist()) == x[:, 0].tolist()
    assert any(order.tolist() != x[:, 0].tolist() for order in seen)
    assert len({tuple(order.tolist()) for order in seen}) > 1
    seen.clear()
    # under a global seed, Keras on TF repeats one order every epoch (seeds (global, 0))
    tf.random.set_seed(3)
    model.fit(x, x, batch_size=12, epochs=2, verbose=0)
    assert seen[0].tolist() == seen[1].tolist() == [7, 2, 1, 8, 5, 3, 0, 9, 10, 11, 4, 6]  # real TF's
    seen.clear()
    model.fit(x, x, batch_size=12, epochs=2, verbose=0, shuffle=False)
    assert all(order.tolist() == x[:, 0].tolist() for order in seen)
