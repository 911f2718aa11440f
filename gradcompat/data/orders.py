"""Index orders: which dataset positions an epoch visits, and in what order.

Everything is numpy and plain integers, so every dialect's sampler translates onto it. Random
orders take a ``numpy.random.Generator`` or an integer seed (a dialect draws that seed from its
own generator, so its ``manual_seed`` makes a run reproducible).
"""
from __future__ import annotations

import math
from typing import Sequence

import numpy as np

RandomSource = "np.random.Generator | int"


def rng_of(source) -> np.random.Generator:
    """A numpy Generator from a Generator (returned as is) or an integer seed."""
    if isinstance(source, np.random.Generator):
        return source
    return np.random.Generator(np.random.PCG64(int(source) & 0xFFFFFFFFFFFFFFFF))


def sequential(n: int) -> np.ndarray:
    """``0, 1, ..., n-1``."""
    return np.arange(int(n), dtype=np.int64)


def permutation(n: int, source) -> np.ndarray:
    """A random permutation of ``range(n)``."""
    return rng_of(source).permutation(int(n)).astype(np.int64)


def with_replacement(n: int, num_samples: int, source) -> np.ndarray:
    """``num_samples`` draws from ``range(n)``, uniform, with replacement."""
    return rng_of(source).integers(0, int(n), size=int(num_samples), dtype=np.int64)


def repeated_permutations(n: int, num_samples: int, source) -> np.ndarray:
    """``num_samples`` indices without replacement: whole permutations of ``range(n)``, then the
    head of one more (torch's RandomSampler with ``num_samples`` > n and no replacement)."""
    rng = rng_of(source)
    parts = [rng.permutation(int(n)) for _ in range(int(num_samples) // int(n))]
    parts.append(rng.permutation(int(n))[: int(num_samples) % int(n)])
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)


def weighted(weights: Sequence[float], num_samples: int, replacement: bool, source) -> np.ndarray:
    """``num_samples`` indices drawn with probabilities proportional to ``weights``.

    Without replacement an index is drawn at most once, which needs at least ``num_samples``
    positive weights (``ValueError`` otherwise, for the dialect to translate)."""
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1:
        raise ValueError(f"weights should be 1-D, got shape {w.shape}")
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    if not replacement and num_samples > np.count_nonzero(w):
        raise ValueError("cannot draw more samples than positive weights without replacement")
    return rng_of(source).choice(len(w), size=int(num_samples), replace=bool(replacement),
                                 p=w / w.sum()).astype(np.int64)


def subset(indices: Sequence[int], order: np.ndarray | None = None) -> np.ndarray:
    """The given indices, in the given order of their positions (all of them when ``order`` is
    None): ``subset([7, 3, 9], permutation(3, seed))``."""
    indices = np.asarray(indices, dtype=np.int64).reshape(-1)
    return indices if order is None else indices[np.asarray(order, dtype=np.int64)]


def shard_size(total: int, num_replicas: int, drop_last: bool) -> int:
    """How many indices each of ``num_replicas`` shards gets: the tail is dropped when
    ``drop_last`` and the total does not divide evenly, else padded up."""
    if drop_last and total % num_replicas != 0:
        return math.ceil((total - num_replicas) / num_replicas)
    return math.ceil(total / num_replicas)


def shard(order: Sequence[int], num_replicas: int, rank: int, drop_last: bool) -> np.ndarray:
    """The part of ``order`` that replica ``rank`` visits (DistributedSampler's split): the order
    is padded by repeating its head (as often as needed) or cut to a multiple of
    ``num_replicas``, then every ``num_replicas``-th index from ``rank`` on."""
    order = np.asarray(order, dtype=np.int64).reshape(-1)
    per_replica = shard_size(len(order), num_replicas, drop_last)
    total = per_replica * num_replicas
    if len(order) < total and len(order) > 0:
        repeats = math.ceil(total / len(order))
        order = np.tile(order, repeats)
    order = order[:total]
    return order[rank:total:num_replicas]
