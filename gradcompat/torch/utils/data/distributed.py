"""``torch.utils.data.distributed.DistributedSampler``: each of ``num_replicas`` processes
visits its own shard of the (optionally shuffled, ``seed + epoch``) index order, padded by
repetition or cut with ``drop_last`` to equal shard sizes (``gradcompat.data.orders.shard``).
With ``num_replicas`` and ``rank`` given it needs no process group; without them it asks the
default process group, which does not exist here (torch's error)."""
from __future__ import annotations

from typing import Iterator

from .... import data as _data
from .sampler import Sampler

_NO_GROUP = ("Default process group has not been initialized, please make sure to call "
             "init_process_group.")


class DistributedSampler(Sampler[int]):
    def __init__(self, dataset, num_replicas: int | None = None, rank: int | None = None,
                 shuffle: bool = True, seed: int = 0, drop_last: bool = False) -> None:
        if num_replicas is None or rank is None:
            raise ValueError(_NO_GROUP)
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
        order = (_data.orders.permutation(n, self.seed + self.epoch) if self.shuffle
                 else _data.orders.sequential(n))
        indices = _data.orders.shard(order, self.num_replicas, self.rank, self.drop_last)
        assert len(indices) == self.num_samples
        return iter(indices.tolist())

    def __len__(self) -> int:
        return self.num_samples

    def set_epoch(self, epoch: int) -> None:
        """Give every replica the same new shuffle for this epoch."""
        self.epoch = epoch
