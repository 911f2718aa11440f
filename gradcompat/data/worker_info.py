"""What a worker process knows about itself (``get_worker_info()``), None in the main process."""
from __future__ import annotations

from typing import Any


class WorkerInfo:
    """Read-only facts of one worker process: ``id``, ``num_workers``, ``seed``, ``dataset``
    (the worker's own copy)."""

    __initialized = False

    def __init__(self, **kwargs: Any):
        for name, value in kwargs.items():
            setattr(self, name, value)
        self.__keys = tuple(kwargs)
        self.__initialized = True

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__initialized:
            raise RuntimeError(f"Cannot assign attributes to {type(self).__name__} objects")
        super().__setattr__(name, value)

    def __repr__(self) -> str:
        items = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__keys)
        return f"{type(self).__name__}({items})"


_current: WorkerInfo | None = None


def get_worker_info() -> WorkerInfo | None:
    """The current worker's WorkerInfo inside a worker process, None elsewhere."""
    return _current


def set_worker_info(info: WorkerInfo | None) -> None:
    global _current
    _current = info
