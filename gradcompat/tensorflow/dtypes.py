"""TensorFlow dtypes: ``tf.float32`` and friends, with TF's reprs and conversions."""
from __future__ import annotations

from typing import Any

import numpy as np


class DType:
    """A TF dtype: ``repr`` is ``tf.float32``, ``str`` is ``<dtype: 'float32'>`` (as in TF)."""

    def __init__(self, name: str, np_dtype, op_name: str):
        self.name = name
        self.as_numpy_dtype = np.dtype(np_dtype).type
        self._op_name = op_name  # the name TF's kernels use in errors ("float", "double")

    @property
    def np(self) -> np.dtype:
        return np.dtype(self.as_numpy_dtype)

    @property
    def is_floating(self) -> bool:
        return self.np.kind == "f"

    @property
    def is_integer(self) -> bool:
        return self.np.kind in "iu"

    @property
    def is_bool(self) -> bool:
        return self.np.kind == "b"

    @property
    def is_complex(self) -> bool:
        return self.np.kind == "c"

    @property
    def is_unsigned(self) -> bool:
        return self.np.kind == "u"

    @property
    def is_numeric(self) -> bool:
        return self.np.kind in "biufc"

    @property
    def base_dtype(self) -> "DType":
        return self

    def __repr__(self) -> str:
        return f"tf.{self.name}"

    def __str__(self) -> str:
        return f"<dtype: '{self.name}'>"

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, DType):
            return self.name == other.name
        try:
            return self.name == as_dtype(other).name
        except TypeError:
            return False

    def __hash__(self) -> int:
        return hash(self.name)


float16 = half = DType("float16", np.float16, "half")
float32 = DType("float32", np.float32, "float")
float64 = double = DType("float64", np.float64, "double")
int8 = DType("int8", np.int8, "int8")
int16 = DType("int16", np.int16, "int16")
int32 = DType("int32", np.int32, "int32")
int64 = DType("int64", np.int64, "int64")
uint8 = DType("uint8", np.uint8, "uint8")
uint16 = DType("uint16", np.uint16, "uint16")
uint32 = DType("uint32", np.uint32, "uint32")
uint64 = DType("uint64", np.uint64, "uint64")
bool = DType("bool", np.bool_, "bool")  # noqa: A001 - TF's name
complex64 = DType("complex64", np.complex64, "complex64")
complex128 = DType("complex128", np.complex128, "complex128")
string = DType("string", np.object_, "string")  # byte strings, held as numpy object arrays (eager only)

_ALL = {d.name: d for d in (float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                            bool, complex64, complex128, string)}


_BY_NUMPY = {np.dtype(d.np): d for d in _ALL.values() if d is not string}

# the other names TF's as_dtype accepts for these dtypes (TF 1.x code writes "float")
_ALIASES = {"half": float16, "float": float32, "double": float64}


def as_dtype(value: Any) -> DType:
    """``tf.as_dtype``: a DType from a DType, a numpy dtype or type, or a name.

    As in TF, ``"float"`` and Python ``float`` are float32 (``"double"`` float64, ``"half"``
    float16), and ``"int"`` / Python ``int`` are not dtypes (TF's TypeError).
    """
    if isinstance(value, DType):
        return value
    if isinstance(value, np.dtype):  # every eager op asks this of its result: one lookup
        found = _BY_NUMPY.get(value)
        if found is not None:
            return found
    if isinstance(value, str):
        found = _ALL.get(value) or _ALIASES.get(value)
        if found is not None:
            return found
    elif value is float:
        return float32
    elif value is not int and value is not complex:
        try:
            kind = np.dtype(value)
        except TypeError:
            kind = None
        if kind is not None and kind.kind in "OSU":
            return string
        if kind is not None and kind.name in _ALL:
            return _ALL[kind.name]
    raise TypeError(f"Cannot convert the argument `type_value`: {value!r} to a TensorFlow DType.")
