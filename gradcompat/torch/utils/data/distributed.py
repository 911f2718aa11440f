"""``torch.utils.data.distributed.DistributedSampler``: each of ``num_replicas`` processes
visits its own shard of the (optionally shuffled, ``seed + epoch``) index order, padded by
repetition or cut with ``drop_last`` to equal shard sizes (``gradcompat.data.orders.shard``).
With ``num_replicas`` and ``rank`` given it needs no process group; without them it asks
``torch.distributed``'s default process group (torch's error when there is none). Shuffled
orders are torch's: ``randperm`` of a Generator seeded with ``seed + epoch``."""
from __future__ import annotations

from typing import Iterator

from .... import data as _data
from ....random import torch_stream as ts
from .sampler import Sampler, _seeded

class DistributedSampler(Sampler[int]):
    def __init__(self, dataset, num_replicas: int | None = None, rank: int | None = None,
                 shuffle: bool = True, seed: int = 0, drop_last: bool = False) -> None:
        if num_replicas is None or rank is None:
            from ... import distributed as dist  # the default process group (torch's error without one)
            num_replicas = dist.get_world_size() if num_replicas is None else num_replicas
            rank = dist.get_rank() if rank is None else rank
        if rank >= num_replicas or rank < 0:
            raise ValueError(f"Invalid rank {rank}, rank should be in the interval [0, {num_replicas - 1}]")
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.drop_last = drop_last
        self.num_samples = _data.orders.shard_size(len(dataset), num_replicas, drop_last)
        self.total_size = self.num_samples * self.num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def __iter__(self) -> Iterator[int]:
        n = len(self.dataset)
        # torch's order: randperm of a Generator seeded with seed + epoch (its exact stream)
        order = ts.randperm(_seeded(self.seed + self.epoch), n) if self.shuffle else _data.orders.sequential(n)
        indices = _data.orders.shard(order, self.num_replicas, self.rank, self.drop_last)
        assert len(indices) == self.num_samples
        return iter(indices.tolist())

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Give every replica the same new shuffle for this epoch."""
        self.epoch = epoch
