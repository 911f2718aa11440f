"""Whole scripts, end to end: the real framework against ``gradcompat run``, process start to exit.

``python benchmarks/end_to_end.py [--dialect D ...] [--only NAME ...] [--rounds N] [--bytecode]
[--compare-bytecode] [--compare-sys-path DIR] [--out FILE]``

Each script (``benchmarks/scripts/<dialect>/*.py`` and the migration examples listed in
``MIGRATION_EXAMPLES``) is plain framework code, run as a fresh process by each contender:

- ``real``: ``.venvs/<fw>/bin/python script.py``;
- ``cold``: ``gradcompat run script.py`` (``.venv/bin/python``) with ``GRADCOMPAT_CACHE_DIR``
  pointed at a new, empty directory: the persistent compile cache holds nothing, a first run ever;
- ``warm``: the same again with the directory the cold run filled: the script run a second time,
  or a restarted notebook kernel.
- ``cold+pyc`` / ``warm+pyc`` (``--compare-bytecode``): gradcompat run from bytecode, as an installed
  package runs (``PYTHONDONTWRITEBYTECODE`` otherwise makes every process recompile its sources,
  while the real frameworks' environments hold their ``.pyc``); ``+deps`` (``--compare-sys-path DIR``):
  other versions of gradcompat's dependencies first on its path (e.g. another ml_dtypes).

Contenders take turns leading from round to round; every run's wall time and CPU time (user +
system of the process and its children) are kept, and the tables give medians per script and, per
dialect, the median over scripts of gradcompat's time over the real framework's. On a shared
machine CPU time is the steadier of the two (the real PyTorch spins its thread pool, which adds
CPU time but no wall time). gradcompat's runs also report XLA compilations and persistent-cache
hits (JAX's monitoring events) and "script s": the seconds after the dialect is imported (what a
notebook cell costs once the kernel is up). A run whose output differs from the real framework's
beyond the third significant digit is marked.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "benchmarks" / "scripts"
VENVS = {"torch": "torch", "tensorflow": "tensorflow", "mindspore": "mindspore"}
# realistic migration examples that run unchanged on both (the TF1 one needs `--tf1`: left out)
MIGRATION_EXAMPLES = {
    "torch": ["training_script.py", "lstm_dataloader_training.py", "z_x_x_y.py"],
    "tensorflow": ["tf2_keras_training.py", "keras_cnn_fit.py"],
    "mindspore": ["training_script.py", "model_train_dataset.py", "grad_net_wrt_x.py"],
}

# Runs the script as `python -m gradcompat.cli run script.py` does, and writes what JAX's
# monitoring saw (compiles, persistent-cache hits, seconds) to the file named in argv[1].
_GRADCOMPAT_RUNNER = r"""
import atexit, json, os, sys, time
start, start_cpu = time.perf_counter(), time.process_time()
if os.environ.get("E2E_SYS_PATH"):  # other versions of dependencies (ml_dtypes ...), first on the path
    sys.path[1:1] = os.environ["E2E_SYS_PATH"].split(os.pathsep)
import jax.monitoring as m
stats = {"compiles": 0, "compile_s": 0.0, "traces": 0, "trace_s": 0.0, "lower_s": 0.0,
         "cache_hits": 0, "cache_misses": 0}
def on_duration(event, seconds, **_):
    if event.endswith("backend_compile_duration"):
        stats["compiles"] += 1; stats["compile_s"] += seconds
    elif event.endswith("jaxpr_trace_duration"):
        stats["traces"] += 1; stats["trace_s"] += seconds
    elif event.endswith("jaxpr_to_mlir_module_duration"):
        stats["lower_s"] += seconds
def on_event(event, **_):
    if event == "/jax/compilation_cache/cache_hits": stats["cache_hits"] += 1
    elif event == "/jax/compilation_cache/cache_misses": stats["cache_misses"] += 1
m.register_event_duration_secs_listener(on_duration)
m.register_event_listener(on_event)
out = sys.argv[1]
if os.environ.get("E2E_GRADCOMPAT_PATH"):  # measure another copy: bypass the editable install's finder
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
    sys.path.insert(1, os.environ["E2E_GRADCOMPAT_PATH"])
import gradcompat
stats["gradcompat_file"] = gradcompat.__file__
import importlib
importlib.import_module("gradcompat." + sys.argv[2])  # the script's first line would import it
stats["import_s"], stats["import_cpu_s"] = time.perf_counter() - start, time.process_time() - start_cpu
def dump():
    info = gradcompat.cache_info()
    stats["gradcompat_compiles"] = info.compiles
    stats["gradcompat_hits"] = info.hits
    stats["total_s"], stats["total_cpu_s"] = time.perf_counter() - start, time.process_time() - start_cpu
    import ml_dtypes
    stats["ml_dtypes"] = ml_dtypes.__version__
    with open(out, "w") as f:
        json.dump(stats, f)
atexit.register(dump)
from gradcompat.cli import main
sys.exit(main(["run", *sys.argv[3:]]))
"""


def discover(dialects: list[str], only: list[str]) -> list[tuple[str, Path]]:
    """(dialect, script) pairs: the benchmark's own scripts, then the listed migration examples."""
    found = []
    for dialect in dialects:
        paths = sorted((SCRIPTS / dialect).glob("*.py"))
        paths += [ROOT / "migration_examples" / dialect / name for name in MIGRATION_EXAMPLES[dialect]]
        found += [(dialect, p) for p in paths if not only or any(o in p.stem for o in only)]
    return found


def run_once(command: list[str], env: dict, cwd: Path, timeout: float) -> dict:
    """One fresh process: wall seconds, CPU seconds (user + system, its children included), output."""
    before = os.times()
    start = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        code, out, err = "timeout", exc.stdout or "", exc.stderr or ""
        out = out.decode() if isinstance(out, bytes) else out
        err = err.decode() if isinstance(err, bytes) else err
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"wall": wall, "cpu": cpu, "rc": code, "stdout": out, "stderr_tail": err[-2000:]}


def contender_command(kind: str, dialect: str, script: Path, stats_file: Path, venvs: Path) -> list[str]:
    if kind == "real":
        return [str(venvs / VENVS[dialect] / "bin" / "python"), str(script)]
    return [str(ROOT / ".venv" / "bin" / "python"), "-c", _GRADCOMPAT_RUNNER, str(stats_file), dialect, str(script)]


def bytecode_environment(pycache: Path) -> dict:
    """Environment for running from bytecode (.pyc) kept in ``pycache``, written at first import,
    whatever PYTHONDONTWRITEBYTECODE says: pip compiles a package's bytecode at install time, and
    the real frameworks' virtual environments hold theirs, so gradcompat should not be measured
    recompiling its sources in every process."""
    return {"PYTHONDONTWRITEBYTECODE": None, "PYTHONPYCACHEPREFIX": str(pycache)}


def prewarm(pycache: Path, variants: dict) -> None:
    """Fill the bytecode folder (untimed): gradcompat compiled, then every dialect imported once
    per variant (the dependencies' bytecode)."""
    python = str(ROOT / ".venv" / "bin" / "python")
    for variant in variants.values():
        if "PYTHONPYCACHEPREFIX" not in variant:
            continue
        env = dict(os.environ)
        for key, value in variant.items():
            env.pop(key, None) if value is None else env.__setitem__(key, value)
        subprocess.run([python, "-m", "compileall", "-q", str(ROOT / "gradcompat")], env=env, cwd=pycache,
                       capture_output=True)
        code = ("import os, sys\nif os.environ.get('E2E_SYS_PATH'): sys.path[1:1] = os.environ['E2E_SYS_PATH'].split(os.pathsep)\n"
                "import gradcompat.torch, gradcompat.tensorflow, gradcompat.mindspore, gradcompat.tensorflow.compat.v1")
        subprocess.run([python, "-c", code], env=env, cwd=pycache, capture_output=True)


def measure(pairs, rounds: int, venvs: Path, timeout: float, cache_root: Path, variants: dict[str, dict],
            cold: bool = True, first_round: int = 0) -> list[dict]:
    """Every script, ``rounds`` times: the real framework, then per gradcompat variant (a name -> the
    environment it adds) a cold run in a new, empty cache directory and a warm run reusing what that
    cold run wrote. The groups take turns leading from round to round."""
    results = []
    groups = [["real"]] + [[f"cold{v}", f"warm{v}"] if cold else [f"warm{v}"] for v in variants]
    kinds = [k for g in groups for k in g]
    for dialect, script in pairs:
        name = f"{dialect}/{script.stem}"
        record = {"dialect": dialect, "script": str(script.relative_to(ROOT)), "runs": {k: [] for k in kinds}}
        for r in range(first_round, first_round + rounds):
            order = groups[r % len(groups):] + groups[:r % len(groups)]
            for group in order:
                directory = Path(tempfile.mkdtemp(dir=cache_root, prefix="cache-"))
                for kind in ([group[0].replace("warm", "fill")] if not cold and group != ["real"] else []) + group:
                    variant = "" if kind == "real" else kind.removeprefix("cold").removeprefix("warm").removeprefix("fill")
                    env = dict(os.environ)
                    env.pop("PYTHONPATH", None)
                    env["GRADCOMPAT_CACHE_DIR"] = str(directory)
                    for key, value in variants.get(variant, {}).items():  # None: unset
                        env.pop(key, None) if value is None else env.__setitem__(key, value)
                    stats_file = cache_root / "stats.json"
                    stats_file.unlink(missing_ok=True)
                    run = run_once(contender_command(kind, dialect, script, stats_file, venvs), env,
                                   script.parent, timeout)
                    if stats_file.exists():
                        run["stats"] = json.loads(stats_file.read_text())
                    if kind == "fill":  # --no-cold: a run that only fills the directory
                        continue
                    record["runs"][kind].append(run)
                    print(f"  {name:45s} {kind:9s} wall {run['wall']:6.2f}s cpu {run['cpu']:6.2f}s rc {run['rc']}"
                          + (f" compiles {run['stats']['compiles']} hits {run['stats']['cache_hits']}"
                             if "stats" in run else ""), flush=True)
                shutil.rmtree(directory, ignore_errors=True)
        results.append(record)
    return results


_NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?")


_TIMING = re.compile(r"\b\d+(?:\.\d+)?(?:s|ms|us)(?:/step)?\b")  # Keras's progress lines


def _rounded(text: str) -> str:
    """Output with decimals cut to 3 significant digits (float32 sums may differ in a last digit),
    timings blanked and runs of spaces collapsed (numpy pads columns to the widest number)."""
    text = _NUMBER.sub(lambda m: f"{float(m.group()):.3g}", _TIMING.sub("T", text))
    return re.sub(r" +", " ", text).replace(" ]", "]")


def _median(values):
    return statistics.median(values) if values else float("nan")


def summarize(results: list[dict], kinds: list[str]) -> str:
    """Markdown: one row per script (medians over rounds), then per dialect the median over its
    scripts of gradcompat's time over the real framework's."""
    others = [k for k in kinds if k != "real"]
    lines = ["| script | real wall / cpu s | " + " | ".join(
        f"{k} wall / cpu s | {k} x real wall / cpu | {k} script wall / cpu s | {k} compiles (disk hits)" for k in others)
        + " | same output |", "|" + "---|" * (3 + 4 * len(others))]
    ratios: dict[tuple[str, str, str], list[float]] = {}
    for rec in results:
        runs = rec["runs"]
        failed = {k for k in kinds if any(r["rc"] != 0 for r in runs[k])}
        real_wall = _median([r["wall"] for r in runs["real"]])
        real_cpu = _median([r["cpu"] for r in runs["real"]])
        cells = [Path(rec["script"]).parent.name + "/" + Path(rec["script"]).name,
                 f"{real_wall:.2f} / {real_cpu:.2f}" + (" (failed)" if "real" in failed else "")]
        for k in others:
            wall = _median([r["wall"] for r in runs[k]])
            cpu = _median([r["cpu"] for r in runs[k]])
            stats = [r.get("stats", {}) for r in runs[k]]
            after_import = _median([s["total_s"] - s["import_s"] for s in stats if "total_s" in s])
            after_import_cpu = _median([s["total_cpu_s"] - s["import_cpu_s"] for s in stats if "total_cpu_s" in s])
            compiles = _median([s.get("compiles", 0) for s in stats])
            hits = _median([s.get("cache_hits", 0) for s in stats])
            if not failed:
                ratios.setdefault((rec["dialect"], k, "wall"), []).append(wall / real_wall)
                ratios.setdefault((rec["dialect"], k, "cpu"), []).append(cpu / real_cpu)
            cells += [f"{wall:.2f} / {cpu:.2f}" + (" (failed)" if k in failed else ""),
                      f"{wall / real_wall:.2f} / {cpu / real_cpu:.2f}", f"{after_import:.2f} / {after_import_cpu:.2f}",
                      f"{compiles:g} ({hits:g})"]
        outs = {k: {_rounded(r["stdout"]) for r in runs[k]} for k in kinds}
        cells.append("yes" if all(outs[k] == outs["real"] for k in kinds) else "no")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Median over a dialect's scripts of gradcompat's time over the real framework's "
              "(below 1: faster than the framework):", "",
              "| dialect | scripts | " + " | ".join(f"{k} x real (wall) | {k} x real (cpu)" for k in others) + " |",
              "|" + "---|" * (2 + 2 * len(others))]
    for dialect in dict.fromkeys(rec["dialect"] for rec in results):
        counted = len(ratios.get((dialect, others[0], "wall"), [])) if others else 0
        cells = [dialect, str(counted)]
        for k in others:
            cells += [f"{_median(ratios.get((dialect, k, 'wall'), [])):.2f}",
                      f"{_median(ratios.get((dialect, k, 'cpu'), [])):.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dialect", action="append", choices=list(VENVS), help="repeatable; default all")
    parser.add_argument("--only", action="append", default=[], help="scripts whose name contains this")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-cold", action="store_true", help="leave out the cold-cache runs")
    parser.add_argument("--venvs", type=Path, default=ROOT / ".venvs")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--out", type=Path, help="JSON (default benchmarks/results/e2e-<UTC time>.json)")
    parser.add_argument("--gradcompat-path", type=Path,
                        help="a folder holding another copy of the gradcompat package to measure (a baseline)")
    parser.add_argument("--sys-path", type=Path, action="append", default=[],
                        help="a folder put first on gradcompat's sys.path (other versions of its dependencies)")
    parser.add_argument("--compare-sys-path", type=Path, action="append", default=[],
                        help="also run gradcompat with this folder first on its sys.path (columns '+deps')")
    parser.add_argument("--bytecode", action="store_true",
                        help="run gradcompat from bytecode (.pyc in a temporary folder) even where PYTHONDONTWRITEBYTECODE is set")
    parser.add_argument("--compare-bytecode", action="store_true", help="also run gradcompat from bytecode (columns '+pyc')")
    parser.add_argument("--first-round", type=int, default=0,
                        help="start the turns as round N would (to add rounds to a saved run with --merge)")
    parser.add_argument("--merge", type=Path, action="append", default=[],
                        help="with --render: add the runs of these saved JSONs to it (same scripts and kinds)")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--render", type=Path, help="no run: print the tables of a saved JSON")
    args = parser.parse_args(argv)
    if args.render:
        saved = json.loads(args.render.read_text())
        for extra in args.merge:
            more = {r["script"]: r for r in json.loads(extra.read_text())["results"]}
            for rec in saved["results"]:
                for kind, runs in more.get(rec["script"], {}).get("runs", {}).items():
                    rec["runs"].setdefault(kind, []).extend(runs)
        print(summarize(saved["results"], saved["kinds"]))
        return 0
    pairs = discover(args.dialect or list(VENVS), args.only)
    if args.list:
        for dialect, path in pairs:
            print(dialect, path.relative_to(ROOT))
        return 0
    variants: dict[str, dict] = {"": {}}
    if args.gradcompat_path:  # another copy of gradcompat (the runner reads it)
        variants[""]["E2E_GRADCOMPAT_PATH"] = str(args.gradcompat_path)
    if args.sys_path:
        variants[""]["E2E_SYS_PATH"] = os.pathsep.join(map(str, args.sys_path))
    pycache = Path(tempfile.mkdtemp(prefix="gradcompat-e2e-pyc-"))
    if args.bytecode:  # as an installed package runs: from bytecode, not recompiled from source
        variants[""].update(bytecode_environment(pycache))
    if args.compare_sys_path or args.compare_bytecode:  # the same again with other dependencies / bytecode
        name = "+" + "+".join((["pyc"] if args.compare_bytecode else []) + (["deps"] if args.compare_sys_path else []))
        variants[name] = dict(variants[""])
        if args.compare_sys_path:
            variants[name]["E2E_SYS_PATH"] = os.pathsep.join(map(str, args.compare_sys_path))
        if args.compare_bytecode:
            variants[name].update(bytecode_environment(pycache))
    if any("PYTHONPYCACHEPREFIX" in v for v in variants.values()):
        prewarm(pycache, variants)
    kinds = ["real"] + [f"{k}{v}" for v in variants for k in (["warm"] if args.no_cold else ["cold", "warm"])]
    with tempfile.TemporaryDirectory(prefix="gradcompat-e2e-") as tmp:
        results = measure(pairs, args.rounds, args.venvs, args.timeout, Path(tmp), variants, not args.no_cold,
                          args.first_round)
    shutil.rmtree(pycache, ignore_errors=True)
    out = args.out or ROOT / "benchmarks" / "results" / f"e2e-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"kinds": kinds, "rounds": args.rounds, "cpus": os.cpu_count(),
                               "load": os.getloadavg(), "results": results}, indent=1))
    print(summarize(results, kinds))
    print(f"\nsaved {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
