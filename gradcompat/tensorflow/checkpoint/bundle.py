"""TensorFlow's tensor bundle: ``<prefix>.index`` (a sorted table: a header, then one
``BundleEntryProto`` per tensor name) and ``<prefix>.data-00000-of-00001`` (the tensors'
bytes, little-endian, each checksummed with a masked CRC-32C). Files written here are read
by real TensorFlow and the other way round; one shard, no partitioned (sliced) variables."""
from __future__ import annotations

import os
import struct

import numpy as np

from ...formats import sstable
from ...formats.crc32c import crc32c, mask
from ...formats.protobuf import field, fields, fixed32_field, int_field, read_varint, varint

_DTYPES = {np.dtype(np.float32): 1, np.dtype(np.float64): 2, np.dtype(np.int32): 3, np.dtype(np.uint8): 4,
           np.dtype(np.int16): 5, np.dtype(np.int8): 6, np.dtype(np.complex64): 8, np.dtype(np.int64): 9,
           np.dtype(np.bool_): 10, np.dtype(np.uint16): 17, np.dtype(np.complex128): 18,
           np.dtype(np.float16): 19, np.dtype(np.uint32): 22, np.dtype(np.uint64): 23}
_NUMPY = {code: dtype for dtype, code in _DTYPES.items()}
_STRING = 7
_BFLOAT16 = 14


def data_path(prefix: str) -> str:
    return f"{prefix}.data-00000-of-00001"


def index_path(prefix: str) -> str:
    return f"{prefix}.index"


def _shape(dims: tuple[int, ...]) -> bytes:
    return field(2, b"".join(field(2, int_field(1, d) if d else b"") for d in dims))


def _string_bytes(value: bytes) -> tuple[bytes, int]:
    """A scalar string tensor's stored bytes and entry CRC (TF checksums the lengths as uint32)."""
    length_crc = struct.pack("<I", mask(crc32c(struct.pack("<I", len(value)))))
    stored = varint(len(value)) + length_crc + value
    return stored, mask(crc32c(value, crc32c(length_crc, crc32c(struct.pack("<I", len(value))))))


def write(prefix: str, tensors: dict[str, np.ndarray | bytes]) -> None:
    """Write ``tensors`` (arrays, or ``bytes`` for a scalar string) as the bundle ``prefix``."""
    directory = os.path.dirname(prefix)
    if directory:
        os.makedirs(directory, exist_ok=True)
    entries, offset = [], 0
    header = int_field(1, 1) + field(3, int_field(1, 1))  # one shard; version {producer: 1}
    with open(data_path(prefix) + ".tmp", "wb") as data:
        for name in sorted(tensors):
            value = tensors[name]
            if isinstance(value, bytes):
                stored, crc = _string_bytes(value)
                entry = int_field(1, _STRING) + field(2, b"")
            else:
                array = np.asarray(value)  # (ascontiguousarray would make a scalar 1-d)
                if array.dtype not in _DTYPES:
                    raise TypeError(f"cannot save a tensor of dtype {array.dtype} in a TensorFlow checkpoint")
                stored = np.ascontiguousarray(array.astype(array.dtype.newbyteorder("<"), copy=False)).tobytes()
                crc = mask(crc32c(stored))
                entry = int_field(1, _DTYPES[array.dtype]) + _shape(array.shape)
            if offset:
                entry += int_field(4, offset)
            entry += int_field(5, len(stored)) + fixed32_field(6, crc)
            data.write(stored)
            offset += len(stored)
            entries.append((name.encode(), entry))
    table = sstable.write([(b"", header), *entries])
    with open(index_path(prefix) + ".tmp", "wb") as index:
        index.write(table)
    os.replace(data_path(prefix) + ".tmp", data_path(prefix))
    os.replace(index_path(prefix) + ".tmp", index_path(prefix))


def exists(prefix: str) -> bool:
    return os.path.exists(index_path(prefix))


def read(prefix: str) -> dict[str, np.ndarray | bytes]:
    """Every tensor of the bundle ``prefix`` (scalar strings as bytes)."""
    with open(index_path(prefix), "rb") as f:
        table = f.read()
    with open(data_path(prefix), "rb") as f:
        data = f.read()
    out: dict[str, np.ndarray | bytes] = {}
    for key, value in sstable.read(table):
        if not key:
            continue
        entry = dict.fromkeys((1, 4, 5), 0)
        dims: list[int] = []
        for number, item in fields(value):
            if number == 2:
                dims = [dict(fields(d)).get(1, 0) for n, d in fields(item) if n == 2]
            elif number == 7:
                raise NotImplementedError("partitioned (sliced) variables in a checkpoint are not supported")
            else:
                entry[number] = item
        stored = data[entry[4]: entry[4] + entry[5]]
        if entry[1] == _STRING:
            out[key.decode()] = _read_strings(stored, dims)
        elif entry[1] in _NUMPY:
            array = np.frombuffer(stored, dtype=_NUMPY[entry[1]].newbyteorder("<")).reshape(dims)
            out[key.decode()] = array.astype(_NUMPY[entry[1]])
        else:
            raise NotImplementedError(f"checkpoint dtype enum {entry[1]} is not supported")
    return out


def _read_strings(stored: bytes, dims: list[int]):
    count = int(np.prod(dims)) if dims else 1
    lengths, at = [], 0
    for _ in range(count):
        length, at = read_varint(stored, at)
        lengths.append(length)
    at += 4  # the lengths' checksum
    values = []
    for length in lengths:
        values.append(stored[at: at + length])
        at += length
    return values[0] if not dims else np.array(values, dtype=object).reshape(dims)
