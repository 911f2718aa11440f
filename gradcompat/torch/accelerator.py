"""``torch.accelerator``: the host's accelerator, which is JAX's GPU when it has one (``cuda``).

Without a GPU, as torch 2.13 on a CPU-only host: ``is_available()`` False,
``current_accelerator()`` None, ``device_count()`` 0, and what needs a device raises
``RuntimeError: Cannot access accelerator device when none is available.``
"""
from __future__ import annotations

import warnings
from typing import Any

from . import devices
from .devices import NO_ACCELERATOR


def is_available() -> bool:
    return devices.current_accelerator_type() is not None


def current_accelerator(check_available: bool = False) -> devices.device | None:
    """``device(type='cuda')`` when JAX has a GPU, else None."""
    kind = devices.current_accelerator_type()
    return None if kind is None else devices.device(kind)


def device_count() -> int:
    return len(devices.cuda_devices())


def _require() -> None:
    if not is_available():
        raise RuntimeError(NO_ACCELERATOR)


def current_device_index() -> int:
    _require()
    return devices.current_cuda_index()


def current_device_idx() -> int:
    warnings.warn("Use `current_device_index` instead.", FutureWarning, stacklevel=2)
    return current_device_index()


def set_device_index(device: Any) -> None:
    _require()
    devices.set_cuda_index(device if isinstance(device, int) else devices.parse(device).index or 0)


set_device_idx = set_device_index


def synchronize(device: Any = None) -> None:
    _require()
    from . import cuda
    cuda.synchronize(device)


def empty_cache() -> None:
    _require()


def memory_allocated(device: Any = None) -> int:
    _require()
    from . import cuda
    return cuda.memory_allocated(device)


def max_memory_allocated(device: Any = None) -> int:
    _require()
    from . import cuda
    return cuda.max_memory_allocated(device)


def current_stream(device: Any = None) -> None:
    _require()


class device_index:
    """``torch.accelerator.device_index(idx)``: the current device inside the block (None: no-op)."""

    def __init__(self, device: int | None) -> None:
        self.idx = device
        self.prev_idx = -1

    def __enter__(self) -> None:
        if self.idx is not None:
            self.prev_idx = current_device_index()
            devices.set_cuda_index(self.idx)

    def __exit__(self, *exc: Any) -> bool:
        if self.idx is not None:
            devices.set_cuda_index(self.prev_idx)
        return False


__all__ = ["current_accelerator", "current_device_idx", "current_device_index", "current_stream", "device_count",
           "device_index", "empty_cache", "is_available", "max_memory_allocated", "memory_allocated",
           "set_device_idx", "set_device_index", "synchronize"]
