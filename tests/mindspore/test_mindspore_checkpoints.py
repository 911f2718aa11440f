"""save_checkpoint / load_checkpoint / load_param_into_net against the real MindSpore.

tools/make_mindspore_checkpoints.py ran each scenario with the real MindSpore and kept the
.ckpt files and what MindSpore loaded back (expected.json). Here the same scenarios run on
gradcompat.mindspore: what we load must equal what MindSpore loaded, and the files we write
must equal MindSpore's byte for byte (so MindSpore loads ours, and we load MindSpore's).
"""
import importlib.util
import json
import os
from pathlib import Path

import numpy as np
import pytest

import gradcompat.mindspore as ms

ROOT = Path(__file__).resolve().parents[2]
CHECKPOINTS = ROOT / "tests" / "golden" / "checkpoints" / "mindspore"
EXPECTED = json.loads((CHECKPOINTS / "expected.json").read_text())

_spec = importlib.util.spec_from_file_location("make_ms_checkpoints", ROOT / "tools" / "make_mindspore_checkpoints.py")
_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tool)


@pytest.fixture(scope="module")
def ours(tmp_path_factory):
    directory = tmp_path_factory.mktemp("ckpt")
    return directory, {name: (file, loaded) for name, file, loaded in _tool.scenarios(ms, directory)}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenario_loads_what_mindspore_loads(name, ours):
    _, results = ours
    file, loaded = results[name]
    if isinstance(loaded, dict) and "params" in loaded:
        loaded = {"returned": loaded["returned"],
                  "params": [[key, _tool.describe(value, ms)] for key, value in loaded["params"]]}
        assert loaded == EXPECTED[name]["loaded"]
    else:
        assert _tool.describe(loaded, ms) == EXPECTED[name]["loaded"]


@pytest.mark.parametrize("file", sorted({e["file"] for e in EXPECTED.values() if e["file"]}))
def test_files_we_write_equal_mindspores_byte_for_byte(file, ours):
    directory, _ = ours
    assert (directory / file).read_bytes() == (CHECKPOINTS / file).read_bytes()
    assert oct((directory / file).stat().st_mode & 0o777) == "0o400"  # left read-only, as MindSpore does


def test_loading_mindspores_file_into_a_net():
    net = _tool.make_net(ms)
    net.scale.set_data(ms.Tensor(np.array(-1.0, np.float32)))
    not_loaded = ms.load_param_into_net(net, ms.load_checkpoint(str(CHECKPOINTS / "net.ckpt")))
    assert not_loaded == ([], [])
    assert float(net.scale.asnumpy()) == 0.5


def test_errors_are_mindspores():
    net = _tool.make_net(ms)
    wrong = {"scale": ms.Parameter(ms.Tensor(np.zeros(2, np.float32)), name="scale")}
    with pytest.raises(RuntimeError, match="scale in the argument 'net' should have the same shape as scale"):
        ms.load_param_into_net(net, wrong)
    with pytest.raises(RuntimeError, match="should have the same type as"):
        ms.load_param_into_net(net, {"scale": ms.Parameter(ms.Tensor(np.array(1, np.int32)), name="scale")})
    with pytest.raises(TypeError, match="the argument 'net' should be a Cell"):
        ms.load_param_into_net({}, {})
    with pytest.raises(ValueError, match="the checkpoint file format must same with 'format'"):
        ms.load_checkpoint("weights.pt")
    with pytest.raises(TypeError, match="the argument 'save_obj' must be list、dict or nn.cell"):
        ms.save_checkpoint(3, "x.ckpt")


def test_crc_mismatch_is_detected(tmp_path):
    damaged = bytearray((CHECKPOINTS / "crc.ckpt").read_bytes())
    damaged[-20] ^= 1  # a value byte, before the crc_num trailer
    (tmp_path / "bad.ckpt").write_bytes(bytes(damaged))
    with pytest.raises(ValueError, match="the crc check is failed"):
        ms.load_checkpoint(str(tmp_path / "bad.ckpt"), crc_check=True)
