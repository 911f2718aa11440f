"""CRC-32C (Castagnoli), as LevelDB and TensorFlow's checkpoints checksum their blocks and
tensors, with LevelDB's masking. No C extension is needed: long inputs are cut into
chunks whose CRCs numpy computes side by side, then combined (CRC is linear over GF(2)),
so a checkpoint of hundreds of megabytes is checksummed at numpy speed."""
from __future__ import annotations

import functools

import numpy as np

_POLY = 0x82F63B78  # reflected Castagnoli polynomial
_CHUNK = 4096
_MASK_DELTA = 0xA282EAD8


@functools.lru_cache(maxsize=1)
def _table() -> np.ndarray:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(_POLY), table >> 1).astype(np.uint32)
    return table


def _raw(register: int, data: bytes) -> int:
    """The CRC register after feeding ``data`` from ``register`` (no pre/post inversion)."""
    table = _table()
    for byte in data:
        register = int(table[(register ^ byte) & 0xFF]) ^ (register >> 8)
    return register


@functools.lru_cache(maxsize=1)
def _zeros_operator() -> tuple[np.ndarray, ...]:
    """The register after ``_CHUNK`` zero bytes, as a linear map: four byte-indexed tables."""
    columns = [_raw(1 << bit, bytes(_CHUNK)) for bit in range(32)]
    tables = []
    for shift in range(0, 32, 8):
        values = np.zeros(256, dtype=np.uint32)
        for byte in range(256):
            out = 0
            for bit in range(8):
                if byte >> bit & 1:
                    out ^= columns[shift + bit]
            values[byte] = out
        tables.append(values)
    return tuple(tables)


def _chunk_registers(chunks: np.ndarray) -> np.ndarray:
    """Each row's CRC register from 0, all rows at once (one numpy step per byte column)."""
    table = _table()
    registers = np.zeros(chunks.shape[0], dtype=np.uint32)
    for column in chunks.T:
        registers = table[(registers ^ column) & 0xFF] ^ (registers >> 8)
    return registers


def crc32c(data: bytes, crc: int = 0) -> int:
    """The CRC-32C of ``data`` (continuing from ``crc``, the CRC of what came before)."""
    register = crc ^ 0xFFFFFFFF
    whole = len(data) // _CHUNK * _CHUNK
    if whole >= 4 * _CHUNK:
        chunks = np.frombuffer(data, dtype=np.uint8, count=whole).reshape(-1, _CHUNK)
        t0, t1, t2, t3 = _zeros_operator()
        for value in _chunk_registers(chunks).tolist():
            shifted = t0[register & 0xFF] ^ t1[register >> 8 & 0xFF] ^ t2[register >> 16 & 0xFF] ^ t3[register >> 24]
            register = int(shifted) ^ value
        data = data[whole:]
    return _raw(register, data) ^ 0xFFFFFFFF


def mask(crc: int) -> int:
    """LevelDB's masked CRC (a CRC stored next to data that may itself contain CRCs)."""
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def unmask(masked: int) -> int:
    rotated = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rotated >> 17) | (rotated << 15)) & 0xFFFFFFFF
