"""``torch.autograd.detect_anomaly`` / ``set_detect_anomaly``: anomaly mode.

While it is on, a custom Function whose ``backward`` returns NaN raises torch's
"Function 'XBackward' returned nan values in its 0th output." (with ``check_nan``), and an
error in a backward pass is preceded by torch's warning naming the node that failed and
the forward call that created it (recorded when the forward ran in anomaly mode).
Known difference: the NaN check covers custom Functions' backward only (built-in ops'
gradients are computed by one fused program, not node by node).
"""
from __future__ import annotations

import traceback
import warnings
from typing import Any

from ... import core
from ...core.graph import notes, peek_notes


# process-wide in torch (a global flag), and so here
_MODE = {"enabled": False, "check_nan": True}


def is_anomaly_enabled() -> bool:
    return _MODE["enabled"]


def is_anomaly_check_nan_enabled() -> bool:
    return _MODE["check_nan"]


def _set(enabled: bool, check_nan: bool) -> None:
    _MODE["enabled"], _MODE["check_nan"] = bool(enabled), bool(check_nan)


class detect_anomaly:
    """``torch.autograd.detect_anomaly(check_nan=True)``: a context manager / decorator."""

    def __init__(self, check_nan: bool = True) -> None:
        self.prev = is_anomaly_enabled()
        self.check_nan = check_nan
        self.prev_check_nan = is_anomaly_check_nan_enabled()
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime and should only "
                      "be enabled for debugging.", stacklevel=2)

    def __enter__(self) -> None:
        _set(True, self.check_nan)

    def __exit__(self, *args: Any) -> None:
        _set(self.prev, self.prev_check_nan)

    def __call__(self, fn):
        def wrapped(*args, **kwargs):
            with self.__class__(self.check_nan):
                return fn(*args, **kwargs)
        return wrapped


class set_detect_anomaly:
    """``torch.autograd.set_detect_anomaly(mode, check_nan=True)``: sets the mode now; also a
    context manager that restores the previous mode."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.prev = is_anomaly_enabled()
        self.prev_check_nan = is_anomaly_check_nan_enabled()
        _set(mode, check_nan)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *args: Any) -> None:
        _set(self.prev, self.prev_check_nan)


def remember_forward(node: core.Node) -> None:
    """In anomaly mode, keep the stack of the forward call that recorded ``node``."""
    if _MODE["enabled"] and isinstance(node, core.Op):
        notes(node)["anomaly_stack"] = "".join(traceback.format_stack()[:-2])


def forward_stack(node: core.Node | None) -> str | None:
    n = peek_notes(node) if node is not None else None
    return n.get("anomaly_stack") if n else None


def warn_error(name: str, node: core.Node | None, stack: str | None = None,
               parent: tuple[str, str] | None = None) -> None:
    """torch's warning before an error of a backward pass in anomaly mode; printed to stderr if
    the warning itself raises (warnings turned into errors), as torch does. ``stack``: the
    forward call's stack when not kept on ``node``; ``parent``: (name, forward stack) of the
    node whose backward made the failing node (torch's "Previous calculation" warning)."""
    if not _MODE["enabled"]:
        return
    stack = forward_stack(node) if stack is None else stack
    if stack is None:
        message = (f"Error detected in {name}. No forward pass information available. Enable detect anomaly "
                   "during forward pass for more information.")
    else:
        message = f"Error detected in {name}. Traceback of forward call that caused the error:\n{stack}"
    messages = [message]
    if stack is not None and parent is not None:
        messages.append(f"\n\nPrevious calculation was induced by {parent[0]}. Traceback of forward call that "
                        f"induced the previous calculation:\n{parent[1]}")
    for message in messages:
        try:
            warnings.warn(message, UserWarning, stacklevel=2)
        except Exception as e:  # noqa: BLE001 (warnings as errors: torch prints it)
            import sys
            print(f"{type(e).__name__}: {e}", file=sys.stderr)


def nan_error(name: str, index: int) -> RuntimeError:
    return RuntimeError(f"Function '{name}' returned nan values in its {index}th output.")


# ----- torch.autograd.set_multithreading_enabled (a switch of the engine torch has; here a flag) ----

_MULTITHREADING = {"enabled": True}


def is_multithreading_enabled() -> bool:
    """``torch.autograd.is_multithreading_enabled``."""
    return _MULTITHREADING["enabled"]


class set_multithreading_enabled:
    """``torch.autograd.set_multithreading_enabled(mode)``: sets the flag now; as a context
    manager, restores the previous value on exit. gradcompat's backward passes run on the
    calling thread either way (what torch does with it disabled)."""

    def __init__(self, mode: bool) -> None:
        self.prev = _MULTITHREADING["enabled"]
        _MULTITHREADING["enabled"] = bool(mode)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *args: Any) -> None:
        _MULTITHREADING["enabled"] = self.prev
