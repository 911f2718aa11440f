"""MindSpore's dtype objects (``from mindspore import dtype as mstype``).

Reproduces MindSpore 2.x: ``repr(mstype.float32) == 'mindspore.float32'``,
``str(mstype.float32) == 'Float32'``, aliases (``float``/``single`` are float32,
``int`` is int32, ``half`` float16, ``double`` float64) and the conversions
``dtype_to_nptype`` / ``pytype_to_dtype``.
"""
from __future__ import annotations

import builtins

import numpy as np


class Type:
    """One MindSpore dtype; compares equal by name, hashable, printable as MindSpore does."""

    __slots__ = ("_name", "_np")

    def __init__(self, name: str, np_dtype) -> None:
        self._name = name
        self._np = np.dtype(np_dtype) if np_dtype is not None else None

    def __repr__(self) -> str:
        return "mindspore." + self._name.lower()

    def __str__(self) -> str:
        return self._name

    def __eq__(self, other) -> bool:
        return isinstance(other, Type) and other._name == self._name

    def __hash__(self) -> int:
        return hash(self._name)

    @property
    def np_dtype(self) -> np.dtype:
        if self._np is None:
            raise TypeError(f"The dtype {self._name} has no numpy equivalent")
        return self._np


bool_ = Type("Bool", np.bool_)
int8 = Type("Int8", np.int8)
int16 = Type("Int16", np.int16)
int32 = Type("Int32", np.int32)
int64 = Type("Int64", np.int64)
uint8 = Type("UInt8", np.uint8)
uint16 = Type("UInt16", np.uint16)
uint32 = Type("UInt32", np.uint32)
uint64 = Type("UInt64", np.uint64)
float16 = Type("Float16", np.float16)
float32 = Type("Float32", np.float32)
float64 = Type("Float64", np.float64)
complex64 = Type("Complex64", np.complex64)
complex128 = Type("Complex128", np.complex128)
int_ = Type("Int", None)
float_ = Type("Float", None)
half, single, double = float16, float32, float64
float = float32  # noqa: A001 - MindSpore's own alias
int = int32  # noqa: A001 - MindSpore's own alias

_BY_NUMPY = {t.np_dtype: t for t in (bool_, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                                      float16, float32, float64, complex64, complex128)}


def from_numpy(np_dtype) -> Type:
    """The MindSpore dtype of a numpy dtype."""
    try:
        return _BY_NUMPY[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(f"Unsupported numpy dtype {np_dtype}") from None


def to_numpy(dtype) -> np.dtype:
    """A numpy dtype from a MindSpore dtype (or anything numpy understands)."""
    if isinstance(dtype, Type):
        return dtype.np_dtype
    return np.dtype(dtype)


def dtype_to_nptype(type_: Type):
    """``mstype.dtype_to_nptype(mstype.float32)`` is ``numpy.float32``, as in MindSpore."""
    return type_.np_dtype.type


def pytype_to_dtype(obj) -> Type:
    """MindSpore's mapping of python types: float -> Float64, int -> Int64, bool -> Bool."""
    if isinstance(obj, Type):
        return obj
    if obj is builtins.bool:
        return bool_
    if obj is builtins.int:
        return int64
    if obj is builtins.float:
        return float64
    return from_numpy(obj)


def is_float(dtype: Type) -> bool:
    return dtype.np_dtype.kind == "f"


__all__ = ["Type", "bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64", "complex64", "complex128", "int_", "float_", "half",
           "single", "double", "dtype_to_nptype", "pytype_to_dtype"]
