"""``mindspore.common.api``: ``jit`` and the PyNative executor handle that tests import.

``_pynative_executor.sync()`` waits for queued device work in MindSpore; JAX dispatch here
reports errors at the call, so there is nothing to wait for.
"""
from __future__ import annotations

from ..graph_mode import jit


class _PynativeExecutor:
    """The few methods of MindSpore's PyNative executor that user code calls."""

    def sync(self) -> None:
        """Wait for pending work: a no-op (errors are raised where the op is called)."""

    def set_grad_flag(self, flag: bool) -> None:
        """Accepted (MindSpore marks the executor for gradients; nothing to do here)."""


_pynative_executor = _PynativeExecutor()

__all__ = ["jit"]
