"""``torch.utils.data.DataLoader``: an index order (sampler, batch sampler) fetched from a
dataset and collated, in this process or in worker processes (``gradcompat.data.WorkerPool``).

Known differences from torch:
- Worker processes are never forks of the main process (torch forks on Linux): a forked child of
  a process whose XLA runtime is running deadlocks on its first compile. Where the platform
  forks, workers fork from a ``forkserver`` process that imported this dialect (fast to start);
  elsewhere they start as the platform does. So, as with torch on macOS and Windows, datasets, ``collate_fn`` and ``worker_init_fn`` must be picklable (no
  lambdas) and the script's top level is run again in each worker (guard the training with
  ``if __name__ == "__main__":``). ``multiprocessing_context="fork"`` is honoured, for datasets
  whose workers run no new JAX computation. Under ``gradcompat run`` the workers map ``torch``
  onto this dialect too.
- Tensors cross from workers as numpy arrays and become tensors again here (no shared memory).
- ``pin_memory`` is accepted and does nothing (JAX manages host and device memory).
"""
from __future__ import annotations

import multiprocessing
import random
import sys
import warnings
from multiprocessing.reduction import ForkingPickler
from typing import Any, Callable, Iterable

import numpy as np

from .... import data as _data
from ... import dtypes
from ...functions import _leaf
from ...tensor import Tensor
from ._utils.collate import default_collate, default_convert
from ._utils.worker import get_worker_info
from .dataset import IterableDataset, Subset, TensorDataset, draw_seed
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler, _InfiniteConstantSampler

_FROZEN = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset", "persistent_workers")


# ----- fetching (runs here or in a worker) ----------------------------------------------------

class _MapFetcher:
    def __init__(self, dataset, auto_collation: bool, collate_fn: Callable, drop_last: bool):
        self.dataset, self.auto_collation, self.collate_fn = dataset, auto_collation, collate_fn

    def __call__(self, index):
        if not self.auto_collation:
            return self.collate_fn(self.dataset[index])
        if self.collate_fn is default_collate:
            rows = _tensor_rows(self.dataset, index)
            if rows is not None:
                return rows
        getitems = getattr(self.dataset, "__getitems__", None)
        items = getitems(index) if callable(getitems) else [self.dataset[i] for i in index]
        return self.collate_fn(items)


def _tensor_rows(dataset, indices):
    """The collated batch of a TensorDataset (or Subsets of one) as one gather per tensor, or
    None for other datasets: what ``default_collate([dataset[i] for i in indices])`` gives
    (a list of stacked rows), without one indexing op per sample."""
    while type(dataset) is Subset:
        indices = [dataset.indices[i] for i in indices]
        dataset = dataset.dataset
    if isinstance(dataset, TensorDataset) and type(dataset).__getitem__ is TensorDataset.__getitem__ \
            and getattr(type(dataset), "__getitems__", None) is None:
        return dataset._rows(indices)
    return None


class _IterableFetcher:
    def __init__(self, dataset, auto_collation: bool, collate_fn: Callable, drop_last: bool):
        self.dataset, self.auto_collation, self.collate_fn = dataset, auto_collation, collate_fn
        self.drop_last = drop_last
        self.iterator = iter(dataset)
        self.ended = False

    def __call__(self, batch_indices):
        if self.ended:
            raise StopIteration
        if not self.auto_collation:
            return self.collate_fn(next(self.iterator))
        items = []
        for _ in batch_indices:
            try:
                items.append(next(self.iterator))
            except StopIteration:
                self.ended = True
                break
        if not items or (self.drop_last and len(items) < len(batch_indices)):
            raise StopIteration
        return self.collate_fn(items)


class _FetcherFactory:
    """Builds the fetcher of one epoch (a fresh iterator of an iterable dataset)."""

    def __init__(self, dataset, auto_collation: bool, collate_fn: Callable, drop_last: bool):
        self.args = (dataset, auto_collation, collate_fn, drop_last)

    def __call__(self):
        kind = _IterableFetcher if isinstance(self.args[0], IterableDataset) else _MapFetcher
        return kind(*self.args)


# ----- crossing the process boundary ----------------------------------------------------------

class _WireTensor:
    """A tensor on its way out of a worker: its values as numpy."""

    def __init__(self, t: Tensor):
        self.array = np.asarray(t.detach()._value)
        self.requires_grad = t.requires_grad


def _encode(batch):
    return _data.structure.map_leaves(lambda x: _WireTensor(x) if isinstance(x, Tensor) else x, batch)


def _decode(batch):
    return _data.structure.map_leaves(
        lambda x: _leaf(x.array, dtypes.from_numpy(x.array.dtype), x.requires_grad)
        if isinstance(x, _WireTensor) else x, batch)


def _reduce_tensor(t: Tensor):
    return _rebuild_tensor, (np.asarray(t.detach()._value), t.requires_grad)


def _rebuild_tensor(array: np.ndarray, requires_grad: bool) -> Tensor:
    return _leaf(array, dtypes.from_numpy(array.dtype), requires_grad)


# Tensors sent to other processes (a dataset to its workers) travel as numpy values, as torch
# registers its own reductions with multiprocessing: a view's storage links do not pickle.
ForkingPickler.register(Tensor, _reduce_tensor)


def _seed_worker(seed: int, worker_id: int) -> None:
    """Each worker's python, numpy and torch random state, from its seed (as torch seeds them)."""
    from ... import manual_seed
    random.seed(seed)
    manual_seed(seed)
    np.random.seed(np.random.SeedSequence([seed & 0xFFFFFFFFFFFFFFFF, worker_id]).generate_state(1)[0])


def _dialect_setup() -> Callable[[], None] | None:
    """Under ``gradcompat run``, the import mapping the workers need before they re-import the
    script (spawn re-runs the main module in each worker)."""
    import functools
    for finder in sys.meta_path:
        # the cli may be this process's __main__ (python -m gradcompat.cli): match by name
        if type(finder).__name__ == "DialectFinder" and hasattr(finder, "tops"):
            from .... import cli
            tf1 = finder.tops.get("tensorflow", "").endswith("compat.v1")
            return functools.partial(cli.install, tf1)
    return None


def _default_context():
    """The platform's start method, but never a fork of this process: where the platform forks,
    workers fork from a server process that imported this dialect and has not started JAX's
    runtime (a fork of a process whose runtime runs deadlocks on its first compile)."""
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_context().get_start_method()
    if method != "fork":
        return multiprocessing.get_context(method)
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["gradcompat.torch"])
        return context
    return multiprocessing.get_context("spawn")


# ----- iterators ---------------------------------------------------------------------------

class _BaseDataLoaderIter:
    def __init__(self, loader: "DataLoader"):
        self._dataset = loader.dataset
        self._index_sampler = loader._index_sampler
        self._num_yielded = 0
        self._length = loader
        # torch draws the workers' base seed when an epoch's iterator is made, whether or not
        # there are workers (it moves the generator's stream)
        self._base_seed = draw_seed(loader.generator)

    def __iter__(self):
        return self

    def __len__(self) -> int:
        return len(self._length)


class _SingleProcessDataLoaderIter(_BaseDataLoaderIter):
    def __init__(self, loader: "DataLoader"):
        super().__init__(loader)
        self._fetch = loader._fetcher_factory()()
        self._sampler_iter = iter(self._index_sampler)

    def __next__(self):
        index = next(self._sampler_iter)
        data = self._fetch(index)
        self._num_yielded += 1
        return data


class _MultiProcessingDataLoaderIter(_BaseDataLoaderIter):
    def __init__(self, loader: "DataLoader"):
        super().__init__(loader)
        self._persistent = loader.persistent_workers
        spec = _data.WorkerSpec(make_fetch=loader._fetcher_factory(), dataset=loader.dataset,
                                init_fn=loader.worker_init_fn, seed_fn=_seed_worker, encode=_encode)
        context = loader.multiprocessing_context
        if context is None:
            context = _default_context()
        elif isinstance(context, str):
            context = multiprocessing.get_context(context)
        self._pool = _data.WorkerPool(spec, loader.num_workers, base_seed=self._base_seed,
                                      context=context, prefetch_factor=loader.prefetch_factor,
                                      timeout=loader.timeout, decode=_decode, child_setup=_dialect_setup())
        self._results = self._pool.imap(iter(self._index_sampler))

    @property
    def _workers(self):
        return self._pool.processes

    def _reset(self, loader: "DataLoader") -> None:
        self._index_sampler = loader._index_sampler
        self._num_yielded = 0
        self._results = self._pool.imap(iter(self._index_sampler))

    def __next__(self):
        try:
            data = next(self._results)
        except StopIteration:
            if not self._persistent:
                self._pool.shutdown()
            raise
        except BaseException:
            self._pool.shutdown()
            raise
        self._num_yielded += 1
        return data

    def _shutdown_workers(self) -> None:
        self._pool.shutdown()

    def __del__(self) -> None:
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.shutdown()


# ----- the loader -------------------------------------------------------------------------

class DataLoader:
    """``torch.utils.data.DataLoader``: torch's arguments, defaults, attribute rules and errors
    (see the module docstring for what differs)."""

    __initialized = False

    def __init__(self, dataset, batch_size: int | None = 1, shuffle: bool | None = None,
                 sampler: Sampler | Iterable | None = None, batch_sampler: Sampler | Iterable | None = None,
                 num_workers: int = 0, collate_fn: Callable | None = None, pin_memory: bool = False,
                 drop_last: bool = False, timeout: float = 0, worker_init_fn: Callable | None = None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor: int | None = None,
                 persistent_workers: bool = False, pin_memory_device: str = "", in_order: bool = True) -> None:
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                             "multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing."
                             "let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor to None.")
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.in_order = in_order
        self._is_iterable = isinstance(dataset, IterableDataset)

        if self._is_iterable:
            if shuffle not in {False, None}:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified shuffle option, "
                                 f"but got shuffle={shuffle}")
            if sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified sampler option, "
                                 f"but got sampler={sampler}")
            if batch_sampler is not None:
                raise ValueError(f"DataLoader with IterableDataset: expected unspecified batch_sampler "
                                 f"option, but got batch_sampler={batch_sampler}")
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, "
                                 "sampler, and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive "
                             "with drop_last")
        if sampler is None:
            if self._is_iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self.multiprocessing_context = multiprocessing_context
        self._iterator = None
        self.__initialized = True

    # torch validates the context when it is set
    @property
    def multiprocessing_context(self):
        return self.__multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, context) -> None:
        if context is not None:
            if self.num_workers <= 0:
                raise ValueError("multiprocessing_context can only be used with multi-process loading "
                                 f"(num_workers > 0), but got num_workers={self.num_workers}")
            if isinstance(context, str):
                valid = multiprocessing.get_all_start_methods()
                if context not in valid:
                    raise ValueError("multiprocessing_context option should specify a valid start method "
                                     f"in {valid!r}, but got multiprocessing_context={context!r}")
                context = multiprocessing.get_context(context)
            elif not isinstance(context, multiprocessing.context.BaseContext):
                raise TypeError("multiprocessing_context option should be a valid context object or a "
                                f"string specifying the start method, but got multiprocessing_context={context}")
        self.__multiprocessing_context = context

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__initialized and name in _FROZEN:
            raise ValueError(f"{name} attribute should not be set after {type(self).__name__} is initialized")
        super().__setattr__(name, value)

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def _fetcher_factory(self) -> _FetcherFactory:
        return _FetcherFactory(self.dataset, self._auto_collation, self.collate_fn, self.drop_last)

    def __iter__(self):
        if self.pin_memory:
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, then device "
                          "pinned memory won't be used.", stacklevel=2)
        if self.num_workers == 0:
            return _SingleProcessDataLoaderIter(self)
        if not self.persistent_workers:
            return _MultiProcessingDataLoaderIter(self)
        if self._iterator is None:
            self._iterator = _MultiProcessingDataLoaderIter(self)
        else:
            self._iterator._reset(self)
        return self._iterator

    def __len__(self) -> int:
        if self._is_iterable:
            length = len(self.dataset)
            if self.batch_size is not None:
                length = _data.batching.number_of_batches(length, self.batch_size, self.drop_last)
            return length
        return len(self._index_sampler)


__all__ = ["DataLoader", "default_collate", "default_convert", "get_worker_info"]
