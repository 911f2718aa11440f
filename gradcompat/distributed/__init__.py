"""Process launch and collectives on JAX's distributed runtime, dialect-free: the machinery behind
``torch.distributed``, MindSpore's ``communication`` and ``tf.distribute``.

``runtime`` (one process = one rank; collectives are jitted XLA programs over a mesh of one
device per rank, CPU collectives over gloo)::

    initialize(rank, world_size, master_addr="127.0.0.1", master_port=29500, *, timeout=None,
               local_rank=None, local_device_ids=None)   # before the process's first JAX computation
    initialize_from_env()            # from RANK / WORLD_SIZE / MASTER_ADDR / MASTER_PORT (KeyError names a missing one)
    is_initialized(); shutdown(); rank(); world_size(); local_rank()
    world() -> Group; new_group(ranks) -> Group      # Group(ranks).size / .rank() (-1: not a member)
    barrier(group=None)
    all_reduce(x, op="sum"|"avg"|"max"|"min"|"product", group=None) -> jax.Array
    broadcast(x, src=0, group=None); all_gather(x, group=None) -> (size, *x.shape)
    reduce_scatter(x, op="sum", group=None)          # x: (size * m, ...) -> (m, ...), block r to rank r
    all_gather_object(obj, group=None) -> list; broadcast_object(obj, src=0, group=None)
    all_reduce_coalesced(arrays, op, group=None) -> list   # one collective per dtype ("avg": divide, then sum)
    broadcast_coalesced(arrays, src=0, group=None) -> list
    local_device(); rank_device(r)                   # where a rank's collective results live
    DistributedError, PortInUse(port)                # dialects translate them into their errors

``launch``: ``gradcompat run --nproc-per-node N [--nnodes --node-rank --master-addr --master-port]
PROGRAM`` (torchrun's environment, N workers, fail-fast); ``launch(program, LaunchConfig(...))``;
``in_worker()``; a launched worker starts the runtime before its script.

``devices``: local devices for single-process data parallelism: ``force_host_device_count(n)``,
``host_devices()``, ``accelerators()``, ``data_parallel_devices()``, ``mesh(devices)``,
``split_batch(x, devices)``, ``replicate(x, devices)``, ``chunks(n, parts)``.
"""
from . import devices, launch, runtime  # noqa: F401
from .runtime import (DistributedError, Group, PortInUse, all_gather, all_gather_object, all_reduce,
                      all_reduce_coalesced, barrier, broadcast_coalesced, broadcast, broadcast_object, initialize, initialize_from_env, is_initialized,
                      new_group, rank, reduce_scatter, shutdown, world, world_size)

__all__ = ["DistributedError", "Group", "PortInUse", "all_gather", "all_gather_object", "all_reduce",
           "all_reduce_coalesced", "barrier", "broadcast", "broadcast_coalesced", "broadcast_object", "devices", "initialize", "initialize_from_env", "is_initialized",
           "launch", "new_group", "rank", "reduce_scatter", "runtime", "shutdown", "world", "world_size"]
