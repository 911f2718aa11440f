"""Side-by-side benchmarks: hand-written JAX, gradcompat in each mode, the real frameworks.

    python benchmarks/run.py [--quick] [--only NAME ...] [--venvs DIR] [--threads N] [--rounds N]

Each contender of a case (see workloads.toml) is its own process (worker.py) that builds
the workload, times its first three steps, then waits. The contenders then run short rounds
of steady-state steps in turn (A B C, B C A, ...) until each has run its steps, so load
changes on the machine hit every contender alike. Prints one Markdown table per case
(medians per call, ratios to hand-written JAX, first-call latency, the issue's targets)
and writes everything to benchmarks/results/<UTC time>.json.
"""
from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import sys
from pathlib import Path

import report
from contender import Worker, WorkerFailed
from suite import HERE, Case, load

REPO = HERE.parent
LATEST = "## Latest results"


def failure(contender_name: str, gradcompat: bool, error: str) -> dict:
    """A contender that did not run: gradcompat lacking a feature says "unsupported"."""
    status = ("unsupported: " if gradcompat else "error: ") + error
    return {"contender": contender_name, "status": status}


def run_case(case: Case, args: argparse.Namespace) -> tuple[list[dict], list[str]]:
    """Start each contender, alternate their rounds, and summarize: rows and skipped lines."""
    contenders, skipped = case.contenders(Path(args.jax_python), Path(args.venvs), args.quick)
    steps = case.quick_steps if args.quick else case.steps
    per_round = math.ceil(steps / args.rounds)
    workers, results, rows = {}, {}, {}
    try:
        for contender in contenders:  # one at a time, so first-call latencies do not contend
            print(f"  starting {contender.name} ...", file=sys.stderr, flush=True)
            worker = Worker(contender, args.timeout, args.threads)
            try:
                results[contender.name] = ({**worker.receive(), "started_at": worker.started_at}, [])
                workers[contender.name] = worker
            except WorkerFailed as exc:
                rows[contender.name] = failure(contender.name, contender.gradcompat, str(exc))
                worker.close()
        names = list(workers)
        for round_index in range(args.rounds):
            shift = round_index % max(len(names), 1)
            for name in names[shift:] + names[:shift]:
                if name in rows:
                    continue
                try:
                    results[name][1].append(workers[name].run_steps(per_round))
                except WorkerFailed as exc:
                    rows[name] = failure(name, workers[name].contender.gradcompat, str(exc))
    finally:
        for worker in workers.values():
            worker.close()
    for name, (ready, rounds) in results.items():
        if name not in rows:
            rows[name] = report.summarize(name, ready, rounds, case.calls_per_step)
    ordered = [rows[c.name] for c in contenders]
    report.add_ratios(ordered)
    return ordered, skipped


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict:
    return {"platform": platform.platform(), "processor": cpu_model(),
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer steps per contender (quick_steps)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run the cases whose name contains NAME (repeatable)")
    parser.add_argument("--venvs", default=str(REPO / ".venvs"),
                        help="directory holding torch/, tensorflow/, mindspore/ virtual environments")
    parser.add_argument("--jax-python", default=sys.executable,
                        help="Python with JAX and gradcompat (default: this one)")
    parser.add_argument("--rounds", type=int, default=None, help="alternation rounds (default 5, quick 3)")
    parser.add_argument("--threads", type=int, default=None,
                        help="cap every contender's CPU thread pools (default: the frameworks' own)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for one answer")
    parser.add_argument("--out", type=Path, default=None, help="JSON file (default benchmarks/results/)")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--update-readme", action="store_true",
                        help="put this run's tables in benchmarks/README.md (Latest results)")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="no run: put a saved run's tables in benchmarks/README.md")
    args = parser.parse_args(argv)
    if args.render:
        update_readme(args.render.resolve())
        return 0
    args.rounds = args.rounds or (3 if args.quick else 5)
    cases = [c for c in load() if not args.only or any(o in c.name for o in args.only)]
    if args.list or not cases:
        for case in load():
            print(f"{case.name:16} {case.title}")
        return 0 if args.list else 2
    started = datetime.datetime.now(datetime.timezone.utc)
    out = {"started": started.isoformat(timespec="seconds"), "argv": sys.argv[1:],
           "machine": machine(), "cases": []}
    for case in cases:
        print(f"running {case.name} ...", file=sys.stderr, flush=True)
        rows, skipped = run_case(case, args)
        checks = report.check_targets(case, rows)
        out["cases"].append({"name": case.name, "title": case.title, "quick": args.quick,
                             "calls_per_step": case.calls_per_step, "skipped": skipped,
                             "contenders": rows, "targets": checks})
        print(report.table(out["cases"][-1]), flush=True)
    out["machine"]["load_average_end"] = machine()["load_average"]
    path = args.out or HERE / "results" / f"{started:%Y%m%dT%H%M%SZ}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"results: {path}")
    if args.update_readme:
        update_readme(path)
    return 0


def update_readme(results: Path, readme: Path = HERE / "README.md") -> None:
    """Replace the README's "Latest results" section with the run saved in ``results``."""
    text = readme.read_text()
    head = text[:text.index(LATEST) + len(LATEST)]
    body = report.document(json.loads(results.read_text()))
    readme.write_text(f"{head}\n\nGenerated from `{results.relative_to(REPO)}` by "
                      f"`run.py --render`; the analysis is in \"Where we stand\" above.\n\n{body}")
    print(f"updated {readme}")


if __name__ == "__main__":
    sys.exit(main())
