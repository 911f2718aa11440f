"""Medians, ratios, the issue's targets, and the table run.py prints."""
from __future__ import annotations

import re
import statistics

from suite import REFERENCE, Case

TARGET = re.compile(r"^(median|first|warmup)\s+(\S+)\s*/\s*(\S+)\s*(<=|>=)\s*([0-9.]+)$")


def summarize(name: str, ready: dict, rounds: list[dict], calls_per_step: int) -> dict:
    """One contender's numbers: steady-state median and spread per call, first steps."""
    times = [t for r in rounds for t in r["times"]]
    quartiles = statistics.quantiles(times, n=4) if len(times) > 1 else [times[0]] * 3
    median = statistics.median(times)
    first = ready["first_steps_s"]
    before, after = ready.get("cache_after_warmup"), rounds[-1].get("cache")
    return {
        "contender": name, "status": "ok",
        "median_s": median / calls_per_step,
        "min_s": min(times) / calls_per_step,  # least disturbed by neighbours on a busy machine
        # CPU time (every thread) per call over all steady rounds: steadier than wall time under load
        "cpu_s": (sum(r["cpu_s"] for r in rounds) / len(times) / calls_per_step
                  if all("cpu_s" in r for r in rounds) else None),
        "spread_pct": 100 * (quartiles[2] - quartiles[0]) / median,
        "steps": len(times), "rounds": len(rounds),
        "first_s": first[0], "warmup_s": sum(first), "setup_s": ready["setup_s"],
        "result": rounds[-1].get("result"),
        "steady_compiles": after["compiles"] - before["compiles"] if before and after else None,
        # process start to steady state (interpreter, imports, model build, the first steps)
        "to_ready_s": ready["ready_at"] - ready["started_at"] if "started_at" in ready else None,
        "peak_rss_mb": (rounds[-1].get("memory") or {}).get("peak_rss_mb"),
        "device_peak_mb": (rounds[-1].get("memory") or {}).get("device_peak_mb"),
        "device": ready.get("device") or (rounds[-1].get("memory") or {}).get("device", "cpu"),
        "cache": after, "versions": ready.get("versions", {}),
        "step_times_s": [round(t, 7) for t in times],
    }


def add_ratios(rows: list[dict]) -> None:
    """Each contender's median and first call over the reference's ("x jax")."""
    reference = next((r for r in rows if r["contender"] == REFERENCE and r["status"] == "ok"), None)
    for row in rows:
        if row["status"] == "ok" and reference is not None:
            row["ratio"] = row["median_s"] / reference["median_s"]
            row["first_ratio"] = row["first_s"] / reference["first_s"]
            if "min_s" in row and "min_s" in reference:
                row["min_ratio"] = row["min_s"] / reference["min_s"]
            if row.get("cpu_s") and reference.get("cpu_s"):
                row["cpu_ratio"] = row["cpu_s"] / reference["cpu_s"]
    for row in rows:  # gradcompat:<mode> against the real framework in the same mode
        mode = row["contender"].partition(":")[2]
        real = next((r for r in rows if r["status"] == "ok" and r["contender"].endswith(":" + mode)
                     and not r["contender"].startswith(("gradcompat:", REFERENCE))), None)
        if row["status"] == "ok" and row["contender"].startswith("gradcompat:") and real is not None:
            row["real_ratio"] = row["median_s"] / real["median_s"]


def check_targets(case: Case, rows: list[dict]) -> list[dict]:
    by_name = {r["contender"]: r for r in rows}
    metric_key = {"median": "median_s", "first": "first_s", "warmup": "warmup_s"}
    checks = []
    for text in case.targets:
        match = TARGET.match(text.strip())
        if match is None:
            raise ValueError(f"{case.name}: cannot read target {text!r}")
        metric, a, b, op, bound = match.groups()
        rows_ab = [by_name.get(a), by_name.get(b)]
        missing = [n for n, r in zip((a, b), rows_ab) if r is None or r["status"] != "ok"]
        if missing:
            checks.append({"target": text, "value": None, "met": None,
                           "note": "not measured: " + ", ".join(missing) + " did not run"})
            continue
        value = rows_ab[0][metric_key[metric]] / rows_ab[1][metric_key[metric]]
        met = value <= float(bound) if op == "<=" else value >= float(bound)
        checks.append({"target": text, "value": value, "met": met,
                       "note": "met" if met else f"missed by {value / float(bound):.2f}x"
                       if op == "<=" else f"missed by {float(bound) / value:.2f}x"})
    return checks


def _fmt(value, spec: str, empty: str = "") -> str:
    return empty if value is None else format(value, spec)


def table(result: dict) -> str:
    """A Markdown table of one case's result (as stored in the JSON), then its targets."""
    rows, checks = result["contenders"], result["targets"]
    lines = [f"### {result['name']}: {result['title']}", ""]
    lines += [f"- {line}" for line in result.get("skipped", ())]
    lines += ["" if result.get("skipped") else None,
             "| contender | median ms/call | spread | x jax | x real | min ms/call | x jax (min) | CPU ms/call | "
             "x jax (CPU) | first call s | x jax | first 3 steps s | start to steady s | peak RSS MB | steady compiles "
             "| result |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    lines = [line for line in lines if line is not None]
    for row in rows:
        if row["status"] != "ok":
            lines.append(f"| {row['contender']} | {row['status']} ||||||||||||||||")
            continue
        lines.append("| {} | {} | {}% | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            row["contender"], _fmt(row["median_s"] * 1e3, ".4g"), _fmt(row["spread_pct"], ".0f"),
            _fmt(row.get("ratio"), ".2f"), _fmt(row.get("real_ratio"), ".2f"),
            _fmt(row.get("min_s") and row["min_s"] * 1e3, ".4g", "-"), _fmt(row.get("min_ratio"), ".2f", "-"),
            _fmt(row.get("cpu_s") and row["cpu_s"] * 1e3, ".4g", "-"), _fmt(row.get("cpu_ratio"), ".2f", "-"),
            _fmt(row["first_s"], ".3f"),
            _fmt(row.get("first_ratio"), ".1f"), _fmt(row["warmup_s"], ".3f"),
            _fmt(row.get("to_ready_s"), ".2f", "-"), _memory(row),
            _fmt(row["steady_compiles"], "d", "-"), _fmt(row["result"], ".6g", "-")))
    lines += ["", "- ran on: " + devices(rows)]
    for check in checks:
        value = _fmt(check["value"], ".2f", "-")
        lines.append(f"- target `{check['target']}`: {value} ({check['note']})")
    return "\n".join(lines) + "\n"


def document(run: dict) -> str:
    """The whole run as Markdown: how it was made, on what, then one table per case."""
    machine = run["machine"]
    environments = []  # one entry per distinct environment (numpy differs between them)
    for case in run["cases"]:
        for row in case["contenders"]:
            found = ", ".join(f"{k} {v}" for k, v in sorted(row.get("versions", {}).items()))
            if found and found not in environments:
                environments.append(found)
    lines = [f"Run {run['started']}: `python benchmarks/run.py {' '.join(run['argv'])}`", "",
             f"- machine: {machine['processor']}, {machine['cpus']} CPUs, {machine['platform']}, "
             f"Python {machine['python']}",
             f"- load average at start {_loads(machine.get('load_average'))}, "
             f"at end {_loads(machine.get('load_average_end'))}",
             "- environments: " + "; ".join(f"({e})" for e in environments), ""]
    return "\n".join(lines) + "\n" + "\n".join(table(case) for case in run["cases"])


def devices(rows: list[dict]) -> str:
    """Which device each contender's steps ran on (worker.py's ``device``), one entry per device."""
    by_device: dict[str, list[str]] = {}
    for row in rows:
        if row["status"] == "ok":
            by_device.setdefault(row.get("device") or "unknown", []).append(row["contender"])
    if len(by_device) == 1:
        return f"{next(iter(by_device))} (every contender)"
    return "; ".join(f"{d}: {', '.join(names)}" for d, names in by_device.items())


def _memory(row: dict) -> str:
    """Peak host RSS, and the device's peak where the contender ran on one."""
    text = _fmt(row.get("peak_rss_mb"), ".0f", "-")
    if row.get("device_peak_mb") is not None:
        text += f" (device {row['device_peak_mb']:.0f} on {row.get('device')})"
    return text


def _loads(values) -> str:
    return "unknown" if not values else " / ".join(f"{v:.1f}" for v in values)
