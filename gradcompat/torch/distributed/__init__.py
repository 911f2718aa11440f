"""``torch.distributed`` on JAX's distributed runtime (``gradcompat.distributed``): process
groups, collectives, object collectives; launch with ``gradcompat run --nproc-per-node N``
(torchrun's flags and environment). ``torch.nn.parallel.DistributedDataParallel`` and
``torch.utils.data.distributed.DistributedSampler`` build on it."""
from . import c10d as distributed_c10d  # noqa: F401 - torch.distributed.distributed_c10d
from .c10d import (Backend, DistBackendError, DistError, DistNetworkError, DistStoreError, GroupMember,
                   ProcessGroup, ReduceOp, Work, all_gather, all_gather_into_tensor, all_gather_object,
                   all_gather_single, all_reduce, all_to_all, all_to_all_single, barrier, broadcast, broadcast_object_list, destroy_process_group,
                   gather, gather_object, get_backend, get_global_rank, get_group_rank, get_node_local_rank,
                   get_process_group_ranks, get_rank, get_world_size, group, init_process_group, is_available,
                   is_backend_available, is_gloo_available, is_initialized, is_mpi_available, is_nccl_available,
                   is_torchelastic_launched, is_ucc_available, is_xccl_available, monitored_barrier, new_group,
                   reduce, reduce_op, reduce_scatter, reduce_scatter_single, reduce_scatter_tensor, scatter,
                   scatter_object_list)

__all__ = ["Backend", "DistBackendError", "DistError", "DistNetworkError", "DistStoreError", "GroupMember",
           "ProcessGroup", "ReduceOp", "Work", "all_gather", "all_gather_into_tensor", "all_gather_object",
           "all_gather_single", "all_reduce", "all_to_all", "all_to_all_single", "barrier", "broadcast", "broadcast_object_list",
           "destroy_process_group", "gather", "gather_object", "get_backend", "get_global_rank", "get_group_rank",
           "get_node_local_rank", "get_process_group_ranks", "get_rank", "get_world_size", "group",
           "init_process_group", "is_available", "is_backend_available", "is_gloo_available", "is_initialized",
           "is_mpi_available", "is_nccl_available", "is_torchelastic_launched", "is_ucc_available",
           "is_xccl_available", "monitored_barrier", "new_group", "reduce", "reduce_op", "reduce_scatter",
           "reduce_scatter_single", "reduce_scatter_tensor", "scatter", "scatter_object_list"]
