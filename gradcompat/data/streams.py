"""Transformations of a stream of items whose length may be unknown: a bounded shuffle buffer.

``tf.data``'s ``shuffle(buffer_size)`` and ``mindspore.dataset``'s ``shuffle(buffer_size)`` both
translate onto ``buffered_shuffle``: a stream that is too long (or endless) to permute whole is
mixed inside a window of ``buffer_size`` items."""
from __future__ import annotations

from typing import Iterable, Iterator, TypeVar

from .orders import rng_of

T = TypeVar("T")


def buffered_shuffle(items: Iterable[T], buffer_size: int, source) -> Iterator[T]:
    """Fill a buffer with the first ``buffer_size`` items; then, for each further item, yield a
    uniformly chosen buffered item and put the new one in its place; at the end yield what is
    left in a random order. ``source`` is a numpy Generator or an integer seed."""
    if buffer_size < 1:
        raise ValueError(f"buffer_size should be at least 1, got {buffer_size}")
    rng = rng_of(source)
    buffer: list[T] = []
    for item in items:
        if len(buffer) < buffer_size:
            buffer.append(item)
            continue
        slot = int(rng.integers(len(buffer)))
        yield buffer[slot]
        buffer[slot] = item
    for slot in rng.permutation(len(buffer)):
        yield buffer[int(slot)]
