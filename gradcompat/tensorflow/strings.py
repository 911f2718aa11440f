"""``tf.strings`` basics on string tensors (numpy object arrays of bytes, eager only):
``join``, ``length``, ``upper``, ``lower``, ``strip``, ``reduce_join``, ``as_string``,
``to_number``, ``regex_replace``, ``substr``."""
from __future__ import annotations

import re

import numpy as np

from . import dtypes as _dt
from .tensor import Tensor, constant, convert_to_tensor


def _strings(value) -> np.ndarray:
    tensor = value if isinstance(value, Tensor) else constant(value)
    if tensor.dtype != _dt.string:
        raise TypeError(f"Input must be a string tensor, got {tensor.dtype.name}")
    return np.asarray(tensor.numpy(), dtype=object)


def _tensor(array: np.ndarray, dtype=_dt.string) -> Tensor:
    return constant(array if dtype == _dt.string else np.asarray(array, dtype=dtype.np), dtype=dtype)


def _map(fn, value) -> Tensor:
    array = _strings(value)
    out = np.empty(array.shape, dtype=object)
    out.flat[:] = [fn(v) for v in array.flat] if array.size else []
    return _tensor(out)


def join(inputs, separator: str = "", name: str | None = None) -> Tensor:
    """``tf.strings.join``: elementwise concatenation (scalars broadcast)."""
    arrays = np.broadcast_arrays(*[_strings(i) for i in inputs])
    sep = separator.encode()
    out = np.empty(arrays[0].shape, dtype=object)
    out.flat[:] = [sep.join(parts) for parts in zip(*[a.flat for a in arrays])] if arrays[0].size else []
    return _tensor(out)


def reduce_join(inputs, axis=None, keepdims: bool = False, separator: str = "", name: str | None = None) -> Tensor:
    """``tf.strings.reduce_join``: join along ``axis`` (all axes by default)."""
    array = _strings(inputs)
    sep = separator.encode()
    if axis is None:
        return _tensor(np.array(sep.join(array.flat), dtype=object))
    out = np.apply_along_axis(lambda row: sep.join(row), axis, array) if array.size else array
    out = np.asarray(out, dtype=object)
    return _tensor(np.expand_dims(out, axis) if keepdims else out)


def length(input, name: str | None = None, unit: str = "BYTE") -> Tensor:  # noqa: A002 - TF's name
    """``tf.strings.length`` in bytes, or in characters with ``unit="UTF8_CHAR"``."""
    array = _strings(input)
    count = (lambda v: len(v.decode())) if unit == "UTF8_CHAR" else len
    return _tensor(np.vectorize(count, otypes=[np.int32])(array) if array.size else np.zeros(array.shape, np.int32),
                   _dt.int32)


def upper(input, encoding: str = "", name: str | None = None) -> Tensor:  # noqa: A002
    return _map(bytes.upper, input)


def lower(input, encoding: str = "", name: str | None = None) -> Tensor:  # noqa: A002
    return _map(bytes.lower, input)


def strip(input, name: str | None = None) -> Tensor:  # noqa: A002
    return _map(bytes.strip, input)


def regex_replace(input, pattern: str, rewrite: str, replace_global: bool = True,  # noqa: A002
                  name: str | None = None) -> Tensor:
    """``tf.strings.regex_replace`` (Python's re; RE2 syntax differs in rare corners)."""
    compiled = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
    replacement = re.sub(r"\\(\d)", r"\\g<\1>", rewrite).encode()
    return _map(lambda v: compiled.sub(replacement, v, count=0 if replace_global else 1), input)


def substr(input, pos: int, len: int, unit: str = "BYTE", name: str | None = None) -> Tensor:  # noqa: A002
    return _map(lambda v: v[pos: pos + len], input)


def as_string(input, precision: int = -1, scientific: bool = False, shortest: bool = False,  # noqa: A002
              width: int = -1, fill: str = "", name: str | None = None) -> Tensor:
    """``tf.strings.as_string``: floats with six decimals by default, as TF formats them."""
    tensor = convert_to_tensor(input)
    values = np.asarray(tensor.numpy())
    if tensor.dtype.is_floating:
        spec = f"{'e' if scientific else 'g' if shortest else 'f'}"
        fmt = "{:" + (fill or "") + (str(width) if width > 0 else "") + \
              (f".{precision}" if precision >= 0 else ".6" if not shortest else "") + spec + "}"
    else:
        fmt = "{:" + (fill or "") + (str(width) if width > 0 else "") + "}"
    out = np.empty(values.shape, dtype=object)
    out.flat[:] = [fmt.format(v.item() if hasattr(v, "item") else v).encode() for v in values.flat] if values.size else []
    return _tensor(out)


def to_number(string_tensor, out_type=_dt.float32, name: str | None = None) -> Tensor:
    """``tf.strings.to_number``: float32 by default."""
    array = _strings(string_tensor)
    target = _dt.as_dtype(out_type)
    convert = float if target.is_floating else int
    values = [convert(v.decode()) for v in array.flat]
    return constant(np.array(values, dtype=target.np).reshape(array.shape), dtype=target)


def format(template: str, inputs, placeholder: str = "{}", summarize: int = 3,  # noqa: A001 - TF's name
           name: str | None = None) -> Tensor:
    """``tf.strings.format``: tensors printed as ``tf.print`` prints them."""
    from .printing import tensor_text
    parts = template.split(placeholder)
    items = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
    if len(parts) - 1 != len(items):
        raise ValueError(f"{len(parts) - 1} placeholder(s) in template does not match {len(items)} tensor(s) "
                         "provided as input")
    text = parts[0] + "".join(tensor_text(item) + rest for item, rest in zip(items, parts[1:]))
    return constant(text)


__all__ = ["as_string", "format", "join", "length", "lower", "reduce_join", "regex_replace", "strip", "substr",
           "to_number", "upper"]
