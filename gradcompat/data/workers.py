"""A pool of worker processes that run fetches (index batch -> data) and hand back the results
in the order the fetches were asked for.

- Processes come from a ``multiprocessing`` context: the platform's start method unless one is
  given (a dialect may pass ``"spawn"``: a forked child of a process whose XLA runtime is running
  deadlocks on its first compile, so dialects whose workers run JAX ops start fresh processes).
- Each worker sets its ``WorkerInfo``, calls ``seed_fn(seed, worker_id)`` and ``init_fn(worker_id)``
  and then ``make_fetch()``, whose result it calls on every payload. ``StopIteration`` from a fetch
  means the worker is exhausted (an iterable source split across workers).
- At most ``prefetch_factor * num_workers`` fetches are outstanding; results are reordered.
- Results are encoded in the worker (``encode``: e.g. framework tensors -> numpy) and pickled
  there, so an unpicklable result is reported like any other error; ``decode`` runs here.
- An exception in a worker is raised here with the worker's traceback text in its message.
- The same pool serves many epochs (``imap`` once per epoch; each new epoch resets the fetcher),
  which is how persistent workers are kept.
- ``child_setup`` runs in a spawned or forkserver child before the parent's main module is
  imported there again (e.g. installing an import hook that main module needs).
"""
from __future__ import annotations

import itertools
import multiprocessing
import multiprocessing.connection
import os
import pickle
import queue
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from typing import Any, Callable, Iterable, Iterator

from .remote_errors import RemoteError
from .worker_info import WorkerInfo, set_worker_info

_POLL_S = 0.1


@dataclass
class WorkerSpec:
    """What every worker process runs (picklable under the spawn start method: module-level
    callables, or objects with such methods)."""
    make_fetch: Callable[[], Callable[[Any], Any]]
    dataset: Any = None
    init_fn: Callable[[int], None] | None = None
    seed_fn: Callable[[int, int], None] | None = None
    encode: Callable[[Any], Any] | None = None
    name: str = "DataLoader"


def _parent_alive(parent_pid: int) -> bool:
    """Whether the process that started the pool still runs (a forkserver child's OS parent is
    the server, so ask multiprocessing's sentinel of the real parent first)."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        return parent.is_alive()
    try:
        os.kill(parent_pid, 0)
    except OSError:
        return False
    return True


def _exit_with_parent() -> None:
    """End this worker as soon as the process that started it ends, even in the middle of a
    fetch: a thread waits on multiprocessing's sentinel of the real parent. (Without it, after
    the main process is killed or leaves by ``os._exit``, workers would finish the fetches
    queued for them, and the forkserver, which they keep alive, would stay with them.)"""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="gradcompat-parent-watch").start()


def _worker_loop(spec: WorkerSpec, worker_id: int, num_workers: int, seed: int,
                 tasks: "multiprocessing.Queue", results: "multiprocessing.Queue", parent_pid: int) -> None:
    _exit_with_parent()
    where = f"in {spec.name} worker process {worker_id}"
    set_worker_info(WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed, dataset=spec.dataset))
    fetch, failure = None, None
    try:
        if spec.seed_fn is not None:
            spec.seed_fn(seed, worker_id)
        if spec.init_fn is not None:
            spec.init_fn(worker_id)
        fetch = spec.make_fetch()
    except Exception:  # noqa: BLE001 - reported with the first fetch
        failure = RemoteError(where)
    exhausted = False
    try:
        while True:
            try:
                message = tasks.get(timeout=_POLL_S)
            except queue.Empty:
                if not _parent_alive(parent_pid):
                    return
                continue
            if message is None:
                return
            if message[0] == "reset":  # a new epoch of a persistent worker
                exhausted = False
                if failure is None:
                    try:
                        fetch = spec.make_fetch()
                    except Exception:  # noqa: BLE001
                        failure = RemoteError(where)
                continue
            _, epoch, task_id, payload = message
            if exhausted:
                continue
            if failure is not None:
                status, data, failure = "error", failure, None
            else:
                try:
                    value = fetch(payload)
                    if spec.encode is not None:
                        value = spec.encode(value)
                    status, data = "ok", bytes(ForkingPickler.dumps(value))
                except StopIteration:
                    status, data, exhausted = "end", None, True
                except Exception:  # noqa: BLE001 - re-raised in the main process
                    status, data = "error", RemoteError(where)
            results.put((epoch, task_id, worker_id, status, data))
            del data
    finally:
        results.cancel_join_thread()  # exiting must not wait for a reader that stopped reading


class _RunWhenUnpickled:
    """Calls ``fn`` while the child reads its preparation data, before that data is applied."""

    def __init__(self, fn: Callable[[], None]):
        self.fn = fn

    def __reduce__(self):
        return (_call, (self.fn,))


def _call(fn: Callable[[], None]) -> None:
    fn()


@contextmanager
def _setup_before_main(fn: Callable[[], None] | None):
    """While processes start: add ``fn`` to the preparation data that spawn and forkserver
    children unpickle before they import the parent's main module."""
    if fn is None:
        yield
        return
    from multiprocessing import spawn
    original = spawn.get_preparation_data

    def with_setup(name):
        data = original(name)
        return {"gradcompat_setup": _RunWhenUnpickled(fn), **data}

    spawn.get_preparation_data = with_setup
    try:
        yield
    finally:
        spawn.get_preparation_data = original


class WorkerPool:
    """``num_workers`` processes running ``spec``; ``imap(payloads)`` is one epoch."""

    def __init__(self, spec: WorkerSpec, num_workers: int, *, base_seed: int = 0, context=None,
                 prefetch_factor: int = 2, timeout: float = 0,
                 decode: Callable[[Any], Any] | None = None,
                 child_setup: Callable[[], None] | None = None):
        if num_workers < 1:
            raise ValueError(f"a worker pool needs at least one worker, got {num_workers}")
        if context is None or isinstance(context, str):
            context = multiprocessing.get_context(context)
        self.spec, self.num_workers = spec, int(num_workers)
        self.prefetch_factor, self.timeout, self.decode = int(prefetch_factor), timeout, decode
        self._results = context.Queue()
        self._tasks = [context.Queue() for _ in range(self.num_workers)]
        self._epoch = 0
        self._closed = False
        self.processes = []
        for worker_id, tasks in enumerate(self._tasks):
            process = context.Process(
                target=_worker_loop, name=f"{spec.name}Worker-{worker_id}", daemon=True,
                args=(spec, worker_id, self.num_workers, int(base_seed) + worker_id, tasks, self._results,
                      os.getpid()))
            with _setup_before_main(child_setup if context.get_start_method() != "fork" else None):
                process.start()
            self.processes.append(process)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self.processes]

    def imap(self, payloads: Iterable[Any]) -> Iterator[Any]:
        """Fetch every payload on the workers; yield the results in the payloads' order. Ends
        when the payloads run out or every worker is exhausted."""
        if self._closed:
            raise RuntimeError("the worker pool was shut down")
        self._epoch += 1
        epoch = self._epoch
        if epoch > 1:
            for tasks in self._tasks:
                tasks.put(("reset", epoch))
        return self._epoch_results(epoch, iter(payloads))

    def _epoch_results(self, epoch: int, payloads: Iterator[Any]) -> Iterator[Any]:
        n = self.num_workers
        active = [True] * n
        turn = itertools.cycle(range(n))
        owner: dict[int, int] = {}     # task id -> the worker asked
        ready: dict[int, tuple] = {}   # task id -> (status, data) received out of order
        sent = received = 0

        def send_one() -> None:
            nonlocal sent
            if not any(active):
                return
            try:
                payload = next(payloads)
            except StopIteration:
                return
            worker = next(w for w in turn if active[w])
            self._tasks[worker].put(("task", epoch, sent, payload))
            owner[sent] = worker
            sent += 1

        for _ in range(self.prefetch_factor * n):
            send_one()
        while True:
            # an exhausted worker ignores the tasks it still had: skip them
            while received < sent and received not in ready and not active[owner[received]]:
                del owner[received]
                received += 1
            if received >= sent:
                return
            if received not in ready:
                got_epoch, task_id, worker, status, data = self._get()
                if got_epoch != epoch:
                    continue  # left over from an epoch that was abandoned
                if status == "end":
                    active[worker] = False
                ready[task_id] = (status, data)
                continue
            status, data = ready.pop(received)
            del owner[received]
            received += 1
            send_one()
            if status == "end":
                continue
            if status == "error":
                data.reraise()
            value = pickle.loads(data)
            yield self.decode(value) if self.decode is not None else value

    def _get(self) -> tuple:
        start = time.monotonic()
        while True:
            try:
                return self._results.get(timeout=_POLL_S)
            except queue.Empty:
                if self.timeout > 0 and time.monotonic() - start >= self.timeout:
                    raise RuntimeError(f"{self.spec.name} timed out after {self.timeout} seconds") from None
                dead = [p for p in self.processes if p.exitcode is not None]
                if dead:
                    pids = ", ".join(str(p.pid) for p in dead)
                    self.shutdown()
                    raise RuntimeError(f"{self.spec.name} worker (pid(s) {pids}) exited unexpectedly") from None

    def shutdown(self) -> None:
        """Stop the workers (each finishes the fetch it is in), then close the queues."""
        if self._closed:
            return
        self._closed = True
        for tasks in self._tasks:
            try:
                tasks.put(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 5.0
        for process in self.processes:
            while process.exitcode is None and time.monotonic() < deadline:
                try:  # keep the result pipe drained so that no worker blocks writing to it
                    while True:
                        self._results.get_nowait()
                except (queue.Empty, OSError, ValueError, EOFError):
                    pass
                process.join(_POLL_S)
            if process.exitcode is None:
                process.terminate()
                process.join(1.0)
        for q in (*self._tasks, self._results):
            q.cancel_join_thread()
            q.close()

    def __del__(self) -> None:
        try:
            self.shutdown()
        except Exception:  # noqa: BLE001 - interpreter teardown
            pass
