"""`gradcompat run`: framework imports resolve to the dialects; tracebacks start in the script."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(tmp_path: Path, code: str, *flags: str) -> subprocess.CompletedProcess:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(code))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", *flags, str(script), "a1", "a2"],
                          capture_output=True, text=True, env=env, timeout=120)


def test_framework_names_resolve_to_the_dialects(tmp_path):
    done = run(tmp_path, """
        import sys
        import torch, torch.autograd, tensorflow as tf, mindspore, mindspore.nn as nn
        import keras, keras.layers
        from mindspore import dtype as mstype
        import gradcompat.torch, gradcompat.torch.autograd, gradcompat.tensorflow, gradcompat.mindspore
        assert torch is gradcompat.torch and torch.autograd is gradcompat.torch.autograd
        assert tf is gradcompat.tensorflow and mindspore is gradcompat.mindspore
        assert keras is tf.keras and keras.layers.Dense is tf.keras.layers.Dense
        assert nn is gradcompat.mindspore.nn
        assert gradcompat.torch.__spec__.name == "gradcompat.torch"
        print(sys.argv[1:])
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "['a1', 'a2']\n"


def test_tf1_maps_top_level_tensorflow_to_the_v1_api_in_graph_mode(tmp_path):
    done = run(tmp_path, """
        import tensorflow as tf
        import gradcompat.tensorflow.compat.v1 as v1
        assert tf is v1
        assert not tf.executing_eagerly()
        print("ok")
    """, "--tf1")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"


def test_plain_run_gives_the_tf2_api_eagerly(tmp_path):
    done = run(tmp_path, """
        import tensorflow as tf
        assert tf.executing_eagerly()
        print(tf.constant([1.0, 2.0]).numpy())
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[1. 2.]\n"


def test_a_failing_script_reports_from_the_script_on(tmp_path):
    done = run(tmp_path, """
        import torch

        def inner():
            raise ValueError("boom")

        inner()
    """)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert "script.py" in lines[1] and "cli.py" not in done.stderr and "runpy" not in done.stderr
    assert lines[-1] == "ValueError: boom"
