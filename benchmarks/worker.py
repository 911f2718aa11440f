"""One contender's process: build a workload, time its first steps, then run timed rounds.

Started by run.py with the contender's Python (the real framework's virtual environment,
or the JAX one for gradcompat and hand-written JAX). Only the standard library is used
here, so it runs in every environment. Protocol: each message to run.py is one line
``@@bench <json>`` on the original stdout (anything the framework prints goes to stderr);
run.py sends ``{"steps": n}`` lines on stdin and gets ``{"times": [...]}`` back, so each
contender times only its own steady-state steps, process start-up excluded.

``--gradcompat`` maps the framework imports onto gradcompat's dialects first (as
``gradcompat run`` does), so the workload's source text is the same for both contenders.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import sys
import time
from pathlib import Path

FIRST_STEPS = 3  # timed one by one before steady state: first call, compile, first cached

_protocol = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)  # framework chatter (including C-level prints) goes to stderr


def send(message: dict) -> None:
    _protocol.write("@@bench " + json.dumps(message) + "\n")
    _protocol.flush()


def describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def load_workload(path: Path):
    """Import the workload as a top-level module of its own name (torch.compile's tracer
    needs the code it compiles to live in an importable module)."""
    sys.path.insert(0, str(path.parent))  # workloads import their shared data module
    return importlib.import_module(path.stem)


def versions() -> dict:
    found = {}
    for name in ("jax", "torch", "tensorflow", "mindspore", "gradcompat", "numpy"):
        module = sys.modules.get(name)
        if module is not None and isinstance(getattr(module, "__version__", None), str):
            found[name] = module.__version__
    return found


def cache_counts() -> dict | None:
    gradcompat = sys.modules.get("gradcompat")
    if gradcompat is None or not hasattr(gradcompat, "cache_info"):
        return None
    info = gradcompat.cache_info()
    return {"hits": info.hits, "misses": info.misses, "compiles": info.compiles,
            "compile_seconds": round(info.compile_seconds, 4)}


def memory() -> dict:
    """Peak host RSS of this process so far, and the accelerator's peak bytes where JAX or torch
    has one (none on a CPU-only machine)."""
    import resource
    found: dict = {"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    jax = sys.modules.get("jax")
    try:
        if jax is not None and jax.default_backend() != "cpu":
            stats = jax.devices()[0].memory_stats() or {}
            found["device_peak_mb"] = stats.get("peak_bytes_in_use", 0) / 2**20
            found["device"] = str(jax.devices()[0].device_kind)
    except Exception:  # noqa: BLE001 - memory is a report, never a failure
        pass
    torch = sys.modules.get("torch")
    try:
        if torch is not None and not found.get("device") and torch.cuda.is_available():
            found["device_peak_mb"] = torch.cuda.max_memory_allocated() / 2**20
            found["device"] = torch.cuda.get_device_name()
    except Exception:  # noqa: BLE001
        pass
    return found


def device() -> str:
    """Where this contender's steps ran: JAX's default device for gradcompat and hand-written JAX
    (gradcompat maps torch ``cuda`` / TF ``/GPU:0`` onto JAX's GPU, and the workloads ask for it
    when there is one), the framework's own device for the real frameworks."""
    try:
        if "gradcompat" in sys.modules or "torch" not in sys.modules and "tensorflow" not in sys.modules \
                and "mindspore" not in sys.modules:
            import jax
            first = jax.devices()[0]
            return first.platform if first.platform == "cpu" else f"{first.platform} ({first.device_kind})"
        if "torch" in sys.modules:
            torch = sys.modules["torch"]
            return f"cuda ({torch.cuda.get_device_name()})" if torch.cuda.is_available() else "cpu"
        if "tensorflow" in sys.modules:
            gpus = sys.modules["tensorflow"].config.list_physical_devices("GPU")
            return f"gpu ({gpus[0].name})" if gpus else "cpu"
        return str(sys.modules["mindspore"].get_context("device_target")).lower()
    except Exception as exc:  # noqa: BLE001 - a report, never a failure
        return f"unknown ({describe(exc)})"


def cpu_seconds() -> float:
    """User + system CPU time of this process, all its threads (XLA's runtime and Eigen pools
    included): on a shared machine steadier than wall time, and it counts work that other
    threads do while the Python thread waits."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(step) -> tuple[float, object]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--source", required=True, type=Path)
    parser.add_argument("--mode", required=True)
    parser.add_argument("--gradcompat", action="store_true")
    args = parser.parse_args()
    try:
        if args.gradcompat:
            from gradcompat import cli
            cli.install()
        start = time.perf_counter()
        step = load_workload(args.source.resolve()).build(args.mode)
        setup = time.perf_counter() - start
        first = [timed(step)[0] for _ in range(FIRST_STEPS)]
    except BaseException as exc:  # noqa: BLE001 - any failure means "unsupported" for this contender
        send({"error": describe(exc)})
        return
    send({"ready": True, "setup_s": setup, "first_steps_s": first, "versions": versions(), "device": device(),
          "cache_after_warmup": cache_counts(), "ready_at": time.time()})
    for line in sys.stdin:
        request = json.loads(line)
        if "steps" not in request:
            break
        try:
            times, result = [], None
            cpu_start = cpu_seconds()
            for _ in range(request["steps"]):
                elapsed, result = timed(step)
                times.append(elapsed)
            cpu = cpu_seconds() - cpu_start
        except BaseException as exc:  # noqa: BLE001
            send({"error": describe(exc)})
            return
        send({"times": times, "cpu_s": cpu, "result": result if isinstance(result, (int, float)) else None,
              "cache": cache_counts(), "memory": memory()})


if __name__ == "__main__":
    main()
