"""``keras.utils.PyDataset`` (and its TF-2 name ``keras.utils.Sequence``): a Python object that
hands out batches by index, as ``fit`` / ``evaluate`` / ``predict`` input.

Reproduces Keras 3's ``PyDataset`` / ``PyDatasetAdapter``: ``num_batches`` (``__len__`` by
default; None for an endless dataset), ``on_epoch_begin`` / ``on_epoch_end`` hooks, the warning
when a subclass skips ``super().__init__``, ``fit(shuffle=True)`` shuffling the batch order with
Python's ``random.shuffle`` (Keras's call), and batches fetched ahead by ``workers`` threads.
Known difference: ``use_multiprocessing=True`` is accepted but batches are fetched by threads
(the dataset need not be picklable)."""
from __future__ import annotations

import itertools
import random
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterator

import numpy as np


class PyDataset:
    """``keras.utils.PyDataset(workers=1, use_multiprocessing=False, max_queue_size=10)``: subclass it
    with ``__getitem__(index)`` returning ``x``, ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)`` and
    ``__len__`` (or a ``num_batches`` property)."""

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False, max_queue_size: int = 10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    def _warn_if_super_not_called(self) -> None:
        warn = False
        for attr, default in (("_workers", 1), ("_use_multiprocessing", False), ("_max_queue_size", 10)):
            if not hasattr(self, attr):
                setattr(self, attr, default)
                warn = True
        if warn:
            warnings.warn("Your `PyDataset` class should call `super().__init__(**kwargs)` in its constructor. "
                          "`**kwargs` can include `workers`, `use_multiprocessing`, `max_queue_size`. Do not pass "
                          "these arguments to `fit()`, as they will be ignored.", stacklevel=3)

    @property
    def workers(self) -> int:
        self._warn_if_super_not_called()
        return self._workers

    @workers.setter
    def workers(self, value: int) -> None:
        self._workers = value

    @property
    def use_multiprocessing(self) -> bool:
        self._warn_if_super_not_called()
        return self._use_multiprocessing

    @use_multiprocessing.setter
    def use_multiprocessing(self, value: bool) -> None:
        self._use_multiprocessing = value

    @property
    def max_queue_size(self) -> int:
        self._warn_if_super_not_called()
        return self._max_queue_size

    @max_queue_size.setter
    def max_queue_size(self, value: int) -> None:
        self._max_queue_size = value

    def __getitem__(self, index: int):
        raise NotImplementedError

    def __iter__(self) -> Iterator:
        try:
            count = self.num_batches
        except NotImplementedError:
            count = None
        for index in (range(count) if count is not None else itertools.count()):
            yield self[index]

    @property
    def num_batches(self) -> int | None:
        """The number of batches (``len(self)`` by default); None: endless."""
        if hasattr(self, "__len__"):
            return len(self)
        raise NotImplementedError("You need to implement the `num_batches` property:\n\n"
                                  "@property\ndef num_batches(self):\n  return ...")

    def on_epoch_begin(self) -> None:
        """Called at the start of every epoch."""

    def on_epoch_end(self) -> None:
        """Called at the end of every epoch."""


Sequence = PyDataset


def standardize_batch(batch: Any) -> Any:
    """Keras's check of one ``__getitem__`` result: a dict, an array (as ``(x,)``) or a 1-3 tuple."""
    if isinstance(batch, dict):
        return batch
    if isinstance(batch, np.ndarray):
        batch = (batch,)
    if isinstance(batch, list):
        batch = tuple(batch)
    if not isinstance(batch, tuple) or len(batch) not in {1, 2, 3}:
        raise ValueError(f"PyDataset.__getitem__() must return a tuple or a dict. If a tuple, it must be ordered "
                         f"either (input,) or (inputs, targets) or (inputs, targets, sample_weights). Received: "
                         f"{str(batch)[:100]}... of type {type(batch)}")
    return batch


def batches(dataset: PyDataset, shuffle: bool) -> Iterator:
    """One pass over ``dataset``'s batches (endless when ``num_batches`` is None), in a shuffled
    order when asked; with ``workers > 1`` up to ``max_queue_size`` batches are fetched ahead."""
    count = dataset.num_batches
    if count is None:
        indices: Any = itertools.count()
    else:
        indices = list(range(count))
        if shuffle:
            random.shuffle(indices)
    workers = dataset.workers
    if workers <= 1 and not dataset.use_multiprocessing:
        for index in indices:
            yield standardize_batch(dataset[index])
        return
    with ThreadPoolExecutor(max(int(workers), 1)) as pool:
        pending = [pool.submit(dataset.__getitem__, i) for i in itertools.islice(indices, dataset.max_queue_size)]
        indices = iter(indices) if count is None else iter(indices[len(pending):])
        while pending:
            batch = pending.pop(0).result()
            nxt = next(indices, None)
            if nxt is not None:
                pending.append(pool.submit(dataset.__getitem__, nxt))
            yield standardize_batch(batch)


def is_py_dataset(value: Any) -> bool:
    """Whether ``value`` is a ``keras.utils.PyDataset``."""
    return isinstance(value, PyDataset)
