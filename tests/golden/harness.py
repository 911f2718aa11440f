"""Records what a golden program observes, under the real framework or under gradcompat.

A golden program is ordinary framework code (``import torch`` ...) that calls ``emit``,
``emit_text`` and ``expect_error``. The same program runs once with the real framework
(tools/make_goldens.py, which commits the records) and once under ``gradcompat run``
(tests/test_golden.py, which compares). Only numpy is needed here, so the harness runs
in every framework's virtual environment.
"""
from __future__ import annotations

import atexit
import json
import os

import numpy as np

_records: list[dict] = []


def _to_numpy(value):
    if hasattr(value, "detach"):  # torch
        value = value.detach()
        return np.array(value.numpy())
    if hasattr(value, "asnumpy"):  # mindspore
        return np.array(value.asnumpy())
    if hasattr(value, "numpy"):  # tensorflow eager, numpy scalars
        return np.array(value.numpy())
    return np.array(value)


def _encode(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return {"seq": type(value).__name__, "items": [_encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": {str(k): _encode(v) for k, v in value.items()}}
    if isinstance(value, (bool, int, float, str)):
        return {"py": type(value).__name__, "value": value}
    array = _to_numpy(value)
    return {"dtype": str(array.dtype), "shape": list(array.shape),
            "value": array.astype(np.float64).tolist() if array.dtype.kind in "fc" else array.tolist()}


def emit(name: str, value) -> None:
    """Record a value: a tensor, an array, a (nested) list/tuple/dict of them, a scalar, None."""
    _records.append({"name": name, "kind": "value", "value": _encode(value)})


def emit_text(name: str, text) -> None:
    """Record a string that must match exactly (a repr, a printed line)."""
    _records.append({"name": name, "kind": "text", "value": str(text)})


def expect_error(name: str, fn, phrase: str) -> None:
    """Call ``fn`` and record the exception it raises; ``phrase`` is the key words of its message."""
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - recording any error is the point
        _records.append({"name": name, "kind": "error", "type": type(exc).__name__,
                         "message": str(exc), "phrase": phrase, "phrase_found": phrase in str(exc)})
    else:
        _records.append({"name": name, "kind": "error", "type": None, "message": "no error raised",
                         "phrase": phrase, "phrase_found": False})


@atexit.register
def _dump() -> None:
    out = os.environ.get("GOLDEN_OUT")
    if out:
        with open(out, "w") as f:
            json.dump(_records, f, indent=1)
