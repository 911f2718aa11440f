"""The eager context's process-wide state: whether TF's runtime has started, whether
``tf.function`` runs eagerly, and TF2's eager name-scope stack (which names variables).

Kept apart from ``tensor.py`` so that the tensor class can mark the runtime started
without importing ``tf.config``.
"""
from __future__ import annotations

import threading as _threading

_state = {"initialized": False, "run_eagerly": False}


def initialized() -> bool:
    """True once an eager tensor exists or logical devices were listed (TF's context init)."""
    return _state["initialized"]


def mark_initialized() -> None:
    _state["initialized"] = True


def functions_run_eagerly() -> bool:
    return _state["run_eagerly"]


def set_functions_run_eagerly(value: bool) -> None:
    _state["run_eagerly"] = value


class _Names(_threading.local):
    def __init__(self) -> None:
        self.scope = ""  # the eager name scope, "" or "outer/inner/"


_names = _Names()


def scope_prefix() -> str:
    """The current eager name scope, as ``"outer/inner/"`` (``""`` at the top)."""
    return _names.scope


def set_scope_prefix(prefix: str) -> str:
    previous, _names.scope = _names.scope, prefix
    return previous
