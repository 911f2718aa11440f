"""``mindspore.set_auto_parallel_context`` / ``get_auto_parallel_context`` and ``ParallelMode``.

Only data parallelism runs in gradcompat (``stand_alone`` and ``data_parallel``); the other
modes are accepted and recorded as MindSpore accepts them, and a training step under them
reduces gradients as data parallelism does. The values read back are MindSpore's defaults
until set (``device_num`` stays 1 unless set, as MindSpore 2.x on CPU reports).
"""
from __future__ import annotations

from typing import Any


class ParallelMode:
    """``mindspore.ParallelMode`` (``mindspore.context.ParallelMode``): the mode names."""

    STAND_ALONE = "stand_alone"
    DATA_PARALLEL = "data_parallel"
    HYBRID_PARALLEL = "hybrid_parallel"
    SEMI_AUTO_PARALLEL = "semi_auto_parallel"
    AUTO_PARALLEL = "auto_parallel"
    MODE_LIST = [STAND_ALONE, DATA_PARALLEL, HYBRID_PARALLEL, SEMI_AUTO_PARALLEL, AUTO_PARALLEL]


_DEFAULTS: dict[str, Any] = {
    "parallel_mode": ParallelMode.STAND_ALONE, "gradients_mean": False, "device_num": 1, "global_rank": 0,
    "gradient_fp32_sync": True, "loss_repeated_mean": True, "search_mode": "recursive_programming",
    "parameter_broadcast": False, "strategy_ckpt_load_file": "", "strategy_ckpt_save_file": "",
    "full_batch": False, "enable_parallel_optimizer": False, "pipeline_stages": 1, "grad_accumulation_step": 1,
    "dataset_strategy": "data_parallel", "auto_parallel_search_mode": "recursive_programming",
    "all_reduce_fusion_config": [], "comm_fusion": {}, "strategy_ckpt_config": {}, "group_ckpt_save_file": "",
    "enable_alltoall": False, "parallel_optimizer_config": {}, "pipeline_config": {},
}
_context: dict[str, Any] = dict(_DEFAULTS)
_explicit: set[str] = set()  # keys the user set (an unset device_num means the group's size)


def set_auto_parallel_context(**kwargs: Any) -> None:
    """Record the parallel settings, with MindSpore's ValueError for an unknown mode or key."""
    for key, value in kwargs.items():
        if key not in _DEFAULTS:
            raise ValueError(f"Set context keyword {key} is not recognized!")
        if key == "parallel_mode":
            if value not in ParallelMode.MODE_LIST:
                raise ValueError("The context configuration parameter 'parallel_mode' only support 'stand_alone', "
                                 "'data_parallel', 'hybrid_parallel', 'semi_auto_parallel' and 'auto_parallel', "
                                 f"but got the value : {value}.")
        if key == "gradients_mean" and not isinstance(value, bool):
            raise TypeError(f"The parameter 'gradients_mean' must be {bool}, but got {type(value)}")
        if key == "device_num" and (not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 4096):
            raise ValueError(f"Device num must be in [1, 4096], but got {value}")
        _context[key] = value
        _explicit.add(key)


def get_auto_parallel_context(attr_key: str) -> Any:
    """A parallel setting (MindSpore's ValueError for a key it does not know)."""
    if attr_key not in _DEFAULTS:
        raise ValueError(f"Get context keyword {attr_key} is not recognized!")
    return _context[attr_key]


def reset_auto_parallel_context() -> None:
    """Back to the defaults (MindSpore's ``reset_auto_parallel_context``)."""
    _context.clear()
    _context.update(_DEFAULTS)
    _explicit.clear()


def reduces_gradients() -> bool:
    """Whether a training step all-reduces its gradients (MindSpore's TrainOneStepCell does in
    data and hybrid parallel mode)."""
    return _context["parallel_mode"] in (ParallelMode.DATA_PARALLEL, ParallelMode.HYBRID_PARALLEL)


def device_num() -> int:
    """The number of devices a training step averages over: 1 alone, else ``device_num`` if it was
    set, else the world group's size (MindSpore's ``_get_device_num``)."""
    if _context["parallel_mode"] == ParallelMode.STAND_ALONE:
        return 1
    if "device_num" in _explicit:
        return _context["device_num"]
    from .communication.management import get_group_size
    return get_group_size()
