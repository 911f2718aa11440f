"""Write checkpoint files with the real PyTorch, for tests/torch/test_torch_checkpoints.py.

Run with the real framework's interpreter (slow to set up: a tool, not a test):

    .venvs/torch/bin/python tools/make_torch_checkpoints.py

It writes tests/golden/checkpoints/torch/<name>.pt and, next to them, expected.json: what
PyTorch itself loads back from each file (types, dtypes, shapes, values).
"""
from __future__ import annotations

import collections
import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "golden" / "checkpoints" / "torch"


def describe(obj, torch):
    """A JSON description of what ``torch.load`` returned; ``torch`` is the real module or the
    dialect, so the test describes gradcompat's load with this same function."""
    if isinstance(obj, torch.nn.Parameter):
        return {"parameter": describe(obj.detach(), torch), "requires_grad": obj.requires_grad}
    if isinstance(obj, torch.Tensor):
        values = obj.float().tolist() if obj.dtype == torch.bfloat16 else obj.tolist()
        return {"dtype": str(obj.dtype), "shape": list(obj.shape), "values": values,
                "requires_grad": obj.requires_grad}
    if isinstance(obj, torch.Size):
        return {"size": list(obj)}
    if isinstance(obj, torch.dtype):
        return {"torch_dtype": str(obj)}
    if isinstance(obj, dict):
        return {"dict": [[key, describe(value, torch)] for key, value in obj.items()],
                "ordered": isinstance(obj, collections.OrderedDict)}
    if isinstance(obj, (list, tuple)):
        return {type(obj).__name__: [describe(value, torch) for value in obj]}
    return {"python": obj}


def checkpoints(torch):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2),
                                torch.nn.BatchNorm1d(2))
    grid = torch.arange(12, dtype=torch.int64).reshape(3, 4)
    yield "sequential_state_dict", model.state_dict()
    yield "mixed_objects", {
        "column_view": grid[:, 1],  # a view: saved with its base's whole storage and an offset
        "transposed": grid.t(),
        "half": torch.tensor([1.5, -2.25], dtype=torch.float16),
        "bf16": torch.tensor([0.5, 3.0], dtype=torch.bfloat16),
        "flags": torch.tensor([True, False, True]),
        "bytes": torch.tensor([0, 7, 255], dtype=torch.uint8),
        "double": torch.tensor([[1e-300, 2.0]], dtype=torch.float64),
        "scalar": torch.tensor(3.5),
        "empty": torch.zeros(0, 3),
        "param": torch.nn.Parameter(torch.tensor([1.0, -1.0])),
        "leaf": torch.tensor([2.0], requires_grad=True),
        "size": torch.Size([2, 5]),
        "dtype": torch.int32,
        "epoch": 7,
        "history": [0.5, 0.25, (1, "two")],
    }
    yield "single_tensor", torch.linspace(-1, 1, 5)


def main() -> None:
    import torch
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, obj in checkpoints(torch):
        path = OUT / f"{name}.pt"
        torch.save(obj, path)
        expected[name] = describe(torch.load(path, weights_only=True), torch)
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"wrote {len(expected)} checkpoints to {OUT}")


if __name__ == "__main__":
    main()
