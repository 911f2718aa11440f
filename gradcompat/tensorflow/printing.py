"""``tf.print``: TF's text for tensors (``[1 2 ... 9]``, float32 to 9 significant digits,
strings quoted, booleans as 1/0) and for Python values holding tensors; to stderr by
default. Eagerly it prints at once; inside ``tf.function`` each call prints (a host callback
in the compiled step, kept alive as an effect of the trace); in TF1 it is an op to run."""
from __future__ import annotations

import sys
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from . import dtypes as _dt
from . import tracing
from .tensor import Tensor

_DIGITS = {"float16": 5, "float32": 9, "float64": 17, "bfloat16": 4}


def _scalar_text(value: Any, dtype: str) -> str:
    if dtype == "string":
        return '"' + (value.decode(errors="replace") if isinstance(value, bytes) else str(value)) + '"'
    if dtype == "bool":
        return "1" if value else "0"
    if dtype in _DIGITS:  # six digits when they read back as the same number, else all it needs
        short = "%g" % float(value)
        exact = np.dtype(dtype if dtype != "bfloat16" else "float32").type
        return short if exact(short) == exact(value) else f"%.{_DIGITS[dtype]}g" % float(value)
    if dtype.startswith("complex"):
        return f"({value.real:g},{value.imag:g})"
    return str(int(value))


def array_text(array: np.ndarray, dtype: str, summarize: int = 3) -> str:
    """An array as tf.print shows it (``summarize`` items at each end of a long axis; -1: all)."""
    def render(a: np.ndarray, depth: int) -> str:
        if a.ndim == 0:
            return _scalar_text(a[()], dtype)
        n = a.shape[0]
        cut = summarize >= 0 and n > 2 * summarize
        items = [render(np.asarray(a[i], dtype=a.dtype), depth + 1) for i in (list(range(summarize)) + [-1] + list(range(n - summarize, n))
                                                   if cut else range(n)) if i != -1 or not cut]
        if cut:
            items.insert(summarize, "...")
        joiner = " " if a.ndim == 1 else "\n" + " " * (depth + 1)
        return "[" + joiner.join(items) + "]"
    return render(np.asarray(array), 0)


def tensor_text(value: Any, summarize: int = 3) -> str:
    """A tensor, or a Python value holding tensors, as tf.print shows it."""
    if isinstance(value, Tensor) or hasattr(value, "_as_tensor"):
        tensor = value._as_tensor() if hasattr(value, "_as_tensor") else value
        return array_text(np.asarray(tensor.numpy(), dtype=object if tensor.dtype == _dt.string else None),
                          tensor.dtype.name, summarize)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {tensor_text(v, summarize)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(tensor_text(v, summarize) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    return str(value)


def _write(text: str, stream) -> None:
    stream = sys.stderr if stream is None else stream
    if isinstance(stream, str):  # TF's "file://path" and "stdout"/"stderr" names
        if stream.startswith("file://"):
            with open(stream[len("file://"):], "a") as f:
                f.write(text)
            return
        stream = sys.stdout if stream == "stdout" else sys.stderr
    stream.write(text)
    stream.flush()


def _print_kernel(*values, parts: tuple, sep: str, end: str, stream, summarize: int):
    def emit(*arrays):
        arrays = iter(arrays)
        pieces = [array_text(np.asarray(next(arrays)), kind, summarize) if tag == "tensor" else kind
                  for tag, kind in parts]
        _write(sep.join(pieces) + end, stream)
    jax.debug.callback(emit, *values, ordered=True)
    return jnp.zeros((), jnp.int32)


_PRINTED = core.StateCell(np.zeros((), np.int32), name="tf.print")  # what a print writes: nothing


def print(*inputs, **kwargs):  # noqa: A001 - TF's name
    """``tf.print(*inputs, output_stream=sys.stderr, summarize=3, sep=' ', end='\\n')``."""
    stream = kwargs.pop("output_stream", None)
    summarize = kwargs.pop("summarize", 3)
    sep, end = kwargs.pop("sep", " "), kwargs.pop("end", "\n")
    kwargs.pop("name", None)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments for tf.print: {kwargs}")
    symbolic = [v for v in inputs if isinstance(v, Tensor) and v.node.value is None]
    if not symbolic:
        _write(sep.join(tensor_text(v, summarize) for v in inputs) + end, stream)
        return None
    tensors, parts = [], []
    for value in inputs:
        if isinstance(value, Tensor):
            if value.dtype == _dt.string:
                raise NotImplementedError("gradcompat: printing string tensors in graph mode is not supported")
            tensors.append(value.node)
            parts.append(("tensor", value.dtype.name))
        else:
            parts.append(("text", tensor_text(value, summarize)))
    node = core.apply(_print_kernel, tensors, {"parts": tuple(parts), "sep": sep, "end": end, "stream": stream,
                                               "summarize": summarize}, name="PrintV2")
    effect = core.Effect([(_PRINTED, node)])
    trace = tracing.current()
    if trace is not None:  # inside tf.function: runs with the function's other effects, in order
        trace.record_write(_PRINTED, effect, node)
        return None
    from .operations import Operation
    return Operation("PrintV2", "PrintV2", effect)
