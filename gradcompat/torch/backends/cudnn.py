"""``torch.backends.cudnn``: settable flags with torch's defaults (XLA picks its kernels)."""
from __future__ import annotations

import contextlib
import sys

from .. import devices

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True
benchmark_limit = 10


def is_available() -> bool:
    """True exactly when JAX has a GPU."""
    return bool(devices.cuda_devices())


def version() -> int | None:
    return None


@contextlib.contextmanager
def flags(enabled: bool = False, benchmark: bool = False, deterministic: bool = False, allow_tf32: bool = True,
          **kwargs):
    """``torch.backends.cudnn.flags(...)``: the flags set inside the block, restored after."""
    module = sys.modules[__name__]
    names = ("enabled", "benchmark", "deterministic", "allow_tf32")
    saved = [getattr(module, n) for n in names]
    for n, v in zip(names, (enabled, benchmark, deterministic, allow_tf32)):
        setattr(module, n, v)
    try:
        yield
    finally:
        for n, v in zip(names, saved):
            setattr(module, n, v)
