"""Source datasets over python data: ``GeneratorDataset`` (a random-accessible object, an
iterable, or a generator function) and ``NumpySlicesDataset`` (slices of arrays, lists, dicts).

A random-accessible source is read in the order of its sampler: sequential or (``shuffle``,
the default) a new permutation each epoch, cut to ``num_samples`` and split into
``num_shards`` as MindSpore's DistributedSampler splits (orders from ``gradcompat.data.orders``).
With ``num_parallel_workers`` > 1 and ``python_multiprocessing`` (the default) its items are
read in worker processes (``gradcompat.data.WorkerPool``), forked as MindSpore forks them, so
a source must not run JAX computations there (as MindSpore advises against network operators
in a source).
"""
from __future__ import annotations

import builtins
import itertools
import types
from typing import Any, Iterator

import numpy as np

from ... import data as _data
from ...random import mindspore_stream as _ms_stream
from . import config
from .datasets import Dataset
from .errors import user_error
from .pipeline_run import Run, as_row, call_user
from .fork_safety import uses_framework, warn_single_worker
from .samplers import DistributedSampler, RandomSampler, SubsetRandomSampler, as_sampler
from .validate import INT32_MAX, column_list, type_check, unique_columns
from .validate import num_parallel_workers as check_workers

_CHUNK = 16  # indices per worker task: a few rows per round trip between processes


class SourceDataset(Dataset):
    """A dataset that reads its rows (no children)."""

    def _column_names(self) -> list[str]:
        return list(self.column_names)


class MappableDataset(SourceDataset):
    """A source read by index, in the order of a sampler (sequential, shuffled, sharded)."""

    def _init_sampling(self, num_samples, shuffle, num_shards, shard_id, sampler=None) -> None:
        if num_samples is not None:
            type_check(num_samples, (int,), "num_samples")
            if num_samples < 0 or num_samples > INT32_MAX:
                raise ValueError(f"num_samples exceeds the boundary between 0 and {INT32_MAX}(INT32_MAX)!")
        if shuffle is not None:
            type_check(shuffle, (bool,), "shuffle")
        if (num_shards is None) != (shard_id is None):
            raise ValueError("num_shards and shard_id need to be passed in together.")
        if num_shards is not None:
            type_check(num_shards, (int,), "num_shards")
            type_check(shard_id, (int,), "shard_id")
            if num_shards <= 0:
                raise ValueError(f"Input num_shards is not within the required interval of [1, {INT32_MAX}].")
            if shard_id >= num_shards:
                raise ValueError("shard_id should be less than num_shards.")
            if shard_id < 0:
                raise ValueError(f"Input shard_id is not within the required interval of [0, {INT32_MAX}].")
        if sampler is not None and (shuffle is not None or num_shards is not None or num_samples is not None):
            raise ValueError(f"Conflicting arguments during sampler assignments. num_samples: {num_samples}, "
                             f"num_shards: {num_shards}, shard_id: {shard_id}, shuffle: {shuffle}.")
        sampler = as_sampler(sampler)
        self.num_samples, self.shuffle_flag = num_samples, (True if shuffle is None else shuffle)
        self.num_shards, self.shard_id, self.sampler = num_shards, shard_id, sampler

    def _length(self) -> int:
        raise NotImplementedError

    def _order(self, run: Run) -> np.ndarray:
        """The indices one epoch reads."""
        n = self._length()
        if self._mindspore_shuffle():
            return self._sampler_order(run, n)
        spec = self._mindspore_sampling()
        if spec is not None:
            return self._sampling_order(run, n, spec)
        if self.sampler is not None:
            return np.asarray(self.sampler._indices(n, run.rng(self)), dtype=np.int64)
        order = _data.orders.permutation(n, run.rng(self)) if self.shuffle_flag else _data.orders.sequential(n)
        if self.num_shards is not None:
            order = _data.orders.shard(order, self.num_shards, self.shard_id, drop_last=False)
        if self.num_samples:
            order = order[: self.num_samples]
        return order

    def _mindspore_shuffle(self) -> bool:
        """Whether this source reads in MindSpore's own RandomSampler order (``shuffle=True`` or
        ``RandomSampler()`` without replacement, no shards, no sample limit)."""
        if self.num_shards is not None or self.num_samples:
            return False
        if self.sampler is None:
            return self.shuffle_flag
        return type(self.sampler) is RandomSampler and not self.sampler.replacement and not self.sampler.num_samples

    def _mindspore_sampling(self) -> tuple | None:
        """MindSpore's other random samplers this source reads with, as ``(kind, count, indices)``:
        ``"draws"`` (RandomSampler with replacement; also what ``shuffle`` with ``num_samples``
        selects), ``"perm"`` (RandomSampler(num_samples=k): the first k of its permutation),
        ``"subset"`` (SubsetRandomSampler), ``"shard"`` (DistributedSampler's shuffled shards: its
        seed is the dataset seed plus one); None for the others."""
        sampler = self.sampler
        if sampler is None:
            if self.num_shards is not None and self.shuffle_flag:
                return "shard", self.num_samples, (self.num_shards, self.shard_id)
            if self.num_samples and self.shuffle_flag:
                return "draws", self.num_samples, None
            return None
        if type(sampler) is DistributedSampler and sampler.shuffle and sampler.offset == -1:
            return "shard", sampler.num_samples, (sampler.num_shards, sampler.shard_id)
        if type(sampler) is RandomSampler:
            return ("draws" if sampler.replacement else "perm"), sampler.num_samples, None
        if type(sampler) is SubsetRandomSampler:
            return "subset", sampler.num_samples, sampler.indices
        return None

    def _sampling_order(self, run: Run, n: int, spec: tuple) -> np.ndarray:
        """One epoch of ``spec`` (``_mindspore_sampling``) as MindSpore's C++ samplers draw it:
        the dataset seed plus the epoch for RandomSampler, the same seed each epoch, reshuffling
        the last order, for SubsetRandomSampler (whose ``num_samples`` keeps the first indices)."""
        kind, count, indices = spec
        seed, passes, previous = run.sampler_orders.get(id(self), (config.get_seed(), -1, None))
        passes += 1
        if kind == "subset":
            start = previous if previous is not None else list(indices[:count] if count else indices)
            order = _ms_stream.subset_order(seed, start)
        elif kind == "shard":
            order = _ms_stream.sampler_order(seed + 1, n, passes, previous)
            run.sampler_orders[id(self)] = (seed, passes, order)
            shards, shard_id = indices
            size = -(-n // shards)
            k = min(count, size) if count else size
            return np.asarray([order[(shards * c + shard_id) % n] for c in range(k)], dtype=np.int64)
        else:
            k = min(count, n) if count else n
            if kind == "draws":
                order = _ms_stream.sampler_draws(seed + passes, n, k)
            else:
                order = _ms_stream.sampler_order(seed, n, passes, previous)
        run.sampler_orders[id(self)] = (seed, passes, order)
        out = np.asarray(order, dtype=np.int64)
        return out[:k] if kind == "perm" else out

    def _sampler_order(self, run: Run, n: int) -> np.ndarray:
        """MindSpore's RandomSampler: the dataset seed (``set_seed``; 5489 by default) shuffles
        ``range(n)`` with ``std::mt19937`` and reshuffles its order with seed + k at the k-th
        reset (each epoch and each repeat), as MindSpore's C++ sampler does."""
        seed, passes, previous = run.sampler_orders.get(id(self), (config.get_seed(), -1, None))
        order = _ms_stream.sampler_order(seed, n, passes + 1, previous)
        run.sampler_orders[id(self)] = (seed, passes + 1, order)
        return np.asarray(order, dtype=np.int64)

    def _with_indices(self, indices: np.ndarray) -> "MappableDataset":
        """A copy of this source that reads ``indices`` in order (one part of ``split``)."""
        import copy
        from .samplers import SubsetSampler
        twin = copy.copy(self)
        twin.parent, twin.dataset_size = [], None
        twin.sampler, twin.num_samples, twin.num_shards, twin.shard_id = SubsetSampler(list(indices)), None, None, None
        return twin

    def _num_rows(self) -> int | None:
        n = self._length()
        if self.sampler is not None:
            return self.sampler._count(n)
        if self.num_shards is not None:
            n = _data.orders.shard_size(n, self.num_shards, drop_last=False)
        return min(n, self.num_samples) if self.num_samples else n


class _GeneratorWrapper:
    """A generator object made iterable again every epoch (MindSpore tees it the same way)."""

    def __init__(self, generator):
        self.generator = generator

    def __iter__(self):
        self.generator, fresh = itertools.tee(self.generator)
        return fresh


class _ReadRows:
    """Reads a chunk of a random-accessible source (here or in a worker): the rows at ``indices``."""

    def __init__(self, source, n_columns: int):
        self.source, self.n_columns = source, n_columns

    def __call__(self, indices) -> list[tuple]:
        return [_checked_row(call_user(self.source.__getitem__, i, pyfunc=False), self.n_columns) for i in indices]


def _checked_row(value: Any, n_columns: int) -> tuple:
    try:
        row = as_row(value)
    except TypeError as e:
        raise user_error(str(e)) from None
    if len(row) != n_columns:
        raise user_error("Invalid Python function, the 'source' of 'GeneratorDataset' should return same number of "
                         f"NumPy arrays as specified in column_names, the size of column_names is:{n_columns} and "
                         f"number of returned NumPy array is:{len(row)}")
    return row


class GeneratorDataset(MappableDataset):
    """``mindspore.dataset.GeneratorDataset``: rows from a python source. ``column_types``,
    ``schema``, ``max_rowsize``, ``batch_sampler`` and ``collate_fn`` are not supported yet
    (``column_types`` is accepted and casts)."""

    def __init__(self, source, column_names=None, column_types=None, schema=None, num_samples=None,
                 num_parallel_workers: int = 1, shuffle: bool | None = None, sampler=None, num_shards=None,
                 shard_id=None, python_multiprocessing: bool = True, max_rowsize=None, batch_sampler=None,
                 collate_fn=None):
        if not (callable(source) or hasattr(source, "__iter__") or hasattr(source, "__getitem__")):
            raise TypeError("Input `source` function of GeneratorDataset should be callable, iterable or random "
                            "accessible, commonly it should implement one of the method like yield, __getitem__ or "
                            "__next__(__iter__).")
        if column_names is None and schema is None:
            raise ValueError("Neither columns_names nor schema are provided.")
        if schema is not None:
            raise NotImplementedError("gradcompat: GeneratorDataset(schema=...) is not supported; pass column_names")
        names = column_list(column_names, "column_names")
        unique_columns(names)
        check_workers(num_parallel_workers, config.cpu_count())
        type_check(python_multiprocessing, (bool,), "python_multiprocessing")
        self._init_sampling(num_samples, shuffle, num_shards, shard_id, sampler)
        super().__init__(num_parallel_workers=num_parallel_workers)
        if isinstance(source, builtins.zip):
            source = list(source)
        if isinstance(source, types.GeneratorType):
            source = _GeneratorWrapper(source)
        self.source, self.column_names = source, names
        self.column_types = None if column_types is None else list(column_types)
        self.python_multiprocessing = python_multiprocessing
        self.source_len = len(source) if hasattr(source, "__len__") else -1

    @property
    def _random_access(self) -> bool:
        return hasattr(self.source, "__getitem__")

    def _length(self) -> int:
        if self.source_len == -1:
            raise RuntimeError("Attempt to construct a random access dataset, '__len__' method is required!")
        return self.source_len

    def _num_rows(self) -> int | None:
        if self._random_access:
            return super()._num_rows()
        if self.source_len == -1:
            return None
        return min(self.source_len, self.num_samples) if self.num_samples else self.source_len

    def _epoch(self, run: Run) -> Iterator[tuple]:
        rows = self._random_rows(run) if self._random_access else self._iterated_rows()
        if self.column_types is None:
            yield from rows
            return
        from ..dtype import to_numpy
        casts = [np.dtype(to_numpy(t)) if not isinstance(t, (type, np.dtype)) else np.dtype(t)
                 for t in self.column_types]
        for row in rows:
            yield tuple(v.astype(t, copy=False) for v, t in builtins.zip(row, casts))

    def _random_rows(self, run: Run) -> Iterator[tuple]:
        order = self._order(run)
        read = _ReadRows(self.source, len(self.column_names))
        workers = self.num_parallel_workers or 1
        if workers > 1 and self.python_multiprocessing and uses_framework(self.source):
            warn_single_worker("source' of 'GeneratorDataset")
            self.num_parallel_workers = workers = 1
        if workers > 1 and self.python_multiprocessing:
            chunks = (order[i:i + _CHUNK] for i in range(0, len(order), _CHUNK))
            spec = _data.WorkerSpec(make_fetch=_Same(read), dataset=self.source, name="GeneratorDataset")
            for rows in run.pool(self, spec, workers, chunks):
                yield from rows
            return
        for i in order:
            yield read((i,))[0]

    def _iterated_rows(self) -> Iterator[tuple]:
        n_columns = len(self.column_names)
        source = self.source
        try:
            iterator = iter(source) if hasattr(source, "__iter__") else iter(source())
        except Exception:  # noqa: BLE001 - user code
            from .errors import current_traceback
            raise user_error(current_traceback()) from None
        count = 0
        while not self.num_samples or count < self.num_samples:
            try:
                value = next(iterator)
            except StopIteration:
                return
            except Exception:  # noqa: BLE001 - user code
                from .errors import current_traceback
                raise user_error(current_traceback()) from None
            yield _checked_row(value, n_columns)
            count += 1


class _Same:
    """A picklable ``lambda: value`` (the fetch each worker runs)."""

    def __init__(self, value):
        self.value = value

    def __call__(self):
        return self.value


def _slices_of(data, column_names) -> tuple[list[np.ndarray], list[str]]:
    """The columns of NumpySlicesDataset's ``data`` and their names (``column_0``, ... by default)."""
    if isinstance(data, dict):
        arrays, default = [np.asarray(v) for v in data.values()], [str(k) for k in data.keys()]
    elif isinstance(data, tuple):
        arrays, default = [np.asarray(v) for v in data], None
    elif hasattr(data, "asnumpy"):
        arrays, default = [data.asnumpy()], None
    else:
        arrays, default = [np.asarray(data)], None
    if default is None:
        default = [f"column_{i}" for i in range(len(arrays))]
    if column_names is None:
        names = default
    else:
        names = column_list(column_names, "column_names")
        if len(names) != len(arrays):
            raise ValueError(f"Num of input column names is {len(names)}, but required is {len(arrays)}.")
    unique_columns(names)
    if len({len(a) for a in arrays}) > 1:
        raise ValueError("Data length in each column is not equal.")
    return arrays, names


class _Slices:
    """Random access to the rows of equally long arrays."""

    def __init__(self, arrays: list[np.ndarray]):
        self.arrays = arrays

    def __getitem__(self, index) -> tuple:
        return tuple(a[index] for a in self.arrays)

    def __len__(self) -> int:
        return len(self.arrays[0]) if self.arrays else 0


class NumpySlicesDataset(GeneratorDataset):
    """``mindspore.dataset.NumpySlicesDataset``: row i holds element i of each column (a list,
    a tuple of columns, a dict of named columns, or a numpy array)."""

    def __init__(self, data, column_names=None, num_samples=None, num_parallel_workers: int = 1,
                 shuffle: bool | None = None, sampler=None, num_shards=None, shard_id=None):
        arrays, names = _slices_of(data, column_names)
        super().__init__(_Slices(arrays), column_names=names, num_samples=num_samples,
                         num_parallel_workers=num_parallel_workers, shuffle=shuffle, sampler=sampler,
                         num_shards=num_shards, shard_id=shard_id)

    def _random_rows(self, run: Run) -> Iterator[tuple]:
        return gather_rows(self.source.arrays, self._order(run))


def gather_rows(arrays: list[np.ndarray], order: np.ndarray, block: int = 256) -> Iterator[tuple]:
    """The rows ``order`` names, read with one gather per column per block of rows."""
    for start in range(0, len(order), block):
        idx = order[start:start + block]
        parts = [a[idx] for a in arrays]
        for j in range(len(idx)):
            yield tuple(np.asarray(p[j]) for p in parts)
