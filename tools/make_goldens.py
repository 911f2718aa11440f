"""Regenerate golden data by running the real frameworks (slow: a tool, not a test).

For each dialect it creates (once) a virtual environment with the real framework:
torch==2.13.0, tensorflow-cpu, mindspore (which needs numpy<2), then runs
  * every program under tests/golden/programs/<dialect>/ and writes what it emits to
    tests/golden/<dialect>/<program>.json;
  * every example under migration_examples/<dialect>/ and writes its stdout to
    tests/golden/examples/<dialect>/<example>.stdout.
A program whose first line is ``# gradcompat: tf1`` runs with top-level ``tensorflow``
behaving as TF 1.x (graph mode, v1 API), as under ``gradcompat run --tf1``.

    python tools/make_goldens.py [torch|tensorflow|mindspore ...] [--venvs DIR] [--only NAME]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
REQUIREMENTS = {
    "torch": ["torch==2.13.0", "numpy"],
    "tensorflow": ["tensorflow-cpu", "numpy"],
    "mindspore": ["mindspore", "numpy<2"],
}


def is_tf1(path: Path) -> bool:
    return path.read_text().startswith("# gradcompat: tf1")


def ensure_venv(directory: Path, dialect: str) -> Path:
    python = directory / dialect / "bin" / "python"
    if not python.exists():
        print(f"creating {directory / dialect}", flush=True)
        venv.create(directory / dialect, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *REQUIREMENTS[dialect]], check=True)
    return python


def run_real(python: Path, script: Path, out: Path | None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(GOLDEN), TF_CPP_MIN_LOG_LEVEL="3", GLOG_v="3")
    if out is not None:
        env["GOLDEN_OUT"] = str(out)
    command = [str(python), str(GOLDEN / "real_runner.py"), *(["--tf1"] if is_tf1(script) else []), str(script)]
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=script.parent)


def framework_version(python: Path, dialect: str) -> str:
    code = f"import {dialect}; print({dialect}.__version__)"
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True).stdout.strip()


def make_programs(python: Path, dialect: str, only: str | None) -> list[str]:
    problems = []
    version = framework_version(python, dialect)
    (GOLDEN / dialect).mkdir(exist_ok=True)
    for program in sorted((GOLDEN / "programs" / dialect).glob("*.py")):
        if only and only not in program.stem:
            continue
        records_path = GOLDEN / dialect / f"{program.stem}.records.tmp"
        done = run_real(python, program, records_path)
        if done.returncode != 0:
            problems.append(f"{program.name} failed under real {dialect}:\n{done.stderr[-3000:]}")
            continue
        records = json.loads(records_path.read_text())
        records_path.unlink()
        for r in records:
            if r["kind"] == "error" and not r["phrase_found"]:
                problems.append(f"{program.name}: {r['name']}: phrase {r['phrase']!r} not in real "
                                f"{r['type']}: {r['message']!r}")
        golden = {"program": str(program.relative_to(ROOT)), "framework": f"{dialect} {version}",
                  "stdout": done.stdout, "records": records}
        (GOLDEN / dialect / f"{program.stem}.json").write_text(json.dumps(golden, indent=1) + "\n")
        print(f"  {dialect}/{program.stem}: {len(records)} records", flush=True)
    return problems


def make_examples(python: Path, dialect: str, only: str | None) -> list[str]:
    problems = []
    out_dir = GOLDEN / "examples" / dialect
    out_dir.mkdir(parents=True, exist_ok=True)
    for example in sorted((ROOT / "migration_examples" / dialect).glob("*.py")):
        if only and only not in example.stem:
            continue
        done = run_real(python, example, None)
        if done.returncode != 0:
            problems.append(f"{example.name} failed under real {dialect}:\n{done.stderr[-3000:]}")
            continue
        (out_dir / f"{example.stem}.stdout").write_text(done.stdout)
        print(f"  example {dialect}/{example.stem}", flush=True)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dialects", nargs="*", metavar="DIALECT", help="torch, tensorflow or mindspore (default: all)")
    parser.add_argument("--venvs", type=Path, default=ROOT / ".venvs")
    parser.add_argument("--only", help="only programs/examples whose name contains this")
    args = parser.parse_args()
    unknown = set(args.dialects) - set(REQUIREMENTS)
    if unknown:
        parser.error(f"unknown dialect(s) {sorted(unknown)}; choose from {list(REQUIREMENTS)}")
    problems = []
    for dialect in args.dialects or list(REQUIREMENTS):
        python = ensure_venv(args.venvs, dialect)
        problems += make_programs(python, dialect, args.only)
        problems += make_examples(python, dialect, args.only)
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
