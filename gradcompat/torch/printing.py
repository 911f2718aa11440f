"""Tensor printing exactly as torch 2.13 prints: a port of torch/_tensor_str.py.

Covers the default print options (precision 4, threshold 1000, edgeitems 3, linewidth
80): int_mode floats (``12.``), fixed and scientific notation, multi-dim layout with
summarization, and the suffixes (``dtype=`` for non-default dtypes, ``requires_grad=True``,
``grad_fn=<MulBackward0>``).
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from . import dtypes


@dataclasses.dataclass
class PrinterOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


PRINT_OPTS = PrinterOptions()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None,
                     sci_mode=None) -> None:
    """``torch.set_printoptions``."""
    if profile == "default":
        PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = 4, 1000, 3, 80
    elif profile == "short":
        PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = 2, 1000, 2, 80
    elif profile == "full":
        PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = 4, math.inf, 3, 80
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    PRINT_OPTS.sci_mode = sci_mode


class _Formatter:
    def __init__(self, values: np.ndarray, floating: bool):
        self.floating_dtype = floating
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        flat = values.reshape(-1)
        if not floating:
            for value in flat.tolist():
                self.max_width = max(self.max_width, len(f"{value}"))
            return
        nonzero = flat[np.isfinite(flat) & (flat != 0)]
        if nonzero.size == 0:
            return
        absolute = np.abs(nonzero).astype(np.float64)
        lo, hi = absolute.min(), absolute.max()
        self.int_mode = bool(np.all(nonzero == np.ceil(nonzero)))
        p = PRINT_OPTS.precision
        self.sci_mode = (hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4) if PRINT_OPTS.sci_mode is None \
            else PRINT_OPTS.sci_mode
        items = nonzero.astype(np.float64).tolist()
        if self.sci_mode:
            widths = [len(f"{{:.{p}e}}".format(v)) for v in items]
        elif self.int_mode:
            widths = [len(f"{v:.0f}") + 1 for v in items]
        else:
            widths = [len(f"{{:.{p}f}}".format(v)) for v in items]
        self.max_width = max([self.max_width, *widths])

    def width(self) -> int:
        return self.max_width

    def format(self, value) -> str:
        p = PRINT_OPTS.precision
        if self.floating_dtype:
            if self.sci_mode:
                ret = f"{{:{self.max_width}.{p}e}}".format(value)
            elif self.int_mode:
                ret = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = f"{{:.{p}f}}".format(value)
        else:
            ret = f"{value}"
        return (self.max_width - len(ret)) * " " + ret


def _vector_str(values: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    element_length = fmt.width() + 2
    per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / element_length))
    e = PRINT_OPTS.edgeitems
    if summarize and not e:
        data = ["..."]
    elif summarize and values.shape[0] > 2 * e:
        data = ([fmt.format(v) for v in values[:e].tolist()] + [" ..."]
                + [fmt.format(v) for v in values[-e:].tolist()])
    else:
        data = [fmt.format(v) for v in values.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + ("," + "\n" + " " * (indent + 1)).join(lines) + "]"


def _tensor_str_with_formatter(values: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    dim = values.ndim
    if dim == 0:
        return fmt.format(values.item())
    if dim == 1:
        return _vector_str(values, indent, summarize, fmt)
    e = PRINT_OPTS.edgeitems
    if summarize and values.shape[0] > 2 * e:
        slices = ([_tensor_str_with_formatter(values[i], indent + 1, summarize, fmt) for i in range(e)]
                  + ["..."]
                  + [_tensor_str_with_formatter(values[i], indent + 1, summarize, fmt)
                     for i in range(len(values) - e, len(values))])
    else:
        slices = [_tensor_str_with_formatter(values[i], indent + 1, summarize, fmt)
                  for i in range(values.shape[0])]
    return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices) + "]"


def _summarized(values: np.ndarray) -> np.ndarray:
    e = PRINT_OPTS.edgeitems
    if values.ndim == 0:
        return values
    if values.ndim == 1:
        return np.concatenate([values[:e], values[-e:]]) if values.shape[0] > 2 * e else values
    if not e:
        return values.reshape([0] * values.ndim)
    rows = (list(range(e)) + list(range(len(values) - e, len(values)))) if values.shape[0] > 2 * e \
        else range(len(values))
    return np.stack([_summarized(values[i]) for i in rows])


def tensor_str(values: np.ndarray, floating: bool, indent: int) -> str:
    """The bracketed body of a tensor's repr."""
    if values.size == 0:
        return "[]"
    summarize = values.size > PRINT_OPTS.threshold
    fmt = _Formatter(_summarized(values) if summarize else values, floating)
    return _tensor_str_with_formatter(values, indent, summarize, fmt)


def _add_suffixes(text: str, suffixes: list[str], indent: int) -> str:
    parts = [text]
    last_line_len = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line_len + len(suffix) + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line_len += len(suffix) + 2
    parts.append(")")
    return "".join(parts)


def format_tensor(values: np.ndarray, dtype: dtypes.dtype, requires_grad: bool = False,
                  grad_fn_name: str | None = None, prefix: str = "tensor(", tangent: str | None = None) -> str:
    """torch's ``repr`` of a tensor with these values, dtype and autograd state."""
    indent = len(prefix)
    suffixes = []
    has_default_dtype = dtype in (dtypes.default_float, dtypes.int64, dtypes.bool_)
    if values.size == 0:
        if values.ndim != 1:
            suffixes.append(f"size={tuple(values.shape)}")
        if dtype is not dtypes.default_float:
            suffixes.append(f"dtype={dtype}")
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append(f"size={tuple(values.shape)}")
        if not has_default_dtype:
            suffixes.append(f"dtype={dtype}")
        body = tensor_str(values, dtype.is_floating_point, indent)
    if grad_fn_name is not None:
        suffixes.append(f"grad_fn=<{grad_fn_name}>")
    elif requires_grad:
        suffixes.append("requires_grad=True")
    if tangent is not None:  # a dual tensor of forward-mode AD
        suffixes.append(f"tangent={tangent}")
    return _add_suffixes(prefix + body, suffixes, indent)


def tensor_repr(t) -> str:
    """``repr(tensor)`` / ``str(tensor)`` for a gradcompat torch Tensor."""
    try:
        values = np.asarray(t._value)
        grad_fn = t.grad_fn
        # torch's repr drops the C++ namespace of a name such as torch::autograd::CopySlices
        name = None if grad_fn is None else grad_fn.name().rsplit("::", 1)[-1]
        dtype, requires_grad = t.dtype, t.requires_grad
        from .autograd import forward_ad
        tangent = forward_ad.tangent_of(t)
    except RuntimeError as e:  # a no_grad / inference view whose base changed: torch prints grad_fn=<Invalid>
        if t._view is None or "A view was created in" not in str(e):
            raise
        index, _ = t._view.index()
        values, name = np.asarray(t._view.base._value).reshape(-1)[index], "Invalid"
        dtype, requires_grad, tangent = t._view.base.dtype, True, None
    if values.dtype.kind == "f" and values.dtype != np.float64:
        values = values.astype(np.float64)
    return format_tensor(values, dtype, requires_grad, name,
                         tangent=None if tangent is None else tensor_repr(tangent))
