"""TensorFlow's SavedModel format, both ways: SavedModels the real TF / Keras wrote (committed,
made by tools/make_tf_saved_models.py) load here with their variables and functions, and what
``tf.saved_model.save`` writes here loads in a fresh process (its functions are serialized
programs, not Python) and has the layout and checkpoint keys real TF reads."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import gradcompat.tensorflow as tf
from gradcompat.tensorflow.saved_model import proto as pb

HERE = Path(__file__).resolve().parent.parent / "golden" / "checkpoints" / "tensorflow"
EXPECTED = json.loads((HERE / "expected.json").read_text())
X = np.array(EXPECTED["x"], np.float32)
REAL_TF = Path(__file__).resolve().parents[2] / ".venvs" / "tensorflow" / "bin" / "python"


def test_loads_a_module_real_tf_wrote() -> None:
    loaded = tf.saved_model.load(str(HERE / "module"))
    np.testing.assert_allclose(loaded.w.numpy(), EXPECTED["module_w"])
    np.testing.assert_allclose(loaded(X).numpy(), EXPECTED["module_call"], rtol=1e-6)
    assert int(loaded.count.numpy()) == 1  # the function's assign_add ran on the restored variable
    parts = loaded.parts(X, tf.constant(2.0))
    for key, value in EXPECTED["module_parts"].items():
        np.testing.assert_allclose(parts[key].numpy(), value, rtol=1e-6)
    assert sorted(loaded.signatures) == ["parts", "serving_default"]
    served = loaded.signatures["serving_default"](x=tf.constant(X))
    np.testing.assert_allclose(served["output_0"].numpy(), EXPECTED["module_call"], rtol=1e-6)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(loaded(X) ** 2)
    np.testing.assert_allclose(tape.gradient(loss, loaded.w).numpy(), EXPECTED["module_grad_w"], rtol=1e-5)


def test_loads_a_keras_export() -> None:
    loaded = tf.saved_model.load(str(HERE / "keras_export"))
    np.testing.assert_allclose(loaded.serve(X).numpy(), EXPECTED["keras_serve"], rtol=1e-5)
    assert len(loaded.variables) == 4


def test_loads_graph_ops_of_every_day_models() -> None:
    loaded = tf.saved_model.load(str(HERE / "ops"))
    results = loaded(X, np.array([4, 0], np.int32))
    assert sorted(results) == sorted(EXPECTED["ops"])
    for key, value in EXPECTED["ops"].items():
        np.testing.assert_allclose(results[key].numpy(), value, rtol=1e-6)
    assert results["indices"].dtype == tf.int32


def test_an_op_we_lack_is_refused_at_load_with_tfs_error() -> None:
    with pytest.raises(tf.errors.NotFoundError, match="Op type not registered"):
        tf.saved_model.load(str(HERE / "unsupported"))


class _Net(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="w")
        self.steps = tf.Variable(0, dtype=tf.int64, name="steps")

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32, name="x")])
    def __call__(self, x):
        self.steps.assign_add(1)
        return tf.tanh(tf.matmul(x, self.w))


def test_what_we_write_loads_in_a_fresh_process(tmp_path: Path) -> None:
    tf.saved_model.save(_Net(), str(tmp_path / "net"))
    code = textwrap.dedent(f"""
        import numpy as np, gradcompat.tensorflow as tf
        loaded = tf.saved_model.load({str(tmp_path / 'net')!r})
        x = tf.constant(np.ones((2, 3), np.float32))
        with tf.GradientTape() as tape:
            y = tf.reduce_sum(loaded(x))
        g = tape.gradient(y, loaded.w)
        print(float(y.numpy()), float(tf.reduce_sum(g).numpy()), int(loaded.steps.numpy()),
              sorted(loaded.signatures))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    w = np.arange(6, dtype=np.float32).reshape(3, 2)
    y = np.tanh(np.ones((2, 3)) @ w)
    grad_sum = float(np.sum(np.ones((2, 3)).T @ (1 - y ** 2)))
    values = done.stdout.split()
    assert abs(float(values[0]) - y.sum()) < 1e-4 and abs(float(values[1]) - grad_sum) < 1e-3
    assert values[2] == "1" and "serving_default" in done.stdout


def test_layout_and_object_graph(tmp_path: Path) -> None:
    tf.saved_model.save(_Net(), str(tmp_path / "net"))
    assert sorted(os.listdir(tmp_path / "net")) == ["assets", "fingerprint.pb", "saved_model.pb", "variables"]
    reader = tf.train.load_checkpoint(str(tmp_path / "net" / "variables" / "variables"))
    np.testing.assert_array_equal(reader.get_tensor("w/.ATTRIBUTES/VARIABLE_VALUE"),
                                  np.arange(6).reshape(3, 2))
    data = (tmp_path / "net" / "saved_model.pb").read_bytes()
    meta = pb.first(data, 2)
    assert [t.decode() for t in pb.message_list(pb.first(meta, 1), 4)] == ["serve"]
    assert sorted(pb.map_entries(meta, 5)) == ["__saved_model_init_op", "serving_default"]
    nodes = pb.message_list(pb.first(meta, 7), 1)
    root_children = [dict(pb.fields(c))[2].decode() for c in pb.message_list(nodes[0], 1)]
    assert root_children == ["w", "steps", "__call__", "signatures"]


@pytest.mark.skipif(not REAL_TF.exists(), reason="the real TensorFlow's environment is not here")
def test_real_tf_reads_the_variables_we_write(tmp_path: Path) -> None:
    tf.saved_model.save(_Net(), str(tmp_path / "net"))
    code = ("import tensorflow as tf; r = tf.train.load_checkpoint(%r); "
            "print(r.get_tensor('w/.ATTRIBUTES/VARIABLE_VALUE').sum(), r.get_tensor('steps/.ATTRIBUTES/VARIABLE_VALUE'))"
            % str(tmp_path / "net" / "variables" / "variables"))
    done = subprocess.run([str(REAL_TF), "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-2:] == ["15.0", "0"]
