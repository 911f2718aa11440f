"""What Keras golden programs print, with the time fields normalized (the only part of Keras's
progress lines allowed to differ): ``run_printed(fn)`` returns ``(fn(), normalized stdout)``."""
from __future__ import annotations

import contextlib
import io
import re


def normalize(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        line = line.split("\r")[-1].replace("\b", "")  # a progress bar's final state
        line = re.sub(r"\d+(ms|us|s)/step", "T/step", line)
        line = re.sub(r"(\d+/\d+) - \d+s -", r"\1 - Ts -", line)
        line = re.sub(r"\x1b\[1m\d+s\x1b\[0m", "Ts", line)
        lines.append(line.rstrip(" "))  # a redrawn bar pads to the previous width, which hangs on times
    return "\n".join(lines)


def run_printed(fn):
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        result = fn()
    return result, normalize(buffer.getvalue())
