"""Functional Keras models in ``.keras`` files, across real Keras and gradcompat: a file the real
Keras wrote loads here (graph, weights, optimizer state), real Keras loads ours, and the config we
write equals Keras' (tools/make_keras_functional_file.py made the file)."""
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

import gradcompat.tensorflow as tf

keras = tf.keras
pytest.importorskip("h5py")

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "tests" / "golden" / "checkpoints" / "keras"
REAL_PYTHON = ROOT / ".venvs" / "tensorflow" / "bin" / "python"
_spec = importlib.util.spec_from_file_location("make_keras_functional_file",
                                               ROOT / "tools" / "make_keras_functional_file.py")
tool = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = tool
_spec.loader.exec_module(tool)


def _strip(config):
    """The config without what differs between any two saves (object ids in shared policies)."""
    if isinstance(config, dict):
        return {k: _strip(v) for k, v in config.items() if k != "shared_object_id"}
    if isinstance(config, list):
        return [_strip(v) for v in config]
    return config


def test_keras_written_functional_model_loads_here():
    expected = np.load(FILES / "functional_expected.npz")
    _, x, _ = tool.data()
    model = keras.models.load_model(FILES / "functional.keras")
    assert type(model).__name__ == "Functional" and model.name == "two_heads"
    assert [layer.name for layer in model.layers] == ["a", "b", "ha", "hb", "sum", "shared", "cat"]
    assert type(model.optimizer).__name__ == "SGD"
    assert int(model.optimizer.iterations.numpy()) == int(expected["iterations"])
    first, second = model.predict(x, verbose=0)
    np.testing.assert_allclose(first, expected["first"], rtol=1e-5)
    np.testing.assert_allclose(second, expected["second"], rtol=1e-5)
    momentum = [v for v in model.optimizer.variables if "momentum" in v.name]
    assert momentum and any(np.abs(v.numpy()).sum() > 0 for v in momentum)


def test_our_functional_config_is_keras_config(tmp_path):
    model = keras.models.load_model(FILES / "functional.keras")
    model.save(tmp_path / "ours.keras")
    with zipfile.ZipFile(FILES / "functional.keras") as theirs, zipfile.ZipFile(tmp_path / "ours.keras") as ours:
        real = json.loads(theirs.read("config.json"))["config"]
        mine = json.loads(ours.read("config.json"))["config"]
    for layer in real["layers"] + mine["layers"]:
        layer.pop("build_config", None)  # merge layers' multi-input build shapes are not written here
    assert _strip(mine) == _strip(real)


@pytest.mark.skipif(not REAL_PYTHON.exists(), reason="needs the real TensorFlow/Keras venv")
def test_real_keras_loads_our_functional_model(tmp_path):
    rng, x, y = tool.data()
    model = tool.build(keras)
    model.set_weights([rng.normal(size=w.shape).astype(np.float32) for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss=["mse", "mse"])
    model.fit(x, y, epochs=1, verbose=0)
    model.save(tmp_path / "ours.keras")
    np.save(tmp_path / "a.npy", x[0])
    np.save(tmp_path / "b.npy", x[1])
    script = ("import numpy as np, keras; m = keras.models.load_model('ours.keras'); "
              "p = m.predict([np.load('a.npy'), np.load('b.npy')], verbose=0); "
              "np.save('first.npy', p[0]); np.save('second.npy', p[1]); "
              "print(type(m).__name__, [l.name for l in m.layers], int(m.optimizer.iterations.numpy()))")
    result = subprocess.run([str(REAL_PYTHON), "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == \
        "Functional ['a', 'b', 'ha', 'hb', 'sum', 'shared', 'cat'] 1"
    first, second = model.predict(x, verbose=0)
    np.testing.assert_allclose(np.load(tmp_path / "first.npy"), first, rtol=1e-5)
    np.testing.assert_allclose(np.load(tmp_path / "second.npy"), second, rtol=1e-5)
