"""A running contender: a worker.py subprocess, spoken to one JSON line at a time."""
from __future__ import annotations

import json
import os
import queue
import subprocess
import tempfile
import threading
import time

from suite import HERE, Contender

PREFIX = "@@bench "


class WorkerFailed(RuntimeError):
    """The worker reported an error, died, or did not answer in time."""


def thread_environment(threads: int | None) -> dict:
    """The environment with every framework's CPU thread pools capped at ``threads``.

    On a shared machine, oversubscribed thread pools (OpenMP spinning, Eigen) make timings
    depend on the neighbours; capping them alike keeps the comparison fair. XLA's knob is
    all or nothing: with ``threads == 1`` its Eigen pool is switched off, and ``PJRT_NPROC``
    sizes the CPU client's own pools (they are as large as the machine otherwise, and their
    threads spin: 30-50% of a small step's CPU time), for every JAX-based contender alike.
    """
    env = dict(os.environ)
    if threads is None:
        return env
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                 "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        env[name] = str(threads)
    if threads == 1:
        env["XLA_FLAGS"] = (env.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false"
                            " intra_op_parallelism_threads=1").strip()
        env["PJRT_NPROC"] = "1"
    return env


class Worker:
    def __init__(self, contender: Contender, timeout: float, threads: int | None = None):
        self.contender = contender
        self.timeout = timeout
        self._stderr = tempfile.TemporaryFile(mode="w+")
        command = [str(contender.python), str(HERE / "worker.py"), "--source", str(contender.source),
                   "--mode", contender.mode] + (["--gradcompat"] if contender.gradcompat else [])
        self.started_at = time.time()  # end-to-end: process start, imports, build, first steps
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._stderr, text=True, bufsize=1,
                                         env=thread_environment(threads))
        self._messages: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self._process.stdout:
            if line.startswith(PREFIX):
                self._messages.put(json.loads(line[len(PREFIX):]))
        self._messages.put(None)  # end of output: the process exited

    def receive(self) -> dict:
        try:
            message = self._messages.get(timeout=self.timeout)
        except queue.Empty:
            self.close()
            raise WorkerFailed(f"no answer in {self.timeout:.0f} s") from None
        if message is None:
            self._process.wait()
            raise WorkerFailed(f"exited with status {self._process.returncode}: {self.stderr_tail()}")
        if "error" in message:
            raise WorkerFailed(message["error"])
        return message

    def run_steps(self, steps: int) -> dict:
        self._process.stdin.write(json.dumps({"steps": steps}) + "\n")
        self._process.stdin.flush()
        return self.receive()

    def stderr_tail(self, lines: int = 3) -> str:
        self._stderr.seek(0)
        tail = [line.strip() for line in self._stderr.read().splitlines() if line.strip()]
        return " | ".join(tail[-lines:])[-400:]

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self._process.stdin.write(json.dumps({"quit": True}) + "\n")
                self._process.stdin.close()
                self._process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        self._stderr.close()
