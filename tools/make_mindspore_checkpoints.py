"""Write .ckpt files with the real MindSpore, for tests/mindspore/test_mindspore_checkpoints.py.

Run with the real framework's interpreter (MindSpore needs numpy<2; a tool, not a test):

    .venvs/mindspore/bin/python tools/make_mindspore_checkpoints.py

Each scenario below is written against a ``mindspore`` module argument, so the test runs the
same scenario on gradcompat.mindspore. This writes tests/golden/checkpoints/mindspore/<name>.ckpt
and expected.json: what MindSpore loads back from each file, and what a net holds after
``load_param_into_net``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "golden" / "checkpoints" / "mindspore"


def describe(obj, ms):
    """A JSON description of what ``load_checkpoint`` returned (``ms``: real module or dialect)."""
    if isinstance(obj, ms.Parameter):
        return {"parameter": obj.name, "requires_grad": obj.requires_grad, **describe(ms.Tensor(obj.asnumpy()), ms)}
    if isinstance(obj, ms.Tensor):
        array = obj.asnumpy()
        return {"dtype": str(obj.dtype), "shape": list(array.shape), "values": array.tolist()}
    if isinstance(obj, dict):
        return {"dict": [[key, describe(value, ms)] for key, value in obj.items()]}
    if isinstance(obj, (list, tuple)):
        return {"list": [describe(value, ms) for value in obj]}
    return {"python": obj}


def make_net(ms):
    """A Cell with nested cells and a non-trainable parameter (names from attribute paths)."""
    class Inner(ms.nn.Cell):
        def __init__(self):
            super().__init__()
            self.weight = ms.Parameter(ms.Tensor(np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)), name="weight")
            self.steps = ms.Parameter(ms.Tensor(np.array([3], np.int32)), name="steps", requires_grad=False)

    class Net(ms.nn.Cell):
        def __init__(self):
            super().__init__()
            self.block = Inner()
            self.scale = ms.Parameter(ms.Tensor(np.array(0.5, np.float32)), name="scale")

    return Net()


def scenarios(ms, directory: Path):
    """(name, file, what to describe) for each scenario; files are written into ``directory``."""
    net = make_net(ms)
    ms.save_checkpoint(net, str(directory / "net.ckpt"))
    yield "net", "net.ckpt", ms.load_checkpoint(str(directory / "net.ckpt"))

    tensors = [
        {"name": "int32", "data": ms.Tensor(np.arange(6, dtype=np.int32).reshape(2, 3))},
        {"name": "float16", "data": ms.Tensor(np.array([1.5, -2.25], np.float16))},
        {"name": "float64", "data": ms.Tensor(np.array([[1e-300, 2.0]], np.float64))},
        {"name": "flags", "data": ms.Tensor(np.array([True, False, True]))},
        {"name": "int64", "data": ms.Tensor(np.array([-5, 2**40], np.int64))},
    ]
    ms.save_checkpoint(tensors, str(directory / "dtypes"), append_dict={"epoch": 7, "lr": 0.25, "note": "tag"})
    yield "dtypes", "dtypes.ckpt", ms.load_checkpoint(str(directory / "dtypes.ckpt"))

    ms.save_checkpoint(net, str(directory / "crc.ckpt"), crc_check=True)
    yield "crc", "crc.ckpt", ms.load_checkpoint(str(directory / "crc.ckpt"), crc_check=True)

    yield "filtered", "net.ckpt", ms.load_checkpoint(str(directory / "net.ckpt"), filter_prefix="block.steps")
    yield "chosen", "net.ckpt", ms.load_checkpoint(str(directory / "net.ckpt"),
                                                   choice_func=lambda name: name.startswith("block"))

    target = make_net(ms)
    target.scale.set_data(ms.Tensor(np.array(9.0, np.float32)))
    partial = {"block.weight": ms.Parameter(ms.Tensor(np.full((2, 3), 4.0, np.float64)), name="block.weight"),
               "unused": ms.Parameter(ms.Tensor(np.zeros(1, np.float32)), name="unused")}
    outcome = ms.load_param_into_net(target, partial)
    yield "load_param_into_net", None, {"returned": [list(outcome[0]), list(outcome[1])],
                                        "params": [[name, p] for name, p in target.parameters_and_names()]}


def main() -> None:
    import mindspore
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.ckpt"):
        os.chmod(old, 0o600)
        old.unlink()
    expected = {}
    for name, file, loaded in scenarios(mindspore, OUT):
        if isinstance(loaded, dict) and "params" in loaded:
            loaded = {"returned": loaded["returned"],
                      "params": [[key, describe(value, mindspore)] for key, value in loaded["params"]]}
            expected[name] = {"file": file, "loaded": loaded}
        else:
            expected[name] = {"file": file, "loaded": describe(loaded, mindspore)}
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"wrote {len(expected)} scenarios to {OUT}")


if __name__ == "__main__":
    main()
