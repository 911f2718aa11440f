"""``torch.nn.attention``: ``SDPBackend`` and the ``sdpa_kernel`` context manager.

XLA chooses how attention is computed, so the backend choice is accepted, checked as torch checks
it, remembered while the context is active, and otherwise has no effect.
"""
from __future__ import annotations

import contextlib
import enum
import threading

__all__ = ["SDPBackend", "sdpa_kernel", "WARN_FOR_UNFUSED_KERNELS"]

WARN_FOR_UNFUSED_KERNELS = False


class SDPBackend(enum.Enum):
    """The scaled-dot-product-attention implementations torch can pick (values as torch's)."""

    ERROR = -1
    MATH = 0
    FLASH_ATTENTION = 1
    EFFICIENT_ATTENTION = 2
    CUDNN_ATTENTION = 3
    OVERRIDEABLE = 4

    def __str__(self) -> str:
        return f"SDPBackend.{self.name}"

    def __int__(self) -> int:
        return self.value


_ALL = (SDPBackend.MATH, SDPBackend.FLASH_ATTENTION, SDPBackend.EFFICIENT_ATTENTION,
        SDPBackend.CUDNN_ATTENTION, SDPBackend.OVERRIDEABLE)
_state = threading.local()


def _current() -> tuple:
    """The backends the innermost ``sdpa_kernel`` enabled (all when none is active)."""
    return getattr(_state, "backends", _ALL)


@contextlib.contextmanager
def sdpa_kernel(backends: "list[SDPBackend] | SDPBackend", set_priority: bool = False):
    """``torch.nn.attention.sdpa_kernel``: a context manager that enables only ``backends`` for
    ``F.scaled_dot_product_attention``. Accepted and checked as torch does; every backend
    computes the same attention here (XLA picks the kernel)."""
    if not isinstance(backends, (list, SDPBackend)):
        raise AssertionError("Backend must be an instance of SDPBackend or a list of SDPBackend instances, "
                             f"got {type(backends).__name__}")
    if isinstance(backends, SDPBackend):
        backends = [backends]
    previous = _current()
    _state.backends = tuple(dict.fromkeys(backends))
    try:
        yield {}
    finally:
        _state.backends = previous

