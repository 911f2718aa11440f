"""Grouping an index order into batches of indices."""
from __future__ import annotations

import itertools
from typing import Iterable, Iterator, Sequence

import numpy as np


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


class RaggedBatch(ValueError):
    """Items of one batch differ in shape: ``index`` is the first that differs from item 0."""

    def __init__(self, index: int, first_shape: tuple, shape: tuple):
        super().__init__(f"item {index} has shape {shape}, item 0 has shape {first_shape}")
        self.index, self.first_shape, self.shape = index, tuple(first_shape), tuple(shape)


def stack(items: Sequence) -> np.ndarray:
    """The items (numpy arrays of one shape) stacked along a new first axis; ``RaggedBatch`` when
    their shapes differ, for the dialect to word as its framework does."""
    arrays = [np.asarray(x) for x in items]
    first = arrays[0].shape
    for i, a in enumerate(arrays):
        if a.shape != first:
            raise RaggedBatch(i, first, a.shape)
    return np.stack(arrays)
