"""``mindspore.dataset`` samplers: which indices of a mappable dataset an epoch reads, and in
what order (translated onto ``gradcompat.data.orders``). A python ``Sampler`` subclass yields
its own indices; a list of indices is a ``SubsetSampler``."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from ... import data as _data
from .validate import INT32_MAX, type_check

__all__ = ["BuiltinSampler", "DistributedSampler", "RandomSampler", "Sampler", "SequentialSampler",
           "SubsetRandomSampler", "SubsetSampler", "WeightedRandomSampler"]


def _check_num_samples(num_samples) -> None:
    if num_samples is not None:
        type_check(num_samples, (int,), "num_samples")
        if num_samples < 0 or num_samples > INT32_MAX:
            raise ValueError(f"num_samples exceeds the boundary between 0 and {INT32_MAX}(INT32_MAX)!")


class BuiltinSampler:
    """Base of MindSpore's samplers: ``_indices(n, rng)`` is one epoch's order over ``n`` rows."""

    num_samples: int | None = None

    def _all(self, n: int, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def _indices(self, n: int, rng: np.random.Generator) -> np.ndarray:
        order = np.asarray(self._all(n, rng), dtype=np.int64)
        return order[: self.num_samples] if self.num_samples else order

    def _count(self, n: int) -> int:
        total = len(self._all(n, np.random.default_rng(0)))
        return min(total, self.num_samples) if self.num_samples else total

    def get_num_samples(self):
        return self.num_samples


class SequentialSampler(BuiltinSampler):
    """``SequentialSampler(start_index=None, num_samples=None)``."""

    def __init__(self, start_index: int | None = None, num_samples: int | None = None):
        if start_index is not None:
            type_check(start_index, (int,), "start_index")
        _check_num_samples(num_samples)
        self.start_index, self.num_samples = start_index or 0, num_samples

    def _all(self, n, rng):
        return _data.orders.sequential(n)[self.start_index:]


class RandomSampler(BuiltinSampler):
    """``RandomSampler(replacement=False, num_samples=None)``: a new permutation (or draws with
    replacement) every epoch."""

    def __init__(self, replacement: bool = False, num_samples: int | None = None, shuffle=None):
        type_check(replacement, (bool,), "replacement")
        _check_num_samples(num_samples)
        self.replacement, self.num_samples = replacement, num_samples

    def _all(self, n, rng):
        if self.replacement:
            return _data.orders.with_replacement(n, self.num_samples or n, rng)
        return _data.orders.permutation(n, rng)

    def _count(self, n: int) -> int:
        return min(n, self.num_samples) if self.num_samples else n  # MindSpore caps it at the rows


class DistributedSampler(BuiltinSampler):
    """``DistributedSampler(num_shards, shard_id, shuffle=True, num_samples=None)``: every
    ``num_shards``-th index from ``shard_id`` on, the order padded from its head to divide evenly."""

    def __init__(self, num_shards: int, shard_id: int, shuffle: bool = True, num_samples: int | None = None,
                 offset: int = -1):
        type_check(num_shards, (int,), "num_shards")
        type_check(shard_id, (int,), "shard_id")
        if num_shards <= 0:
            raise ValueError(f"Input num_shards is not within the required interval of [1, {INT32_MAX}].")
        if not 0 <= shard_id < num_shards:
            raise ValueError("shard_id should be less than num_shards.")
        type_check(shuffle, (bool,), "shuffle")
        _check_num_samples(num_samples)
        self.num_shards, self.shard_id, self.shuffle, self.num_samples = num_shards, shard_id, shuffle, num_samples
        self.offset = offset

    def _all(self, n, rng):
        order = _data.orders.permutation(n, rng) if self.shuffle else _data.orders.sequential(n)
        return _data.orders.shard(order, self.num_shards, self.shard_id, drop_last=False)


class SubsetSampler(BuiltinSampler):
    """``SubsetSampler(indices, num_samples=None)``: these indices, in this order."""

    def __init__(self, indices: Iterable[int], num_samples: int | None = None):
        if not isinstance(indices, (list, tuple, np.ndarray)):
            raise TypeError(f"Argument indices with value {indices} is not of type [<class 'list'>, <class 'tuple'>, "
                            f"<class 'numpy.ndarray'>], but got {type(indices)}.")
        _check_num_samples(num_samples)
        self.indices, self.num_samples = [int(i) for i in indices], num_samples

    def _all(self, n, rng):
        return _data.orders.subset(self.indices)


class SubsetRandomSampler(SubsetSampler):
    """``SubsetRandomSampler(indices, num_samples=None)``: these indices, shuffled every epoch."""

    def _all(self, n, rng):
        return _data.orders.subset(self.indices, _data.orders.permutation(len(self.indices), rng))


class WeightedRandomSampler(BuiltinSampler):
    """``WeightedRandomSampler(weights, num_samples=None, replacement=True)``: indices drawn with
    the given weights (the dataset reads them in MindSpore's order: the same draws every epoch,
    as MindSpore reseeds the sampler with the dataset seed at each reset); ``num_samples`` is
    capped at the number of rows, as MindSpore's C++ sampler does."""

    def __init__(self, weights, num_samples: int | None = None, replacement: bool = True):
        for i, w in enumerate(weights):
            if isinstance(w, bool) or not isinstance(w, (int, float, np.integer, np.floating)):
                raise TypeError(f"type of weights element must be number, but got w[{i}]: {w}, type: {type(w)}.")
        if num_samples is not None:
            type_check(num_samples, (int,), "num_samples")
            if num_samples < 0:
                raise ValueError(f"num_samples exceeds the boundary between 0 and {2**63 - 1}(INT64_MAX)!")
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement must be a boolean value but was: {replacement}.")
        self.weights, self.num_samples, self.replacement = [float(w) for w in weights], num_samples, replacement

    def _all(self, n, rng):
        from ...random import mindspore_stream as ms_stream
        k = self._count(n)
        if self.replacement:
            return ms_stream.weighted_draws(rng_seed(), self.weights, k)
        return ms_stream.weighted_one_pass(rng_seed(), self.weights, k)

    def _count(self, n: int) -> int:
        return min(n, self.num_samples) if self.num_samples else n


def rng_seed() -> int:
    """The dataset seed MindSpore's C++ samplers seed their generator with."""
    from . import config
    return config.get_seed()


class Sampler(BuiltinSampler):
    """Base of user samplers: override ``__iter__`` to yield indices (``self.dataset_size`` is
    the number of rows, as MindSpore sets it)."""

    def __init__(self, num_samples: int | None = None):
        _check_num_samples(num_samples)
        self.num_samples, self.dataset_size = num_samples, 0

    def __iter__(self):
        raise NotImplementedError

    def _all(self, n, rng):
        self.dataset_size = n
        return np.fromiter((int(i) for i in iter(self)), dtype=np.int64)


def as_sampler(sampler) -> BuiltinSampler | None:
    """The ``sampler`` argument of a dataset as a sampler (a list of indices is a SubsetSampler)."""
    if sampler is None or isinstance(sampler, BuiltinSampler):
        return sampler
    if isinstance(sampler, (list, tuple, np.ndarray)):
        return SubsetSampler(sampler)
    if hasattr(sampler, "__iter__"):
        return _Iterated(sampler)
    raise TypeError("Unsupported sampler object of type ({}).".format(type(sampler)))


class _Iterated(BuiltinSampler):
    def __init__(self, source):
        self.source = source

    def _all(self, n, rng):
        return np.fromiter((int(i) for i in iter(self.source)), dtype=np.int64)
