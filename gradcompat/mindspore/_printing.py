"""MindSpore 2.x Tensor printing.

``str(t)`` (and ``print(t)``) is numpy's ``str`` of ``t.asnumpy()``. ``repr(t)`` follows
MindSpore's C++ TensorStringifier: ``Tensor(shape=[..], dtype=.., value=..)``; scalars use
C++ stream defaults (``%g``), array floats ``%15.8e`` (float16: ``%11.4e``), bools ``%5s``,
integers padded to the widest one; summaries with ``...`` past 6 items per dimension
(past 1000 for 1-D), and a line feed every 12 floats / 24 ints / 12 bools in long 1-D tensors.
"""
from __future__ import annotations

import numpy as np

THRESHOLD = 6
THRESHOLD_1D = 1000
HALF = THRESHOLD >> 1


def _complex(value) -> str:
    """MindSpore's complex element: ``1.5+2j``, ``3-1.25j`` (each part as ``%g``)."""
    imag = float(value.imag)
    return "%g%s%gj" % (float(value.real), "-" if imag < 0 else "+", abs(imag))


def _scalar(value, kind: str) -> str:
    if kind == "c":
        return _complex(value)
    if kind == "b":
        return "True" if value else "False"
    if kind == "f":
        return "%g" % float(value)
    return str(int(value))


class _Stringifier:
    def __init__(self, array: np.ndarray) -> None:
        self.flat = array.reshape(-1)
        self.shape = array.shape
        self.ndim = array.ndim
        self.kind = array.dtype.kind
        self.is_half = array.dtype == np.float16
        self.max_width = 0
        self.linefeed = 12 if self.kind in "fb" else 24

    def element(self, value) -> str:
        if self.kind == "f":
            return ("%11.4e" if self.is_half else "%15.8e") % float(value)
        if self.kind == "b":
            return "%5s" % ("True" if value else "False")
        if self.kind == "c":
            return _complex(value)
        text = str(int(value))
        self.max_width = max(self.max_width, len(text))
        return "\0" * len(text) + text  # placeholder, padded to the widest number at the end

    def data(self, out: list, cursor: int, start: int, end: int) -> None:
        for i in range(start, end):
            if cursor + i >= self.flat.size:
                break
            out.append(self.element(self.flat[cursor + i]))
            if i != end - 1:
                out.append(", ")
            if self.ndim == 1 and end - start > HALF and (i + 1) % self.linefeed == 0:
                out.append("\n ")

    def recurse(self, out: list, cursor: list, depth: int) -> None:
        if depth >= self.ndim:
            return
        out.append("[")
        num = self.shape[depth]
        if depth == self.ndim - 1:
            if (num > THRESHOLD and self.ndim > 1) or (num > THRESHOLD_1D and self.ndim == 1):
                self.data(out, cursor[0], 0, HALF)
                out.append(" ... ")
                self.data(out, cursor[0], num - HALF, num)
            else:
                self.data(out, cursor[0], 0, num)
            cursor[0] += num
        else:
            indent = " " * (depth + 1)
            for i in range(min(HALF, num)):
                if i > 0:
                    out.append(",\n" + indent)
                self.recurse(out, cursor, depth + 1)
            if num > THRESHOLD:
                out.append(",\n" + indent + "...")
                ignored = int(np.prod(self.shape[depth + 1:], dtype=np.int64)) * (num - THRESHOLD)
                cursor[0] += ignored
            if num > HALF:
                for i in range(min(num - HALF, HALF)):
                    out.append(("," if (i != 0 or num <= THRESHOLD) else "") + "\n" + indent)
                    self.recurse(out, cursor, depth + 1)
        out.append("]")


def _pad_ints(text: str, max_width: int) -> str:
    out, i, n = [], 0, len(text)
    while i < n:
        if text[i] == "\0":
            j = i
            while j < n and text[j] == "\0":
                j += 1
            out.append(" " * (max_width - (j - i)))
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def data_string(array: np.ndarray) -> str:
    """The value part of MindSpore's Tensor repr."""
    s = _Stringifier(array)
    if s.flat.size == 0:
        return ""
    if s.ndim == 0:
        return _scalar(s.flat[0], s.kind)
    out: list = []
    s.recurse(out, [0], 0)
    text = "".join(out)
    return _pad_ints(text, s.max_width) if s.kind not in "fbc" else text


def tensor_repr(array: np.ndarray, dtype_name: str) -> str:
    shape = "[" + ", ".join(str(d) for d in array.shape) + "]"
    sep = "\n" if array.ndim > 1 else " "
    return f"Tensor(shape={shape}, dtype={dtype_name}, value={sep}{data_string(array)})"


def _legacy_float_str(value) -> str:
    """numpy 1.x ``str`` of a float scalar (MindSpore 2.x runs on numpy 1.x; numpy 2
    switched float32 scalars to scientific notation from 1e8 on)."""
    x = float(value)
    if np.isnan(x) or np.isinf(x):
        return str(value)
    if x == 0 or 1e-4 <= abs(x) < 1e16:
        return np.format_float_positional(value, unique=True, trim="0")
    return np.format_float_scientific(value, unique=True, trim="-")


def tensor_str(array: np.ndarray) -> str:
    """``str(t)``: numpy's ``str`` of the value, as numpy 1.x printed it."""
    if array.ndim == 0 and array.dtype.kind == "f":
        return _legacy_float_str(array[()])
    return str(array)
