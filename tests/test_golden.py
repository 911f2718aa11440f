"""Golden programs: the same code run by the real framework (committed records) and by
gradcompat (now) must observe the same values, dtypes, texts and errors."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
PROGRAMS = sorted(GOLDEN.glob("programs/*/*.py"))


def run_under_gradcompat(script: Path, out: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(GOLDEN), str(ROOT)]))
    if out is not None:
        env["GOLDEN_OUT"] = str(out)
    tf1 = ["--tf1"] if script.read_text().startswith("# gradcompat: tf1") else []
    return subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", *tf1, str(script)],
                          env=env, capture_output=True, text=True, cwd=script.parent, timeout=300)


def assert_same(ours, real, where: str) -> None:
    if real is None or ours is None:
        assert ours is real, f"{where}: expected {real!r}, got {ours!r}"
        return
    assert ours.keys() == real.keys(), f"{where}: expected {real!r}, got {ours!r}"
    if "seq" in real:
        assert ours["seq"] == real["seq"], f"{where}: expected a {real['seq']}, got a {ours['seq']}"
        assert len(ours["items"]) == len(real["items"]), f"{where}: length differs"
        for i, (o, r) in enumerate(zip(ours["items"], real["items"])):
            assert_same(o, r, f"{where}[{i}]")
    elif "dict" in real:
        assert ours["dict"].keys() == real["dict"].keys(), f"{where}: keys differ"
        for k in real["dict"]:
            assert_same(ours["dict"][k], real["dict"][k], f"{where}[{k!r}]")
    elif "py" in real:
        assert ours["py"] == real["py"], f"{where}: expected python {real['py']}, got {ours['py']}"
        if isinstance(real["value"], float):
            assert math.isclose(ours["value"], real["value"], rel_tol=1e-5, abs_tol=1e-6), where
        else:
            assert ours["value"] == real["value"], where
    else:
        assert ours["dtype"] == real["dtype"], f"{where}: dtype {ours['dtype']} != {real['dtype']}"
        assert ours["shape"] == real["shape"], f"{where}: shape {ours['shape']} != {real['shape']}"
        np.testing.assert_allclose(np.array(ours["value"], dtype=float), np.array(real["value"], dtype=float),
                                   rtol=1e-5, atol=1e-6, err_msg=where)


@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_program_matches_real_framework(program: Path, tmp_path: Path) -> None:
    golden_file = GOLDEN / program.parent.name / f"{program.stem}.json"
    assert golden_file.exists(), f"no golden data for {program}: run tools/make_goldens.py"
    golden = json.loads(golden_file.read_text())
    done = run_under_gradcompat(program, tmp_path / "records.json")
    assert done.returncode == 0, done.stderr[-4000:]
    ours = json.loads((tmp_path / "records.json").read_text())
    assert [r["name"] for r in ours] == [r["name"] for r in golden["records"]]
    for o, r in zip(ours, golden["records"]):
        where = f"{program.name}: {r['name']}"
        assert o["kind"] == r["kind"], where
        if r["kind"] == "text":
            assert o["value"] == r["value"], f"{where}: expected {r['value']!r}, got {o['value']!r}"
        elif r["kind"] == "error":
            assert r["phrase_found"], f"{where}: the golden's phrase is not in the real message: regenerate"
            assert o["type"] == r["type"], f"{where}: expected {r['type']}: {r['message']!r}, got {o['type']}: {o['message']!r}"
            assert r["phrase"] in o["message"], f"{where}: {r['phrase']!r} not in {o['message']!r}"
        else:
            assert_same(o["value"], r["value"], where)
