"""``torch.cuda.nvtx``: profiler ranges. With a GPU they are accepted (JAX's profiler names its
own ranges); without one, CPU-only torch's RuntimeError."""
from __future__ import annotations

import contextlib

from .. import devices as _devices


def _check() -> None:
    if not _devices.cuda_devices():
        raise RuntimeError("NVTX functions not installed. Are you sure you have a CUDA build?")


def range_push(msg: str) -> int:
    _check()
    return 0


def range_pop() -> int:
    _check()
    return 0


def mark(msg: str) -> None:
    _check()


@contextlib.contextmanager
def range(msg: str, *args, **kwargs):  # noqa: A001 - torch's name
    range_push(msg.format(*args, **kwargs))
    try:
        yield
    finally:
        range_pop()
