"""MindSpore's class names on the dialect's classes: what goldens cannot show (module aliases
under ``gradcompat run``, pickling by the real location)."""
import pickle
import subprocess
import sys

import gradcompat.mindspore as ms
from gradcompat import type_names


def test_renamed_classes_pickle_by_their_real_location():
    cell = ms.nn.ReLU()
    assert type(cell).__module__ == "mindspore.nn.layer.activation"
    assert type(cell) in type_names._ORIGIN
    again = pickle.loads(pickle.dumps(cell))
    assert type(again) is ms.nn.ReLU


def test_mindspore_module_paths_are_importable_under_gradcompat_run():
    code = ("import mindspore.nn.layer.conv as conv, mindspore.nn as nn\n"
            "assert conv.Conv2d is nn.Conv2d\n"
            "from mindspore.common.tensor import Tensor\n"
            "print(Tensor is __import__('mindspore').Tensor)")
    done = subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", "-c", code], capture_output=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.decode().split() == ["True"]
