"""Grouping an index order into batches of indices."""
from __future__ import annotations

import itertools
from typing import Iterable, Iterator


def batches(indices: Iterable[int], batch_size: int, drop_last: bool) -> Iterator[list[int]]:
    """Consecutive lists of ``batch_size`` indices; the last, shorter one unless ``drop_last``.
    Works on any iterable (a sampler that draws lazily), one ``islice`` per batch."""
    it = iter(indices)
    while True:
        batch = list(itertools.islice(it, batch_size))
        if not batch or (drop_last and len(batch) < batch_size):
            return
        yield batch


def number_of_batches(n: int, batch_size: int, drop_last: bool) -> int:
    """How many batches ``batches`` makes of ``n`` indices."""
    return n // batch_size if drop_last else (n + batch_size - 1) // batch_size
