"""Distributed input: ``experimental_distribute_dataset`` (each global batch split across
the replicas) and ``distribute_datasets_from_function`` (one dataset per input pipeline,
consumed one element per replica), with ``InputContext``."""
from __future__ import annotations

from typing import Any, Callable, Iterator

from . import values as values_lib


def split_sizes(batch: int, replicas: int) -> list[int]:
    """TF's rebatching of a batch of ``batch`` rows over ``replicas``: sizes differing by at most
    one, the larger first (5 over 2: [3, 2]; 1 over 2: [1, 0])."""
    base, extra = divmod(batch, replicas)
    return [base + (1 if i < extra else 0) for i in range(replicas)]


def _batch_size(structure: Any) -> int:
    for leaf in _leaves(structure):
        shape = getattr(leaf, "shape", None)
        if shape is not None and len(shape) > 0:
            return int(shape[0])
    raise ValueError("Cannot split a batch without a batch dimension across replicas")


def _leaves(structure: Any) -> list:
    out: list = []
    values_lib.map_leaves(out.append, structure)
    return out


def split_batch(structure: Any, replicas: int) -> list:
    """A global batch (a nest of tensors) as ``replicas`` per-replica batches."""
    sizes = split_sizes(_batch_size(structure), replicas)
    starts = [sum(sizes[:i]) for i in range(replicas)]
    return [values_lib.map_leaves(lambda t, a=a, n=n: None if t is None else t[a:a + n], structure)
            for a, n in zip(starts, sizes)]


def distribute_batch(structure: Any, replicas: int) -> Any:
    """A global batch as one nest whose leaves are ``PerReplica`` parts."""
    return values_lib.regroup(split_batch(structure, replicas))


class DistributedDataset:
    """``tf.distribute.DistributedDataset``: iterating yields ``PerReplica`` batches."""

    def __init__(self, strategy, dataset):
        self._strategy, self._dataset = strategy, dataset

    @property
    def element_spec(self):
        return self._dataset.element_spec

    def __iter__(self) -> "DistributedIterator":
        replicas = self._strategy.num_replicas_in_sync
        return DistributedIterator(element if replicas == 1 else distribute_batch(element, replicas)
                                   for element in self._dataset)

    def reduce(self, initial_state, reduce_fn: Callable):
        state = initial_state
        for element in self:
            state = reduce_fn(state, element)
        return state


class DistributedIterator:
    """``tf.distribute.DistributedIterator``: ``next`` / ``get_next`` give the next distributed
    batch (``get_next`` at the end raises ``tf.errors.OutOfRangeError``, as in TF)."""

    def __init__(self, elements: Iterator[Any]):
        self._elements = iter(elements)

    def __iter__(self) -> "DistributedIterator":
        return self

    def __next__(self) -> Any:
        return next(self._elements)

    def get_next(self) -> Any:
        try:
            return next(self._elements)
        except StopIteration:
            from ..errors import OutOfRangeError
            raise OutOfRangeError(None, None, "End of sequence") from None


class InputOptions:
    """``tf.distribute.InputOptions``: accepted (prefetching and placement are XLA's here)."""

    def __init__(self, experimental_fetch_to_device=None, experimental_replication_mode=None,
                 experimental_place_dataset_on_device: bool = False, experimental_per_replica_buffer_size: int = 1):
        self.experimental_fetch_to_device = experimental_fetch_to_device
        self.experimental_replication_mode = experimental_replication_mode
        self.experimental_place_dataset_on_device = experimental_place_dataset_on_device
        self.experimental_per_replica_buffer_size = experimental_per_replica_buffer_size


class InputContext:
    """``tf.distribute.InputContext``: which input pipeline this is and how batches divide."""

    def __init__(self, num_input_pipelines: int = 1, input_pipeline_id: int = 0, num_replicas_in_sync: int = 1):
        self._num_input_pipelines = num_input_pipelines
        self._input_pipeline_id = input_pipeline_id
        self._num_replicas_in_sync = num_replicas_in_sync

    @property
    def num_input_pipelines(self) -> int:
        return self._num_input_pipelines

    @property
    def input_pipeline_id(self) -> int:
        return self._input_pipeline_id

    @property
    def num_replicas_in_sync(self) -> int:
        return self._num_replicas_in_sync

    def get_per_replica_batch_size(self, global_batch_size: int) -> int:
        """The global batch size divided by the replica count (TF's ValueError when it does not divide)."""
        if global_batch_size % self._num_replicas_in_sync != 0:
            raise ValueError(f"The `global_batch_size` {global_batch_size} is not divisible by "
                             f"`num_replicas_in_sync` {self._num_replicas_in_sync}")
        return global_batch_size // self._num_replicas_in_sync

    def __str__(self) -> str:
        return f"tf.distribute.InputContext(input pipeline id {self._input_pipeline_id}, " \
               f"total: {self._num_input_pipelines})"


class ValueContext:
    """``tf.distribute.experimental.ValueContext``: the replica a value function is called for."""

    def __init__(self, replica_id_in_sync_group: int = 0, num_replicas_in_sync: int = 1):
        self._replica_id_in_sync_group = replica_id_in_sync_group
        self._num_replicas_in_sync = num_replicas_in_sync

    @property
    def replica_id_in_sync_group(self) -> int:
        return self._replica_id_in_sync_group

    @property
    def num_replicas_in_sync(self) -> int:
        return self._num_replicas_in_sync

    def __str__(self) -> str:
        return f"tf.distribute.ValueContext(replica id {self._replica_id_in_sync_group},  total replicas in sync: " \
               f"{self._num_replicas_in_sync})"


def _empty_like(structure: Any) -> Any:
    return values_lib.map_leaves(lambda t: t[0:0], structure)


class DistributedDatasetsFromFunction:
    """What ``distribute_datasets_from_function`` returns: one pipeline's elements dealt out to
    the replicas in turn."""

    def __init__(self, strategy, dataset_fn: Callable):
        self._strategy = strategy
        self._dataset = dataset_fn(InputContext(1, 0, strategy.num_replicas_in_sync))

    def __iter__(self) -> DistributedIterator:
        return DistributedIterator(self._elements())

    def _elements(self) -> Iterator[Any]:
        replicas = self._strategy.num_replicas_in_sync
        iterator = iter(self._dataset)
        while True:
            parts = []
            for _ in range(replicas):
                try:
                    parts.append(next(iterator))
                except StopIteration:
                    break
            if not parts:
                return
            parts += [_empty_like(parts[0])] * (replicas - len(parts))
            yield parts[0] if replicas == 1 else values_lib.regroup(parts)
            if len(parts) < replicas:
                return
