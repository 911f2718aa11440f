"""torch dtypes and torch's type promotion rules.

``torch.float32`` etc. are ``dtype`` objects printing as torch prints them. Promotion
follows ATen's ``result_type``: operands are grouped into dimensioned tensors, zero-dim
tensors and python scalars ("wrapped numbers"); a lower group only wins when it is of a
higher category (bool < integer < floating), and python floats/ints/bools take the
default dtypes float32 / int64 / bool.
"""
from __future__ import annotations

import ml_dtypes
import numpy as np


class dtype:
    """A torch dtype: ``repr`` is ``torch.float32``; ``is_floating_point`` as in torch."""

    __slots__ = ("name", "np", "np_name", "category", "itemsize", "static")

    def __init__(self, name: str, np_dtype, category: int):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.np_name = self.np.name  # kernels' static dtype attribute (numpy's .name is slow to ask)
        self.category = category  # 0 bool, 1 integer, 2 floating
        self.itemsize = self.np.itemsize
        self.static = (("dtype", self.np_name),)  # a kernel's frozen ``dtype`` attribute, made once

    @property
    def is_floating_point(self) -> bool:
        return self.category == 2

    @property
    def is_complex(self) -> bool:
        return False

    @property
    def is_signed(self) -> bool:
        return self.name not in ("bool", "uint8")

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    __str__ = __repr__

    def __reduce__(self):
        return (_by_name, (self.name,))


def _by_name(name: str) -> dtype:
    return _BY_NAME[name]


bool_ = dtype("bool", np.bool_, 0)
uint8 = dtype("uint8", np.uint8, 1)
int8 = dtype("int8", np.int8, 1)
int16 = dtype("int16", np.int16, 1)
int32 = dtype("int32", np.int32, 1)
int64 = dtype("int64", np.int64, 1)
float16 = dtype("float16", np.float16, 2)
bfloat16 = dtype("bfloat16", ml_dtypes.bfloat16, 2)
float32 = dtype("float32", np.float32, 2)
float64 = dtype("float64", np.float64, 2)

_ALL = (bool_, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64)
_BY_NAME = {d.name: d for d in _ALL}
_BY_NP = {d.np: d for d in _ALL}

# torch's default dtypes for python scalars and for int -> float results
default_float = float32
default_int = int64
# the short names torch's errors use ("float != double", "Got: Long")
SCALAR_TYPE_NAMES = {"bool": "Bool", "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int",
                     "int64": "Long", "float16": "Half", "bfloat16": "BFloat16", "float32": "Float",
                     "float64": "Double"}
C_TYPE_NAMES = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char", "int16": "short",
                "int32": "int", "int64": "long int", "float16": "c10::Half", "bfloat16": "c10::BFloat16",
                "float32": "float",
                "float64": "double"}


def from_numpy(np_dtype) -> dtype:
    """The torch dtype of a numpy / JAX dtype (TypeError if torch has no such dtype here)."""
    if isinstance(np_dtype, np.dtype):  # as arrays' dtypes are: no conversion
        found = _BY_NP.get(np_dtype)
        if found is not None:
            return found
    try:
        return _BY_NP[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(f"gradcompat.torch does not support dtype {np_dtype}") from None


def to_dtype(d) -> dtype:
    """Accept a torch dtype (or a numpy dtype / name) and return the torch dtype."""
    if isinstance(d, dtype):
        return d
    if d is float:
        return float64
    if d is int:
        return int64
    if d is bool:
        return bool_
    return from_numpy(d)


def promote_types(a: dtype, b: dtype) -> dtype:
    """``torch.promote_types``: the smallest dtype both ``a`` and ``b`` convert to safely."""
    if a is b:
        return a
    if a.category != b.category:
        hi, lo = (a, b) if a.category > b.category else (b, a)
        return hi
    if a.category == 2:
        if {a.name, b.name} == {"float16", "bfloat16"}:
            return float32
        return a if a.itemsize >= b.itemsize else b
    if a.category == 1:
        if {a.name, b.name} == {"uint8", "int8"}:
            return int16
        if a is uint8:
            return b
        if b is uint8:
            return a
        return a if a.itemsize >= b.itemsize else b
    return a


def scalar_dtype(value) -> dtype:
    """The dtype torch gives a python scalar wrapped as a tensor (bool, int64, float32)."""
    if isinstance(value, (bool, np.bool_)):
        return bool_
    if isinstance(value, (int, np.integer)):
        return default_int
    if isinstance(value, (float, np.floating)):
        return default_float
    raise TypeError(f"unsupported scalar type {type(value).__name__}")


def _combine(higher: dtype | None, lower: dtype | None) -> dtype | None:
    # ATen combine_categories: a lower-priority group only counts if it is of a higher category.
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.is_floating_point:
        return higher
    if higher is bool_ or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher


def result_type(*operands: tuple[dtype, int | None]) -> dtype:
    """``torch.result_type`` for operands given as (dtype, ndim); ndim None = python scalar."""
    dim = zero = wrapped = None
    for d, ndim in operands:
        if ndim is None:
            d = {0: bool_, 1: default_int, 2: default_float}[d.category]
            wrapped = d if wrapped is None else promote_types(wrapped, d)
        elif ndim == 0:
            zero = d if zero is None else promote_types(zero, d)
        else:
            dim = d if dim is None else promote_types(dim, d)
    return _combine(dim, _combine(zero, wrapped))


# torch.device lives with the device mapping; re-exported here, where pickles and callers found it
from .devices import cpu, device  # noqa: E402,F401

