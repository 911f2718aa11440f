"""MindSpore data parallelism on two processes, against what real MindSpore's msrun printed.

The programs of ``tests/golden/distributed/mindspore_*.py`` (data parallelism with
``nn.DistributedGradReducer``, and ``Model.train`` in GRAPH_MODE under DATA_PARALLEL) ran on real
MindSpore with ``msrun --worker_num 2`` (``tools/make_distributed_goldens.py``); here they run with
``gradcompat run`` and msrun's flags (each worker's output in ``--log_dir``'s ``worker_<rank>.log``,
as msrun writes it); each rank's lines are compared in order, numbers to float32 rounding.
"""
from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "tests" / "golden" / "distributed"
NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


def _by_rank(text: str) -> dict[str, list[str]]:
    """Each rank's lines in order."""
    ranks: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("rank "):
            ranks.setdefault(line.split()[1], []).append(line)
    return ranks


def _same(got: str, want: str) -> bool:
    if NUMBER.sub("#", got) != NUMBER.sub("#", want):
        return False
    return all(abs(float(a) - float(b)) <= 1e-5 * max(1.0, abs(float(b)))
               for a, b in zip(NUMBER.findall(got), NUMBER.findall(want)))


@pytest.mark.parametrize("name", ["mindspore_data_parallel", "mindspore_model_train"])
def test_two_workers_print_what_msrun_prints(name, tmp_path):
    done = subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", "--worker_num=2", "--local_worker_num=2",
                           f"--log_dir={tmp_path}", "--join=True", str(PROGRAMS / f"{name}.py")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env=dict(os.environ))
    logs = "".join((tmp_path / f"worker_{r}.log").read_text() for r in range(2))  # msrun's layout
    assert done.returncode == 0, (done.stderr + logs)[-3000:]
    got, want = _by_rank(logs), _by_rank((PROGRAMS / f"{name}.txt").read_text())
    assert sorted(got) == sorted(want) == ["0", "1"]
    for rank in want:
        assert len(got[rank]) == len(want[rank]), (got[rank], want[rank])
        for g, w in zip(got[rank], want[rank]):
            assert _same(g, w), (g, w)


def test_init_outside_a_launcher_raises_mindspores_error():
    code = ("import gradcompat.mindspore as ms\nfrom gradcompat.mindspore.communication import init, get_rank\n"
            "print(get_rank())\ntry:\n    init()\nexcept RuntimeError as e:\n    print('RuntimeError', 'msrun' in str(e))")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MS_", "RANK", "WORLD_SIZE"))}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.stdout.split() == ["0", "RuntimeError", "True"], done.stderr[-2000:]
