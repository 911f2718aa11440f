"""TF1's session option messages: ``ConfigProto``, ``GPUOptions``, ``RunOptions``, ``RunMetadata``.

They are protocol buffers in TF; here plain records with the same field names and
defaults, accepted by ``Session(config=...)`` / ``Session.run(options=..., run_metadata=...)``
and otherwise without effect (XLA places and sizes the computation itself). An unknown
field is TF's error.
"""
from __future__ import annotations

from typing import Any, Callable


class _Message:
    """A record with a fixed set of fields, like a protocol buffer message."""

    _FIELDS: dict[str, Callable[[], Any]] = {}

    def __init__(self, **fields: Any):
        for name, make in self._FIELDS.items():
            object.__setattr__(self, name, make())
        for name, value in fields.items():
            if name not in self._FIELDS:
                raise ValueError(f'Protocol message {type(self).__name__} has no "{name}" field.')
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._FIELDS:
            raise AttributeError(f'Protocol message {type(self).__name__} has no "{name}" field.')
        object.__setattr__(self, name, value)

    def __eq__(self, other: Any) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __repr__(self) -> str:
        changed = {k: v for k, v in vars(self).items() if v != self._FIELDS[k]()}
        return "".join(f"{k}: {v!r}\n" for k, v in changed.items())


class GPUOptions(_Message):
    """``tf.compat.v1.GPUOptions``."""

    _FIELDS = {"per_process_gpu_memory_fraction": float, "allow_growth": bool, "allocator_type": str,
               "deferred_deletion_bytes": int, "visible_device_list": str, "polling_active_delay_usecs": int,
               "polling_inactive_delay_msecs": int, "force_gpu_compatible": bool, "experimental": lambda: None}


class ConfigProto(_Message):
    """``tf.compat.v1.ConfigProto``."""

    _FIELDS = {"device_count": dict, "intra_op_parallelism_threads": int, "inter_op_parallelism_threads": int,
               "use_per_session_threads": bool, "session_inter_op_thread_pool": list, "placement_period": int,
               "device_filters": list, "gpu_options": GPUOptions, "allow_soft_placement": bool,
               "log_device_placement": bool, "graph_options": lambda: None, "operation_timeout_in_ms": int,
               "rpc_options": lambda: None, "cluster_def": lambda: None, "isolate_session_state": bool,
               "share_cluster_devices_in_session": bool, "experimental": lambda: None}


class RunOptions(_Message):
    """``tf.compat.v1.RunOptions``."""

    NO_TRACE, SOFTWARE_TRACE, HARDWARE_TRACE, FULL_TRACE = 0, 1, 2, 3
    _FIELDS = {"trace_level": int, "timeout_in_ms": int, "inter_op_thread_pool": int,
               "output_partition_graphs": bool, "debug_options": lambda: None,
               "report_tensor_allocations_upon_oom": bool, "experimental": lambda: None}


class RunMetadata(_Message):
    """``tf.compat.v1.RunMetadata`` (left empty: there are no step stats to report)."""

    _FIELDS = {"step_stats": lambda: None, "cost_graph": lambda: None, "partition_graphs": list,
               "function_graphs": list}
