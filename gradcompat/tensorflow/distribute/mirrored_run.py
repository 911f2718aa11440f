"""Calling a function once per replica, as TF's MirroredStrategy does: one thread per replica,
run one at a time in replica order. A replica that calls ``merge_call`` (``all_reduce``, an
optimizer's ``apply_gradients``) waits there; once every replica is waiting, the merge function
runs once in cross-replica context with the replicas' arguments grouped into ``PerReplica``
values, and each replica resumes with its result.

Each replica thread starts with the caller's thread-local state (tapes, grad mode, the
``tf.function`` trace in progress, name scopes), so replicas traced inside ``tf.function``
land in the same program and eager replicas are recorded by the caller's tapes.
"""
from __future__ import annotations

import sys
import threading
from typing import Any, Callable, Sequence

from . import values as values_lib

_thread_state = threading.local()  # .replica: the ReplicaContext of a replica thread


def current_replica():
    """The ReplicaContext of the running replica thread, or None."""
    return getattr(_thread_state, "replica", None)


_found: dict[str, Any] = {"modules": -1, "locals": []}


def _thread_locals() -> list[threading.local]:
    """gradcompat's thread-local state objects (module-level ``threading.local`` instances),
    found again only when modules were imported since the last look."""
    if _found["modules"] == len(sys.modules):
        return _found["locals"]
    found = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("gradcompat.") or module is None:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, threading.local) and value is not _thread_state:
                found.append(value)
    _found.update(modules=len(sys.modules), locals=found)
    return found


class _Abort(BaseException):
    """Unwinds a replica thread whose sibling failed."""


class _Replica:
    def __init__(self, runner: "Runner", index: int):
        self.runner, self.index = runner, index
        self.go = threading.Event()
        self.paused = threading.Event()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.merge: tuple | None = None  # (merge_fn, args, kwargs) while waiting in merge_call
        self.merge_result: Any = None


class Runner:
    """Runs ``fn`` once per replica of ``strategy`` (see the module docstring)."""

    def __init__(self, strategy, fn: Callable, args: Sequence, kwargs: dict):
        self.strategy, self.fn = strategy, fn
        self.args, self.kwargs = tuple(args), dict(kwargs)
        self.aborting = False

    def _body(self, replica: _Replica, snapshot: list, context) -> None:
        for local, state in snapshot:
            for key, value in state.items():
                setattr(local, key, value)
        _thread_state.replica = context
        replica.go.wait()
        replica.go.clear()
        try:
            if self.aborting:
                raise _Abort()
            args = values_lib.select_replica(replica.index, self.args)
            kwargs = values_lib.select_replica(replica.index, self.kwargs)
            with self.strategy._device_scope(replica.index):
                replica.result = self.fn(*args, **kwargs)
        except _Abort:
            pass
        except BaseException as error:  # re-raised in the caller's thread
            replica.error = error
        finally:
            replica.done = True
            replica.paused.set()

    def merge_call(self, replica_index: int, merge_fn: Callable, args: tuple, kwargs: dict) -> Any:
        """Called from a replica thread: wait until every replica got here, then return the merge's result."""
        replica = self.replicas[replica_index]
        replica.merge = (merge_fn, args, kwargs)
        replica.paused.set()
        replica.go.wait()
        replica.go.clear()
        if self.aborting:
            raise _Abort()
        return replica.merge_result

    def run(self) -> Any:
        from .distribute_lib import _MirroredReplicaContext, ReplicaContext
        context_class = _MirroredReplicaContext if self.strategy._replica_context == "mirrored" else ReplicaContext
        count = self.strategy.num_replicas_in_sync
        self.replicas = [_Replica(self, i) for i in range(count)]
        snapshot = [(local, dict(local.__dict__)) for local in _thread_locals()]
        threads = [threading.Thread(target=self._body, daemon=True,
                                    args=(r, snapshot, context_class(self.strategy, r.index, self)))
                   for r in self.replicas]
        for thread in threads:
            thread.start()
        try:
            while True:
                for replica in self.replicas:  # one at a time, in replica order, as TF runs them
                    if replica.done:
                        continue
                    replica.paused.clear()
                    replica.go.set()
                    replica.paused.wait()
                    if replica.error is not None:
                        raise replica.error
                if all(r.done for r in self.replicas):
                    break
                if any(r.done for r in self.replicas):
                    raise RuntimeError("`merge_call` called while defining a new graph or a tf.function. This can "
                                       "often happen if the function `fn` passed to `strategy.run()` contains a "
                                       "nested `@tf.function`, and the nested `@tf.function` contains a "
                                       "synchronization point, such as aggregating gradients.")
                self._merge()
        finally:
            if not all(r.done for r in self.replicas):
                self.aborting = True
                for replica in self.replicas:
                    replica.go.set()
            for thread in threads:
                thread.join()
        return values_lib.regroup([r.result for r in self.replicas])

    def _merge(self) -> None:
        merge_fn = self.replicas[0].merge[0]
        args = values_lib.regroup([r.merge[1] for r in self.replicas])
        kwargs = values_lib.regroup([r.merge[2] for r in self.replicas])
        for replica in self.replicas:
            replica.merge = None
        with self.strategy.scope():  # cross-replica context
            result = merge_fn(self.strategy, *args, **kwargs)
        for replica in self.replicas:
            replica.merge_result = values_lib.select_replica(replica.index, result)
