"""``mindspore.set_context`` / ``get_context`` and the execution mode constants.

GRAPH_MODE (0) and PYNATIVE_MODE (1) have MindSpore's values. In PYNATIVE_MODE ops run one
by one; in GRAPH_MODE the outermost Cell call is traced and run as one compiled program
(see ``graph_mode``), with the same numbers.
"""
from __future__ import annotations

from typing import Any

from .parallel_context import (ParallelMode, get_auto_parallel_context, reset_auto_parallel_context,  # noqa: F401
                               set_auto_parallel_context)

GRAPH_MODE = 0
PYNATIVE_MODE = 1

_context: dict[str, Any] = {"mode": PYNATIVE_MODE, "device_target": "CPU", "device_id": 0}


def set_context(**kwargs: Any) -> None:
    """Record context settings (``mode``, ``device_target``, ...); MindSpore returns None too.

    ``device_target`` is recorded and reported by ``get_context``; computation runs on
    JAX's default device whatever it says.
    """
    mode = kwargs.get("mode")
    if mode is not None and mode not in (GRAPH_MODE, PYNATIVE_MODE):
        raise ValueError(f"For 'context.set_context', the argument 'mode' should be context.GRAPH_MODE (0) "
                         f"or context.PYNATIVE_MODE (1), but got {mode}.")
    _context.update(kwargs)


def get_context(attr_key: str) -> Any:
    """A context setting (``get_context('mode')`` is 1 for PYNATIVE_MODE, 0 for GRAPH_MODE)."""
    return _context.get(attr_key)
