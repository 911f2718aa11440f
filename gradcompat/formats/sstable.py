"""LevelDB's sorted string table, the layout of TensorFlow's checkpoint ``.index`` files.

A table is data blocks of sorted ``key -> value`` entries (keys prefix-compressed against
the previous one, with restart points), an index block mapping each data block's last key
to its place, an (empty) metaindex block, and a 48-byte footer ending in the table magic.
Every block carries a compression byte and a masked CRC-32C. Written uncompressed; read
uncompressed (TensorFlow writes its checkpoint indexes uncompressed too).
"""
from __future__ import annotations

import struct
from typing import Iterable, Iterator

from .crc32c import crc32c, mask
from .protobuf import read_varint, varint

MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48
_BLOCK_SIZE = 4096
_RESTART_INTERVAL = 16


class CorruptTable(ValueError):
    """The bytes are not a sorted string table (or fail their checksums)."""


def _block(entries: list[tuple[bytes, bytes]]) -> bytes:
    out, restarts, previous = bytearray(), [], b""
    for i, (key, value) in enumerate(entries):
        shared = 0
        if i % _RESTART_INTERVAL == 0:
            restarts.append(len(out))
        else:
            limit = min(len(key), len(previous))
            while shared < limit and key[shared] == previous[shared]:
                shared += 1
        out += varint(shared) + varint(len(key) - shared) + varint(len(value)) + key[shared:] + value
        previous = key
    for offset in restarts or [0]:
        out += struct.pack("<I", offset)
    out += struct.pack("<I", len(restarts or [0]))
    return bytes(out)


def _handle(offset: int, size: int) -> bytes:
    return varint(offset) + varint(size)


def write(entries: Iterable[tuple[bytes, bytes]]) -> bytes:
    """A table holding ``entries`` (sorted by key, as LevelDB requires: checked)."""
    out = bytearray()
    index: list[tuple[bytes, bytes]] = []

    def emit(block_entries: list[tuple[bytes, bytes]]) -> bytes:
        contents = _block(block_entries)
        handle = _handle(len(out), len(contents))
        out.extend(contents + b"\x00" + struct.pack("<I", mask(crc32c(contents + b"\x00"))))
        return handle

    pending: list[tuple[bytes, bytes]] = []
    size, previous = 0, None
    for key, value in entries:
        if previous is not None and key <= previous:
            raise ValueError(f"keys must be added in increasing order: {previous!r} then {key!r}")
        previous = key
        pending.append((key, value))
        size += len(key) + len(value) + 8
        if size >= _BLOCK_SIZE:
            index.append((pending[-1][0], emit(pending)))
            pending, size = [], 0
    if pending or not index:
        index.append((pending[-1][0] if pending else b"", emit(pending)))
    metaindex = emit([])
    index_handle = emit(index)
    footer = (metaindex + index_handle).ljust(FOOTER_SIZE - 8, b"\x00") + struct.pack("<Q", MAGIC)
    return bytes(out + footer)


def _entries(block: bytes) -> Iterator[tuple[bytes, bytes]]:
    count = struct.unpack_from("<I", block, len(block) - 4)[0]
    end = len(block) - 4 - 4 * count
    at, key = 0, b""
    while at < end:
        shared, at = read_varint(block, at)
        unshared, at = read_varint(block, at)
        size, at = read_varint(block, at)
        key = key[:shared] + block[at: at + unshared]
        at += unshared
        yield key, block[at: at + size]
        at += size


def _read_block(data: bytes, handle: bytes, at: int = 0) -> tuple[bytes, int]:
    offset, at = read_varint(handle, at)
    size, at = read_varint(handle, at)
    contents = data[offset: offset + size]
    trailer = data[offset + size: offset + size + 5]
    if len(contents) != size or len(trailer) != 5:
        raise CorruptTable("truncated block")
    if trailer[0] != 0:
        raise CorruptTable(f"compressed blocks (type {trailer[0]}) are not supported")
    if struct.unpack("<I", trailer[1:])[0] != mask(crc32c(contents + trailer[:1])):
        raise CorruptTable("block checksum mismatch")
    return contents, at


def read(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """The entries of a table, in key order."""
    if len(data) < FOOTER_SIZE or struct.unpack("<Q", data[-8:])[0] != MAGIC:
        raise CorruptTable("not a sorted string table (bad magic number)")
    footer = data[-FOOTER_SIZE:]
    _, at = read_varint(footer, 0)  # metaindex handle: offset,
    _, at = read_varint(footer, at)  # size
    index, _ = _read_block(data, footer, at)
    for _, handle in _entries(index):
        block, _ = _read_block(data, handle)
        yield from _entries(block)
