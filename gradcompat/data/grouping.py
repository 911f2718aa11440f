"""Streams of streams: sliding windows over a stream, and round-robin interleaving of sub-streams
(``tf.data``'s ``window`` and ``interleave``), lazily, for streams of unknown length."""
from __future__ import annotations

import itertools
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
_END = object()


def interleave(sources: Iterable[T], open_source: Callable[[T], Iterable], cycle_length: int,
               block_length: int) -> Iterator:
    """Round-robin over ``cycle_length`` open sub-streams, ``block_length`` items from each in
    turn; an exhausted sub-stream is replaced by the next source's, which takes its turn."""
    pending = iter(sources)
    slots: list = [iter(open_source(s)) for s in itertools.islice(pending, cycle_length)]
    while slots:
        i = 0
        while i < len(slots):
            block = list(itertools.islice(slots[i], block_length))
            yield from block
            if len(block) < block_length:
                nxt = next(pending, _END)
                if nxt is _END:
                    slots.pop(i)
                    continue
                slots[i] = iter(open_source(nxt))
                if not block:
                    continue
            i += 1


def windows(items: Iterable[T], size: int, shift: int, stride: int, drop_remainder: bool) -> Iterator[list[T]]:
    """Lists of ``size`` items ``stride`` apart, one starting every ``shift`` items (shorter at
    the end unless ``drop_remainder``)."""
    it = iter(items)
    span = (size - 1) * stride + 1
    buffer: list = list(itertools.islice(it, span))
    while buffer:
        window = buffer[0:span:stride]
        if len(window) < size and drop_remainder:
            return
        yield window
        if shift >= len(buffer):  # the next window starts past what is buffered: skip the gap
            for _ in itertools.islice(it, shift - len(buffer)):
                pass
            buffer = []
        else:
            buffer = buffer[shift:]
        buffer.extend(itertools.islice(it, span - len(buffer)))
