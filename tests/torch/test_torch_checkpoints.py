"""torch.save / torch.load: PyTorch's files load here, and our files load in PyTorch.

The checkpoints under tests/golden/checkpoints/torch were written by the real PyTorch
(tools/make_torch_checkpoints.py), with expected.json saying what PyTorch loads back.
"""
import collections
import importlib.util
import io
import json
import pickle
import struct
import zipfile
from pathlib import Path

import pytest

import gradcompat.torch as torch

ROOT = Path(__file__).resolve().parents[2]
CHECKPOINTS = ROOT / "tests" / "golden" / "checkpoints" / "torch"
EXPECTED = json.loads((CHECKPOINTS / "expected.json").read_text())

_spec = importlib.util.spec_from_file_location("make_torch_checkpoints", ROOT / "tools" / "make_torch_checkpoints.py")
_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tool)
describe = _tool.describe  # the tool's own description, applied to the dialect


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_loads_files_written_by_pytorch(name):
    loaded = torch.load(CHECKPOINTS / f"{name}.pt")
    assert describe(loaded, torch) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pytorch_loads_files_we_write(name, tmp_path):
    real_torch = pytest.importorskip("torch")
    torch.save(torch.load(CHECKPOINTS / f"{name}.pt"), tmp_path / f"{name}.pt")
    loaded = real_torch.load(tmp_path / f"{name}.pt", weights_only=True)
    assert describe(loaded, real_torch) == EXPECTED[name]


def test_storages_are_64_byte_aligned_like_pytorch_writes_them():
    buffer = io.BytesIO()
    torch.save({"a": torch.ones(3), "b": torch.arange(5)}, buffer)
    data = buffer.getvalue()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist()[0] == "archive/data.pkl"
    for info in archive.infolist():
        name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26: info.header_offset + 30])
        start = info.header_offset + 30 + name_length + extra_length
        if "/data/" in info.filename:
            assert start % 64 == 0, info.filename


def test_module_state_dict_round_trip(tmp_path):
    source = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
    torch.save(source.state_dict(), tmp_path / "model.pt")
    target = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 1))
    target.load_state_dict(torch.load(tmp_path / "model.pt", map_location="cpu"))
    x = torch.linspace(-1, 1, 6).reshape(2, 3)
    assert torch.equal(source(x), target(x))


class NotAllowed:
    pass


def test_other_globals_are_refused_like_a_weights_only_load():
    buffer = io.BytesIO()
    torch.save({"object": NotAllowed()}, buffer)
    buffer.seek(0)
    with pytest.raises(pickle.UnpicklingError, match="Weights only load failed") as failure:
        torch.load(buffer)
    assert f"Unsupported global: GLOBAL {__name__}.NotAllowed was not an allowed global" in str(failure.value)
    with pytest.raises(NotImplementedError, match="weights_only=True only"):
        torch.load(buffer, weights_only=False)


def test_ordered_dicts_stay_ordered_dicts():
    buffer = io.BytesIO()
    torch.save(collections.OrderedDict(b=torch.zeros(1), a=torch.ones(1)), buffer)
    buffer.seek(0)
    loaded = torch.load(buffer)
    assert type(loaded) is collections.OrderedDict and list(loaded) == ["b", "a"]
