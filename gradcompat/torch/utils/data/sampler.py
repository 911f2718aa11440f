"""``torch.utils.data`` samplers: torch's classes, attributes, lengths and argument errors.
Random orders are torch's own: the same draws (``randperm``, ``randint``, ``multinomial``) from
the same generators, at the same moments, so a seeded script sees torch's order."""
from __future__ import annotations

from typing import Generic, Iterable, Iterator, Sequence, TypeVar

import numpy as np

from .... import data as _data
from ....random import torch_stream as ts
from ...generator import impl as _impl
from .dataset import draw_seed


def _seeded(seed: int):
    stream = ts.TorchCPUGenerator()
    stream.manual_seed(seed)
    return stream


def _stream(own, generator):
    """The stream a sampler draws from: its own seeded one, else ``generator`` / the default."""
    return own if own is not None else _impl(generator)

T_co = TypeVar("T_co", covariant=True)


def _is_positive_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class Sampler(Generic[T_co]):
    """Base of the samplers: subclasses define ``__iter__`` (and ``__len__`` when known)."""

    def __init__(self, data_source=None) -> None:
        pass

    def __iter__(self) -> Iterator[T_co]:
        raise NotImplementedError


class SequentialSampler(Sampler[int]):
    """``0, 1, ..., len(data_source)-1``."""

    def __init__(self, data_source) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


class RandomSampler(Sampler[int]):
    """A fresh random permutation each epoch; with ``replacement`` ``num_samples`` uniform draws;
    without it and ``num_samples`` > n, whole permutations then part of one more (as torch)."""

    def __init__(self, data_source, replacement: bool = False, num_samples: int | None = None,
                 generator=None) -> None:
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got replacement={self.replacement}")
        if not _is_positive_int(self.num_samples):
            raise ValueError(f"num_samples should be a positive integer value, but got "
                             f"num_samples={self.num_samples}")

    @property
    def num_samples(self) -> int:
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self) -> Iterator[int]:
        # torch's order: at the first index (lazily), a seed drawn from the default generator
        # seeds a fresh Generator, unless one was given; then randint or randperm draws
        n = len(self.data_source)
        stream = _stream(None if self.generator is not None else _seeded(draw_seed(None)), self.generator)
        if self.replacement:
            yield from ts.random_from_to(stream, self.num_samples, "int64", 0, n).tolist()
            return
        for _ in range(self.num_samples // n):
            yield from ts.randperm(stream, n).tolist()
        yield from ts.randperm(stream, n).tolist()[: self.num_samples % n]

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler[int]):
    """The given ``indices`` in a fresh random order each epoch."""

    def __init__(self, indices: Sequence[int], generator=None) -> None:
        self.indices = indices
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        for i in ts.randperm(_stream(None, self.generator), len(self.indices)).tolist():
            yield self.indices[i]

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler[int]):
    """``num_samples`` indices of ``range(len(weights))`` drawn with probabilities proportional
    to ``weights`` (float64 tensor, as torch keeps it), with or without replacement."""

    def __init__(self, weights: Sequence[float], num_samples: int, replacement: bool = True,
                 generator=None) -> None:
        from ... import as_tensor, float64
        if not _is_positive_int(num_samples):
            raise ValueError(f"num_samples should be a positive integer value, but got num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got replacement={replacement}")
        weights_tensor = as_tensor(weights, dtype=float64)
        if len(weights_tensor.shape) != 1:
            raise ValueError("weights should be a 1d sequence but given "
                             f"weights have shape {tuple(weights_tensor.shape)}")
        self.weights = weights_tensor
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        w = np.asarray(self.weights.detach().numpy())
        if not self.replacement and self.num_samples > len(w):
            raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
        if (w < 0).any() or not np.isfinite(w).all():
            raise RuntimeError("invalid multinomial distribution (encountering probability entry < 0)")
        if w.sum() <= 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        if not self.replacement and self.num_samples > np.count_nonzero(w):
            raise RuntimeError("invalid multinomial distribution (with replacement=False, "
                               "not enough non-negative category to sample)")
        order = ts.multinomial(_stream(None, self.generator), w[None, :], self.num_samples, self.replacement)
        return iter(order[0].tolist())

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler[list[int]]):
    """Lists of ``batch_size`` indices of ``sampler``; the last shorter one unless ``drop_last``."""

    def __init__(self, sampler: Sampler[int] | Iterable[int], batch_size: int, drop_last: bool) -> None:
        if not _is_positive_int(batch_size):
            raise ValueError(f"batch_size should be a positive integer value, but got batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list[int]]:
        return _data.batching.batches(self.sampler, self.batch_size, self.drop_last)

    def __len__(self) -> int:
        return _data.batching.number_of_batches(len(self.sampler), self.batch_size, self.drop_last)


class _InfiniteConstantSampler(Sampler):
    """``None`` forever: the index order of an IterableDataset (the stream decides)."""

    def __iter__(self):
        while True:
            yield None

