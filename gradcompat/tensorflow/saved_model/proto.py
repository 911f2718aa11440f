"""The pieces of TensorFlow's SavedModel protos that saving and loading need, written and read
with the wire-format helpers of ``gradcompat.formats.protobuf`` (no protobuf package): shapes,
dtypes, ``StructuredValue`` (nested structures of tensor specs and Python values), tensors,
``AttrValue`` s and the messages of ``saved_model.pb``."""
from __future__ import annotations

import struct
from typing import Any

import numpy as np

from ...formats.protobuf import field, fields, int_field, packed, read_varint, signed
from .. import dtypes as _dt

# DataType enum values (types.proto)
_ENUM = {"float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6, "string": 7, "complex64": 8,
         "int64": 9, "bool": 10, "bfloat16": 14, "uint16": 17, "complex128": 18, "float16": 19, "resource": 20,
         "variant": 21, "uint32": 22, "uint64": 23}
_NAME = {v: k for k, v in _ENUM.items()}


def dtype_enum(dtype) -> int:
    return _ENUM[_dt.as_dtype(dtype).name]


def dtype_from_enum(code: int):
    name = _NAME.get(code)
    if name is None:
        raise NotImplementedError(f"SavedModel dtype enum {code} is not supported")
    return name if name in ("resource", "variant") else _dt.as_dtype(name)


def shape(dims) -> bytes:
    """A ``TensorShapeProto``: -1 for an unknown dim, ``unknown_rank`` for None."""
    if dims is None:
        return int_field(3, 1)
    return b"".join(field(2, int_field(1, -1 if d is None else d) if d != 0 else b"") for d in dims)


def read_shape(data: bytes):
    dims = []
    for number, value in fields(data):
        if number == 3 and value:
            return None
        if number == 2:
            size = signed(dict(fields(value)).get(1, 0))
            dims.append(None if size < 0 else size)
    return dims


def message_list(data: bytes, number: int) -> list:
    return [v for n, v in fields(data) if n == number]


def first(data: bytes, number: int, default=None):
    for n, v in fields(data):
        if n == number:
            return v
    return default


def repeated_ints(data: bytes, number: int) -> list[int]:
    """A repeated integer field, packed (proto3's default) or not."""
    out: list[int] = []
    for n, v in fields(data):
        if n == number:
            out.extend(packed(v) if isinstance(v, bytes) else [signed(v)])
    return out


def map_entries(data: bytes, number: int) -> dict[str, bytes]:
    """A ``map<string, message>`` field as a dict."""
    out = {}
    for entry in message_list(data, number):
        items = dict(fields(entry))
        out[items.get(1, b"").decode()] = items.get(2, b"")
    return out


def map_field(number: int, items: dict[str, bytes]) -> bytes:
    return b"".join(field(number, field(1, k.encode()) + field(2, v)) for k, v in items.items())


# -- StructuredValue ---------------------------------------------------------------------------

class Spec:
    """A tensor spec read back from a ``StructuredValue`` (shape dims, dtype, name)."""

    def __init__(self, dims, dtype, name: str):
        self.dims, self.dtype, self.name = dims, dtype, name


def tensor_spec(dims, dtype, name: str | None) -> bytes:
    return field(33, field(1, (name or "").encode()) + field(2, shape(dims)) + int_field(3, dtype_enum(dtype)))


def structured(value: Any, leaf) -> bytes:
    """``value`` as a ``StructuredValue``; ``leaf(x)`` encodes a tensor-like leaf (or returns None)."""
    encoded = leaf(value)
    if encoded is not None:
        return encoded
    if value is None:
        return field(1, b"")
    if isinstance(value, bool):
        return int_field(14, int(value))
    if isinstance(value, int):
        return int_field(12, (value << 1) ^ (value >> 63))  # sint64 (zigzag)
    if isinstance(value, float):
        return varint_key(11, 1) + struct.pack("<d", value)
    if isinstance(value, str):
        return field(13, value.encode())
    if isinstance(value, dict):
        return field(53, b"".join(field(1, field(1, str(k).encode()) + field(2, structured(v, leaf)))
                                  for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))))
    if isinstance(value, tuple):
        return field(52, b"".join(field(1, structured(v, leaf)) for v in value))
    if isinstance(value, list):
        return field(51, b"".join(field(1, structured(v, leaf)) for v in value))
    raise ValueError(f"Failed to encode a {type(value).__name__} in a SavedModel function signature")


def varint_key(number: int, wire: int) -> bytes:
    from ...formats.protobuf import varint
    return varint(number << 3 | wire)


def read_structured(data: bytes) -> Any:
    """A ``StructuredValue`` back as Python: tuples, lists, dicts, ``Spec`` leaves, scalars."""
    for number, value in fields(data):
        if number == 1:
            return None
        if number == 11:
            return struct.unpack("<d", value)[0]
        if number == 12:
            return (value >> 1) ^ -(value & 1)
        if number == 13:
            return value.decode()
        if number == 14:
            return bool(value)
        if number == 33:
            items = dict(fields(value))
            return Spec(read_shape(items.get(2, b"")), dtype_from_enum(items.get(3, 1)), items.get(1, b"").decode())
        if number in (51, 52):
            items = [read_structured(v) for n, v in fields(value) if n == 1]
            return tuple(items) if number == 52 else items
        if number == 53:
            return {k: read_structured(v) for k, v in map_entries(value, 1).items()}
        if number == 54:
            return {dict(fields(p)).get(1, b"").decode(): read_structured(dict(fields(p)).get(2, b""))
                    for n, p in fields(value) if n == 2}
        raise NotImplementedError(f"StructuredValue field {number} in a SavedModel is not supported")
    return None


# -- tensors and attributes --------------------------------------------------------------------

def tensor_proto(array: np.ndarray, dtype) -> bytes:
    """A ``TensorProto`` with its bytes in ``tensor_content``."""
    array = np.asarray(array)
    return (int_field(1, dtype_enum(dtype)) + field(2, shape(array.shape))
            + field(4, np.ascontiguousarray(array.astype(array.dtype.newbyteorder("<"))).tobytes()))


def read_tensor(data: bytes) -> np.ndarray:
    """A ``TensorProto``'s value (content bytes, or the typed value fields, broadcast as TF does)."""
    items: dict[int, list] = {}
    for number, value in fields(data):
        items.setdefault(number, []).append(value)
    dtype = dtype_from_enum(items.get(1, [1])[0])
    dims = read_shape(items.get(2, [b""])[0]) or []
    if dtype == "resource" or dtype == "variant":
        raise NotImplementedError("resource / variant constants in a SavedModel are not supported")
    np_dtype = np.dtype(dtype.np) if dtype.name != "string" else object
    count = int(np.prod(dims)) if dims else 1
    if 4 in items:
        return np.frombuffer(items[4][0], dtype=np.dtype(np_dtype).newbyteorder("<")).astype(np_dtype).reshape(dims)
    if dtype.name == "string":
        values = items.get(8, [])
        array = np.array(values if values else [b""], dtype=object)
    elif 5 in items:  # float_val (packed or not)
        array = np.concatenate([np.frombuffer(v, "<f4") if isinstance(v, bytes) else np.array([v]) for v in items[5]])
    elif 6 in items:
        array = np.concatenate([np.frombuffer(v, "<f8") for v in items[6]])
    elif 7 in items or 10 in items or 11 in items or 13 in items:
        number = 7 if 7 in items else 10 if 10 in items else 11 if 11 in items else 13
        values = []
        for v in items[number]:
            values.extend(packed(v) if isinstance(v, bytes) else [signed(v)])
        array = np.array(values)
        if number == 13:
            array = array.astype(np.uint16).view(np.float16)
    else:
        array = np.zeros(1, np_dtype)
    array = array.astype(np_dtype)
    if array.size == count:
        return array.reshape(dims)
    return np.broadcast_to(array[-1:] if array.size else np.zeros(1, np_dtype), (count,)).reshape(dims).copy()


def read_attr(data: bytes) -> Any:
    """An ``AttrValue`` as Python (a list's items as a list)."""
    for number, value in fields(data):
        if number == 1:
            out: list = []
            for n, v in fields(value):
                if n == 3 and isinstance(v, bytes):
                    out.extend(packed(v))
                elif n == 6 and isinstance(v, bytes):
                    out.extend(dtype_from_enum(x) for x in packed(v))
                else:
                    out.append(_attr_value(n, v))
            return out
        return _attr_value(number, value)
    return None


def _attr_value(number: int, value):
    if number == 2:
        return value
    if number == 3:
        return signed(value)
    if number == 4:
        return struct.unpack("<f", value)[0]
    if number == 5:
        return bool(value)
    if number == 6:
        return dtype_from_enum(value)
    if number == 7:
        return read_shape(value)
    if number == 8:
        return read_tensor(value)
    if number == 10:
        return dict(fields(value)).get(1, b"").decode()  # a function's name
    return value


__all__ = ["Spec", "dtype_enum", "dtype_from_enum", "field", "fields", "first", "int_field", "map_entries",
           "map_field", "message_list", "read_attr", "read_shape", "read_structured", "read_tensor", "read_varint",
           "shape", "structured", "tensor_proto", "tensor_spec"]
