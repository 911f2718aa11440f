"""The few protobuf wire-format rules checkpoints need (so no protobuf package is required):
varints, length-delimited and fixed-width fields, and reading a message's fields back."""
from __future__ import annotations

import struct
from typing import Iterator


def varint(value: int) -> bytes:
    """An unsigned varint; negative int64s become ten-byte varints, as protobuf encodes them."""
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number: int, payload: bytes) -> bytes:
    """A length-delimited field (strings, bytes, messages)."""
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def int_field(number: int, value: int) -> bytes:
    """A varint field (int32, int64, enums, bools)."""
    return varint(number << 3) + varint(value)


def fixed32_field(number: int, value: int) -> bytes:
    return varint(number << 3 | 5) + struct.pack("<I", value & 0xFFFFFFFF)


def read_varint(data: bytes, at: int) -> tuple[int, int]:
    """The varint at ``at`` and the position after it."""
    shift = value = 0
    while True:
        byte = data[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not byte & 0x80:
            return value, at


def fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """``(field number, value)`` pairs of one message: ints for varints, bytes for the rest."""
    at = 0
    while at < len(data):
        key, at = read_varint(data, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = read_varint(data, at)
        elif wire == 2:
            length, at = read_varint(data, at)
            value, at = data[at: at + length], at + length
            if len(value) != length:
                raise ValueError("truncated field")
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            value, at = data[at: at + width], at + width
        else:
            raise ValueError(f"unsupported wire type {wire}")
        yield number, value


def signed(value: int) -> int:
    """An int64 read back from its unsigned varint."""
    return value - (1 << 64) if value >= 1 << 63 else value


def packed(data: bytes) -> list[int]:
    """A packed repeated int64 field's values."""
    values, at = [], 0
    while at < len(data):
        value, at = read_varint(data, at)
        values.append(signed(value))
    return values
