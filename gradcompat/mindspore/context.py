"""``mindspore.set_context`` / ``get_context`` and the execution mode constants.

GRAPH_MODE (0) and PYNATIVE_MODE (1) have MindSpore's values. Both are accepted; for now
GRAPH_MODE runs the same eager (PyNative) path, which computes the same values.
"""
from __future__ import annotations

from typing import Any

GRAPH_MODE = 0
PYNATIVE_MODE = 1

_context: dict[str, Any] = {"mode": PYNATIVE_MODE, "device_target": "CPU", "device_id": 0}


def set_context(**kwargs: Any) -> None:
    """Record context settings (mode, device_target, ...); MindSpore returns None too."""
    mode = kwargs.get("mode")
    if mode is not None and mode not in (GRAPH_MODE, PYNATIVE_MODE):
        raise ValueError(f"For 'set_context', the argument 'mode' should be context.GRAPH_MODE (0) "
                         f"or context.PYNATIVE_MODE (1), but got {mode}.")
    _context.update(kwargs)


def get_context(attr_key: str) -> Any:
    return _context.get(attr_key)
