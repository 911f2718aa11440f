"""Running an iterator ahead in a background thread, a bounded number of items ahead.

For work that releases the GIL (copies, transfers to a device, I/O) while the consumer computes;
an exception raised by the iterator is raised in the consumer, at the item where it happened."""
from __future__ import annotations

import queue
import threading
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")
_END = object()


class _Failure:
    def __init__(self, exc: BaseException):
        self.exc = exc


def prefetch(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Yield ``items`` in order while a thread fetches up to ``depth`` ahead. Closing the
    returned generator early stops the thread at its next item."""
    if depth < 1:
        raise ValueError(f"depth should be at least 1, got {depth}")
    buffer: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        buffer.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            buffer.put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            buffer.put(_Failure(exc))

    thread = threading.Thread(target=produce, daemon=True, name="gradcompat-prefetch")
    thread.start()
    try:
        while True:
            item = buffer.get()
            if item is _END:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
