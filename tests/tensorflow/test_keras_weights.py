"""Keras 3 ``.weights.h5`` files: what Keras wrote loads here, and what we write has Keras'
layout, names and values (tools/make_keras_weights.py made the files with the real Keras)."""
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

import gradcompat.tensorflow as tf

h5py = pytest.importorskip("h5py")  # the test extra installs it; save/load_weights need it

ROOT = Path(__file__).resolve().parents[2]
FILES = ROOT / "tests" / "golden" / "checkpoints" / "keras"
EXPECTED = json.loads((FILES / "expected.json").read_text())
_spec = importlib.util.spec_from_file_location("make_keras_weights", ROOT / "tools" / "make_keras_weights.py")
tool = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = tool
_spec.loader.exec_module(tool)


@pytest.mark.parametrize("name", sorted(tool.MODELS))
def test_files_we_write_have_keras_layout_and_values(name, tmp_path):
    model = tool.MODELS[name](tf)
    tool.fill(model)
    model.save_weights(tmp_path / f"{name}.weights.h5")
    assert tool.layout(tmp_path / f"{name}.weights.h5") == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(tool.MODELS))
def test_keras_files_load_here(name):
    model = tool.MODELS[name](tf)
    before = [w.numpy().copy() for w in model.weights]
    model.load_weights(FILES / f"{name}.weights.h5")
    reference = tool.MODELS[name](tf)
    tool.fill(reference)  # the values Keras saved
    for loaded, expected, old in zip(model.get_weights(), reference.get_weights(), before):
        np.testing.assert_array_equal(loaded, expected)
        assert not np.array_equal(loaded, old)


def test_a_file_that_does_not_fit_gets_keras_error():
    with pytest.raises(ValueError) as failure:
        tool.sequential(tf).load_weights(FILES / "subclassed.weights.h5")
    assert str(failure.value) == EXPECTED["mismatch_error"]
    with pytest.raises(ValueError, match=r"The filename must end in `.weights.h5`. Received: filepath=w.h5"):
        tool.sequential(tf).save_weights("w.h5")
