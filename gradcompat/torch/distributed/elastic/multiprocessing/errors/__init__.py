"""``torch.distributed.elastic.multiprocessing.errors``: the ``@record`` decorator and its
``ErrorHandler``, as torch 2.13.

A worker's entry point decorated with ``@record`` writes the exception that escapes it, as
torch's JSON (``{"message": {"message": "Type: text", "extraInfo": {"py_callstack": traceback,
"timestamp": seconds}}}``), to the file named by ``TORCHELASTIC_ERROR_FILE``, which the launcher
(``gradcompat run --nproc-per-node N``, as torchrun) sets for each worker and shows in its failure
report; without the variable nothing is written. ``SystemExit(0)`` returns None, as torch's."""
from __future__ import annotations

import faulthandler
import functools
import json
import os
import time
import traceback
import warnings
from typing import Any, Callable

__all__ = ["ChildFailedError", "ErrorHandler", "get_error_handler", "record"]


class ErrorHandler:
    """torch's error handler: writes the structured error to ``TORCHELASTIC_ERROR_FILE``."""

    def _get_error_file_path(self) -> str | None:
        return os.environ.get("TORCHELASTIC_ERROR_FILE", None)

    def initialize(self) -> None:
        """Enable Python's fault handler (tracebacks of all threads on a fatal signal)."""
        try:
            faulthandler.enable(all_threads=True)
        except Exception as e:  # noqa: BLE001 - torch warns and goes on
            warnings.warn(f"Unable to enable fault handler. {type(e).__name__}: {e}", stacklevel=2)

    def record_exception(self, e: BaseException) -> None:
        """Write ``e`` and the current traceback to the error file, if one is set."""
        file = self._get_error_file_path()
        if file:
            data = {"message": {"message": f"{type(e).__name__}: {e}",
                                "extraInfo": {"py_callstack": traceback.format_exc(),
                                              "timestamp": str(int(time.time()))}}}
            with open(file, "w") as fp:
                json.dump(data, fp)

    def dump_error_file(self, rootcause_error_file: str, error_code: int = 0) -> None:
        """Copy a child's error file to this process's, with ``errorCode`` set when given."""
        with open(rootcause_error_file) as fp:
            rootcause = json.load(fp)
        if error_code and isinstance(rootcause.get("message"), dict):
            rootcause["message"]["errorCode"] = error_code
        mine = self._get_error_file_path()
        if mine:
            with open(mine, "w") as fp:
                fp.write(json.dumps(rootcause))


def get_error_handler() -> ErrorHandler:
    """torch's default handler."""
    return ErrorHandler()


class ChildFailedError(Exception):
    """A launched child failed (``name``: the program; ``failures``: rank -> failure)."""

    def __init__(self, name: str, failures: dict) -> None:
        self.name, self.failures = name, failures
        super().__init__(f"{name} FAILED")

    def get_first_failure(self) -> tuple[int, Any]:
        rank = min(self.failures, key=lambda r: getattr(self.failures[r], "timestamp", 0))
        return rank, self.failures[rank]


def record(fn: Callable, error_handler: ErrorHandler | None = None) -> Callable:
    """``@record``: run ``fn``; an exception escaping it is written to the error file and
    re-raised; ``SystemExit`` with code 0 returns None."""
    handler = error_handler or get_error_handler()

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        handler.initialize()
        try:
            return fn(*args, **kwargs)
        except SystemExit as se:
            if se.code == 0:
                return None
            raise
        except ChildFailedError as e:
            _, failure = e.get_first_failure()
            error_file = getattr(failure, "error_file", None)
            if error_file and os.path.isfile(error_file):
                handler.dump_error_file(error_file, getattr(failure, "exitcode", 0))
            raise
        except Exception as e:
            handler.record_exception(e)
            raise

    return wrapper
