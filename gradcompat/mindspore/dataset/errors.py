"""The errors ``mindspore.dataset`` raises while a pipeline runs, worded as MindSpore 2.x words
them (its C++ engine reports through RuntimeError with sectioned text; the C++ call-stack
section that MindSpore appends for its own developers is left out)."""
from __future__ import annotations

import traceback

_RULE = "-" * 66


def _section(title: str, body: str) -> str:
    return f"{_RULE}\n- {title}: \n{_RULE}\n{body}\n\n"


def pipeline_error(message: str, lead: str | None = None) -> RuntimeError:
    """What the engine raises for a pipeline that cannot run (a missing column, ragged batch);
    ``lead`` replaces the first line where MindSpore names the kind of failure."""
    lead = lead or "Exception thrown from dataset pipeline. Refer to 'Dataset Pipeline Error Message'."
    return RuntimeError(f"{lead} \n\n" + _section("Dataset Pipeline Error Message", f"[ERROR] {message}"))


def user_error(python_text: str) -> RuntimeError:
    """What the engine raises when user python code (a source, a map or batch function) failed:
    ``python_text`` is the traceback or the check that failed."""
    return RuntimeError("Exception thrown from user defined Python function in dataset. \n\n"
                        + _section("Python Call Stack", python_text.rstrip("\n"))
                        + _section("Dataset Pipeline Error Message",
                                   "[ERROR] Execute user Python code failed, check 'Python Call Stack' above."))


def current_traceback() -> str:
    """The traceback text of the exception being handled."""
    return traceback.format_exc()


def epochs_exhausted() -> RuntimeError:
    return pipeline_error("EOF buffer encountered. User tries to fetch data beyond the specified number of epochs.")


class UserCodeFailed(Exception):
    """Internal: user code failed with ``text``; turned into ``user_error`` where it surfaces."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def syntax_error(message: str) -> RuntimeError:
    """What the engine raises for an invalid tree parameter found when the tree is built."""
    return RuntimeError("Syntax error. \n\n" + _section("Dataset Pipeline Error Message", f"[ERROR] {message}"))
