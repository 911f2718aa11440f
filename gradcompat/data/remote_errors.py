"""An exception raised in another process, carried back as text and raised again here.

The traceback object cannot cross a process boundary, so its text travels with the exception's
type; the main process raises the same type with a message that holds the worker's traceback
(the form torch's DataLoader uses: ``Caught ValueError in DataLoader worker process 0.``)."""
from __future__ import annotations

import sys
import traceback


class RemoteError:
    """The exception being handled, captured for re-raising in another process."""

    def __init__(self, where: str, exc_info=None):
        exc_type, exc, tb = exc_info or sys.exc_info()
        self.exc_type = exc_type
        self.where = where
        self.text = "".join(traceback.format_exception(exc_type, exc, tb))

    def message(self) -> str:
        return (f"Caught {self.exc_type.__name__} {self.where}.\n"
                f"Original {self.text}")

    def reraise(self):
        """Raise an exception of the original type (RuntimeError when that type cannot be built
        from one message), whose message names the process and holds its traceback text."""
        msg = self.message()
        if self.exc_type is KeyError:  # KeyError's str() quotes its argument: keep the text readable
            msg = _KeyErrorMessage(msg)
        try:
            exc = self.exc_type(msg)
        except Exception:  # noqa: BLE001 - a constructor that wants other arguments
            exc = RuntimeError(msg)
        raise exc


class _KeyErrorMessage(str):
    def __repr__(self) -> str:
        return self
