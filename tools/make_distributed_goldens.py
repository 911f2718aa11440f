"""Regenerate the distributed goldens: run each program of ``tests/golden/distributed/`` with
real torch's ``torchrun --nproc-per-node 2`` (gloo, CPU) and keep its standard output as
``<name>.txt`` beside it. ``tests/torch/test_distributed.py`` runs the same programs with
``gradcompat run --nproc-per-node 2`` and compares. The ``mindspore_*.py`` programs run with
real MindSpore's ``msrun --worker_num 2`` instead; their golden is the workers' lines that start
with ``rank`` (msrun writes each worker's output to its own log), worker 0's first
(``tests/mindspore/test_ms_distributed.py`` compares them).

    python tools/make_distributed_goldens.py [--only NAME] [--torchrun PATH]
"""
from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
PROGRAMS = ROOT / "tests" / "golden" / "distributed"
TORCHRUN = ROOT / ".venvs" / "torch" / "bin" / "torchrun"
MSRUN = ROOT / ".venvs" / "mindspore" / "bin" / "msrun"
NPROC = 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="one program (name without .py)")
    parser.add_argument("--torchrun", default=str(TORCHRUN), help="real torch's torchrun")
    args = parser.parse_args()
    programs = sorted(p for p in PROGRAMS.glob("*.py") if args.only in (None, p.stem))
    if not programs:
        print(f"no program {args.only!r} in {PROGRAMS}", file=sys.stderr)
        return 1
    for program in programs:
        if program.stem.startswith("mindspore_"):
            if not _msrun(program):
                return 1
            continue
        done = subprocess.run([args.torchrun, "--nproc-per-node", str(NPROC), str(program)], cwd=PROGRAMS,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            print(f"{program.name}: torchrun failed ({done.returncode})\n{done.stderr[-3000:]}", file=sys.stderr)
            return 1
        program.with_suffix(".txt").write_text(done.stdout)
        print(f"{program.with_suffix('.txt').relative_to(ROOT)}: {len(done.stdout.splitlines())} lines")
    return 0


def _msrun(program: pathlib.Path) -> bool:
    """Run ``program`` with real MindSpore's msrun; keep the workers' ``rank`` lines."""
    import os
    import tempfile
    with tempfile.TemporaryDirectory() as logs:
        env = {**os.environ, "PATH": f"{MSRUN.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run([str(MSRUN), f"--worker_num={NPROC}", f"--local_worker_num={NPROC}",
                               "--master_port=8147", f"--log_dir={logs}", "--join=True", str(program)],
                              cwd=PROGRAMS, capture_output=True, text=True, timeout=600, env=env)
        if done.returncode != 0:
            print(f"{program.name}: msrun failed ({done.returncode})\n{done.stderr[-3000:]}", file=sys.stderr)
            return False
        lines = [line for worker in range(NPROC)
                 for line in pathlib.Path(logs, f"worker_{worker}.log").read_text().splitlines()
                 if line.startswith("rank ")]
    program.with_suffix(".txt").write_text("".join(line + "\n" for line in lines))
    print(f"{program.with_suffix('.txt').relative_to(ROOT)}: {len(lines)} lines")
    return True


if __name__ == "__main__":
    sys.exit(main())
