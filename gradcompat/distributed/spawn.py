"""Start ``nprocs`` Python processes that each run ``fn(index, *args)`` (what
``torch.multiprocessing.spawn`` does), with fail-fast supervision.

Each worker is a fresh interpreter (``python -m gradcompat.distributed.spawn``): it maps the
frameworks' names onto the dialects when the parent did (``gradcompat run``), loads the parent's
main script as ``__mp_main__`` (as multiprocessing's spawn does, so functions defined there
unpickle), then calls ``fn``. A worker that raises writes its traceback for the parent and
leaves at once (JAX's exit hook would wait for the others); the parent then stops the others and
raises ``WorkerFailed``, which the dialect turns into its framework's error.
"""
from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Sequence

SPAWNED_ENV = "GRADCOMPAT_DISTRIBUTED_SPAWNED"


class WorkerFailed(Exception):
    """Worker ``index`` failed: it raised (``traceback`` holds its text) or exited with
    ``exit_code`` (negative: killed by that signal)."""

    def __init__(self, index: int, pid: int, exit_code: int, traceback_text: str | None) -> None:
        super().__init__(f"worker {index} failed with exit code {exit_code}")
        self.index, self.pid, self.exit_code, self.traceback = index, pid, exit_code, traceback_text


@dataclass
class Workers:
    """The running workers (``join()`` waits; ``pids()``)."""

    procs: list
    folder: str
    grace: float = 5.0

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs]

    def join(self, timeout: float | None = None) -> bool:
        """Wait for every worker; True once all exited 0, False on timeout; ``WorkerFailed``
        (the others stopped) when one fails."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            codes = [p.poll() for p in self.procs]
            for i, code in enumerate(codes):
                if code not in (None, 0):
                    self._stop()
                    raise WorkerFailed(i, self.procs[i].pid, code, self._traceback(i))
            if all(code == 0 for code in codes):
                return True
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def _traceback(self, index: int) -> str | None:
        path = os.path.join(self.folder, f"error.{index}")
        if os.path.exists(path):
            with open(path) as f:
                return f.read()
        return None

    def _stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        end = time.monotonic() + self.grace
        for p in self.procs:
            try:
                p.wait(timeout=max(0.0, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def start(fn: Callable, args: Sequence[Any] = (), nprocs: int = 1) -> Workers:
    """Start ``nprocs`` workers running ``fn(i, *args)``; ``fn`` and ``args`` must pickle."""
    main = sys.modules.get("__main__")
    main_path = getattr(main, "__file__", None)
    # under `gradcompat run` (whose cli may be __main__, another copy of the class) names are mapped
    finder = next((f for f in sys.meta_path if type(f).__name__ == "DialectFinder"), None)
    tf1 = finder is not None and finder.tops.get("tensorflow", "").endswith("compat.v1")
    folder = tempfile.mkdtemp(prefix="gradcompat-spawn-")
    payload = {"fn": pickle.dumps((fn, tuple(args))), "main_path": os.path.abspath(main_path) if main_path else None,
               "sys_path": list(sys.path), "sys_argv": list(sys.argv), "mapped": finder is not None, "tf1": tf1}
    with open(os.path.join(folder, "payload"), "wb") as f:
        pickle.dump(payload, f)
    env = dict(os.environ, **{SPAWNED_ENV: "1"})
    procs = [subprocess.Popen([sys.executable, "-m", "gradcompat.distributed.spawn", folder, str(i)], env=env)
             for i in range(int(nprocs))]
    return Workers(procs, folder)


def _worker(folder: str, index: int) -> None:
    import runpy
    import types
    with open(os.path.join(folder, "payload"), "rb") as f:
        payload = pickle.load(f)
    sys.path[:] = payload["sys_path"]
    sys.argv[:] = payload["sys_argv"]  # as multiprocessing's spawn: the parent's arguments
    if payload["mapped"]:
        from .. import cli
        cli.install(payload["tf1"])
    try:
        if payload["main_path"]:  # the parent's script, as __mp_main__ (its guarded main does not run)
            namespace = runpy.run_path(payload["main_path"], run_name="__mp_main__")
            module = types.ModuleType("__mp_main__")
            module.__dict__.update(namespace)
            sys.modules["__main__"] = sys.modules["__mp_main__"] = module
        fn, args = pickle.loads(payload["fn"])
        fn(index, *args)
    except KeyboardInterrupt:
        os._exit(1)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if code:
            _leave(code)
        raise
    except BaseException:  # noqa: BLE001 - the parent reports it
        text = traceback.format_exc()
        with open(os.path.join(folder, f"error.{index}"), "w") as f:
            f.write(text)
        _leave(1)


def _leave(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    _worker(sys.argv[1], int(sys.argv[2]))
