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


def gradcompat(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gradcompat.cli", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=120)


def test_a_script_imports_its_sibling_modules_as_under_python(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "model.py").write_text("import torch\nSCALE = torch.tensor(3.0)\n")
    (project / "train.py").write_text("import sys, model\nprint(sys.argv, (model.SCALE * 2).item())\n")
    done = gradcompat(tmp_path, "run", "project/train.py", "--epochs", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "['project/train.py', '--epochs', '2'] 6.0\n"


def test_run_dash_m_and_dash_c_set_argv_and_path_as_python(tmp_path):
    (tmp_path / "tool.py").write_text("import sys, torch\nprint(sys.argv[1:], sys.argv[0].endswith('tool.py'), torch.ones(2).sum().item())\n")
    done = gradcompat(tmp_path, "run", "-m", "tool", "x")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "['x'] True 2.0\n"
    done = gradcompat(tmp_path, "run", "-c", "import sys, torch, tool; print(sys.argv)", "y")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "['-c', 'y']"
    done = gradcompat(tmp_path, "run", "-c", "raise ValueError('boom')")
    assert done.returncode == 1 and done.stderr.splitlines()[-1] == "ValueError: boom"
    assert "cli.py" not in done.stderr
    done = gradcompat(tmp_path, "run", "-m", "no_such_module_here")
    assert done.returncode == 1 and "No module named no_such_module_here" in done.stderr


def test_run_dash_m_pytest_runs_a_torch_test_suite_on_gradcompat(tmp_path):
    (tmp_path / "test_model.py").write_text(
        "import torch\n\ndef test_is_gradcompat():\n    assert torch.__version__.endswith('gradcompat')\n"
        "    x = torch.tensor([2.0], requires_grad=True)\n    (x ** 3).sum().backward()\n"
        "    assert x.grad.item() == 12.0\n")
    done = gradcompat(tmp_path, "run", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_model.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_usage_errors(tmp_path):
    assert gradcompat(tmp_path, "run").returncode == 2
    assert gradcompat(tmp_path, "run", "--bogus", "x.py").returncode == 2
    assert gradcompat(tmp_path, "frobnicate").returncode == 2
