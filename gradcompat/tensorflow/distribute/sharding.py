"""Data parallelism as one SPMD program: a global batch laid out across the strategy's JAX
devices (a ``NamedSharding`` over ``gradcompat.distributed``'s one-axis mesh, ``"batch"``), so
XLA partitions the step and all-reduces the gradients. Used where it gives TF's per-replica numbers (equal shards, no
per-replica batch statistics): Keras ``fit`` / ``evaluate`` under a MirroredStrategy."""
from __future__ import annotations

import contextlib
import threading
from typing import Any, Iterator

import jax
from jax.sharding import Mesh, NamedSharding, PartitionSpec

from ...distributed import devices as local_devices
from ..tensor import Tensor, make_op
from . import values as values_lib

_flags = threading.local()


def mesh(strategy) -> Mesh | None:
    """A one-axis mesh (``"batch"``) over the strategy's JAX devices; None when two replicas
    share one JAX device (a TF device JAX does not have)."""
    devices = strategy.jax_devices()
    if len(devices) < 2 or len(set(devices)) != len(devices):
        return None
    return local_devices.mesh(devices)


def _constrain(x, *, sharding):
    return jax.lax.with_sharding_constraint(x, sharding)


def shard_batch(strategy, structure: Any) -> Any:
    """Each tensor of a global batch split along its first axis across the strategy's devices
    (unchanged when there is no mesh or the batch does not divide)."""
    layout = mesh(strategy)
    if layout is None:
        return structure
    replicas = len(layout.devices)

    def place(leaf):
        if not isinstance(leaf, Tensor) or leaf.shape.rank in (None, 0) or leaf.shape[0] is None \
                or int(leaf.shape[0]) % replicas:
            return leaf
        spec = PartitionSpec("batch", *([None] * (leaf.shape.rank - 1)))
        return make_op(_constrain, [leaf], {"sharding": NamedSharding(layout, spec)}, op_type="Identity")
    return values_lib.map_leaves(place, structure)


@contextlib.contextmanager
def global_batch_step() -> Iterator[None]:
    """Inside: a step computes on the whole global batch (losses are not scaled per replica)."""
    previous = getattr(_flags, "global_step", False)
    _flags.global_step = True
    try:
        yield
    finally:
        _flags.global_step = previous


def in_global_batch_step() -> bool:
    return getattr(_flags, "global_step", False)
