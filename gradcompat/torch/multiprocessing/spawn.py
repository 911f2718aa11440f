"""``torch.multiprocessing.spawn``: ``nprocs`` fresh processes each running ``fn(i, *args)``
(``gradcompat.distributed.spawn``), the others stopped when one fails, torch's exceptions in
the parent. The workers run on gradcompat when the parent does (``gradcompat run``)."""
from __future__ import annotations

import signal
from typing import Any, Callable

from ...distributed import spawn as _spawn


class ProcessException(Exception):
    """A spawned process failed (``error_index``, ``pid``)."""

    def __init__(self, msg: str, error_index: int, pid: int) -> None:
        super().__init__(msg)
        self.msg, self.error_index, self.pid = msg, error_index, pid

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.pid)


class ProcessRaisedException(ProcessException):
    """The process raised: the message carries its traceback."""


class ProcessExitedException(ProcessException):
    """The process exited with a non-zero code or was killed by a signal."""

    def __init__(self, msg: str, error_index: int, error_pid: int, exit_code: int,
                 signal_name: str | None = None) -> None:
        super().__init__(msg, error_index, error_pid)
        self.exit_code, self.signal_name = exit_code, signal_name

    def __reduce__(self):
        return type(self), (self.msg, self.error_index, self.pid, self.exit_code, self.signal_name)


def _translate(failure: _spawn.WorkerFailed) -> ProcessException:
    i, pid, code = failure.index, failure.pid, failure.exit_code
    if failure.traceback is not None:
        return ProcessRaisedException(f"\n\n-- Process {i} terminated with the following error:\n{failure.traceback}",
                                      i, pid)
    if code < 0:
        name = signal.Signals(-code).name
        return ProcessExitedException(f"process {i} terminated with signal {name}", i, pid, code, name)
    return ProcessExitedException(f"process {i} terminated with exit code {code}", i, pid, code)


class ProcessContext:
    """What ``spawn(join=False)`` returns: ``join(timeout)`` and ``pids()``."""

    def __init__(self, workers: _spawn.Workers) -> None:
        self._workers = workers
        self.processes = workers.procs

    def pids(self) -> list[int]:
        return self._workers.pids()

    def join(self, timeout: float | None = None, grace_period: float | None = None) -> bool:
        """True once every process exited 0; raises torch's exception when one failed."""
        if grace_period is not None:
            self._workers.grace = grace_period
        try:
            return self._workers.join(timeout)
        except _spawn.WorkerFailed as failure:
            raise _translate(failure) from None


class SpawnContext(ProcessContext):
    pass


def start_processes(fn: Callable, args: tuple = (), nprocs: int = 1, join: bool = True, daemon: bool = False,
                    start_method: str = "spawn") -> ProcessContext | None:
    """Start ``nprocs`` processes running ``fn(i, *args)`` (every start method starts fresh
    interpreters here: a fork of a running XLA runtime is not safe)."""
    context = ProcessContext(_spawn.start(fn, args, nprocs))
    if not join:
        return context
    while not context.join():
        pass
    return None


def spawn(fn: Callable, args: tuple = (), nprocs: int = 1, join: bool = True, daemon: bool = False,
          start_method: str = "spawn") -> ProcessContext | None:
    """``torch.multiprocessing.spawn(fn, args=(), nprocs=1, join=True, ...)``."""
    return start_processes(fn, args, nprocs, join, daemon, start_method)


