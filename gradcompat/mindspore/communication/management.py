"""``mindspore.communication``: ``init``, ranks, groups, on gradcompat's distributed runtime.

MindSpore's ``msrun`` (or ``mpirun``) starts the workers and ``init()`` joins them. Here
``gradcompat run --nproc-per-node N script.py`` (msrun's ``--worker_num`` /
``--local_worker_num`` are accepted too) starts the workers and joins the job before the script
runs, so ``init()`` only checks it; a worker started by a real ``msrun`` (``MS_WORKER_NUM``,
``MS_SCHED_HOST``/``MS_SCHED_PORT``, ``RANK_ID``) joins from those variables. Collectives run
on JAX's distributed runtime (``gradcompat.distributed``). Known difference: the world group is
``mccl_world_group`` on every device target (MindSpore's CPU name), ``nccl_world_group`` when
``device_target`` is ``"GPU"``.
"""
from __future__ import annotations

import os

from ...distributed import runtime
from .. import context

HCCL_WORLD_COMM_GROUP = "hccl_world_group"
NCCL_WORLD_COMM_GROUP = "nccl_world_group"
MCCL_WORLD_COMM_GROUP = "mccl_world_group"


class GlobalComm:
    """MindSpore's record of the communication backend, its world group and whether ``init`` ran."""

    BACKEND = "hccl"
    WORLD_COMM_GROUP = HCCL_WORLD_COMM_GROUP
    INITED = False
    CHECK_ENVS = True


_NOT_LAUNCHED = (
    "Maybe you are trying to call 'mindspore.communication.init()' without using 'mpirun', which will make "
    "MindSpore load several environment variables and check their validation. Please use 'mpirun' to launch "
    "this process to fix this issue, or refer to this link if you want to run distributed training using "
    "'msrun': https://www.mindspore.cn/docs/en/master/model_train/parallel/msrun_launcher.html "
    "(with gradcompat: `gradcompat run --nproc-per-node N script.py`).")

_groups: dict[str, runtime.Group] = {}


def _join_from_msrun_env() -> bool:
    env = os.environ
    if "MS_WORKER_NUM" not in env or "MS_SCHED_PORT" not in env:
        return False
    rank = int(env.get("RANK_ID", env.get("MS_NODE_ID", "0")))
    runtime.initialize(rank, int(env["MS_WORKER_NUM"]), env.get("MS_SCHED_HOST", "127.0.0.1"),
                       int(env["MS_SCHED_PORT"]), local_rank=int(env.get("DEVICE_ID", rank)))
    return True


def init(backend_name: str | None = None) -> None:
    """Join the distributed job (MindSpore's ``init``), with MindSpore's RuntimeError when the
    process was not started by a launcher. ``backend_name`` ("hccl", "nccl", "mccl") is
    recorded; the collectives are JAX's."""
    if backend_name is not None and not isinstance(backend_name, str):
        raise TypeError(f"For 'init', the argument 'backend_name' must be a string, but got the type : "
                        f"{type(backend_name)}")
    if not runtime.is_initialized():
        try:
            joined = _join_from_msrun_env()
        except runtime.DistributedError as exc:
            raise RuntimeError(str(exc)) from None
        if not joined:
            raise RuntimeError(_NOT_LAUNCHED)
    gpu = str(context.get_context("device_target")).upper() == "GPU"
    GlobalComm.BACKEND = backend_name or ("nccl" if gpu else "mccl")
    GlobalComm.WORLD_COMM_GROUP = {"nccl": NCCL_WORLD_COMM_GROUP, "hccl": HCCL_WORLD_COMM_GROUP}.get(
        GlobalComm.BACKEND, MCCL_WORLD_COMM_GROUP)
    GlobalComm.INITED = True
    _groups[GlobalComm.WORLD_COMM_GROUP] = runtime.world()


def release() -> None:
    """Leave the job (MindSpore's ``release``)."""
    GlobalComm.INITED = False
    _groups.clear()


def _world_names() -> tuple[str, ...]:
    return (HCCL_WORLD_COMM_GROUP, NCCL_WORLD_COMM_GROUP, MCCL_WORLD_COMM_GROUP)


def group_of(name: str | None) -> runtime.Group | None:
    """The runtime group named ``name`` (None: this process alone, before ``init``); MindSpore's
    error for a name that was never created."""
    if not GlobalComm.INITED:
        return None
    if name is None or name in _world_names():
        return _groups[GlobalComm.WORLD_COMM_GROUP]
    if not isinstance(name, str):
        raise TypeError(f"The group name must be a string, but got {type(name)}")
    if name not in _groups:
        raise RuntimeError(f"The group {name} does not exist.")
    return _groups[name]


def get_rank(group: str = GlobalComm.WORLD_COMM_GROUP) -> int:
    """This process's rank in ``group`` (0 before ``init``, as MindSpore on CPU)."""
    found = group_of(group)
    return 0 if found is None else found.rank()


def get_group_size(group: str = GlobalComm.WORLD_COMM_GROUP) -> int:
    """The number of ranks in ``group`` (1 before ``init``, as MindSpore on CPU)."""
    found = group_of(group)
    return 1 if found is None else found.size


def get_local_rank(group: str = GlobalComm.WORLD_COMM_GROUP) -> int:
    """This process's rank on its node."""
    return int(os.environ.get("LOCAL_RANK", runtime.local_rank() if runtime.is_initialized() else 0))


def get_local_rank_size(group: str = GlobalComm.WORLD_COMM_GROUP) -> int:
    """The number of ranks on this node."""
    default = runtime.world_size() if runtime.is_initialized() else 1
    return int(os.environ.get("LOCAL_WORLD_SIZE", default))


def create_group(group: str, rank_ids: list) -> None:
    """A new group of the world ranks ``rank_ids`` (MindSpore's checks: a list of distinct ranks)."""
    if not GlobalComm.INITED:
        raise RuntimeError("For 'create_group', the distributed environment must be initialized by "
                           "'mindspore.communication.init()' first.")
    if not isinstance(rank_ids, list):
        raise TypeError(f"For 'create_group', the argument 'rank_ids' must be type of list, but got "
                        f"'rank_ids' type : {type(rank_ids)}.")
    if len(set(rank_ids)) != len(rank_ids) or not rank_ids:
        raise ValueError("List rank_ids in Group {} has duplicate data!".format(group))
    if group in _world_names():
        raise ValueError(f"The group name can not be {group}.")
    _groups[group] = runtime.new_group(sorted(rank_ids))


def destroy_group(group: str) -> None:
    """Forget a group made by ``create_group``."""
    if group in _world_names():
        raise ValueError(f"The world group {group} can not be destroyed.")
    _groups.pop(group, None)


def get_process_group_ranks(group: str = GlobalComm.WORLD_COMM_GROUP) -> list[int]:
    """The world ranks in ``group``."""
    found = group_of(group)
    return [0] if found is None else list(found.ranks)


def get_group_rank_from_world_rank(world_rank_id: int, group: str) -> int:
    """The rank in ``group`` of world rank ``world_rank_id``."""
    ranks = get_process_group_ranks(group)
    if world_rank_id not in ranks:
        raise ValueError(f"The world rank {world_rank_id} is not in the group {group}.")
    return ranks.index(world_rank_id)


def get_world_rank_from_group_rank(group: str, group_rank_id: int) -> int:
    """The world rank of rank ``group_rank_id`` of ``group``."""
    ranks = get_process_group_ranks(group)
    if not 0 <= group_rank_id < len(ranks):
        raise ValueError(f"The group rank {group_rank_id} is out of the group {group}.")
    return ranks[group_rank_id]


def get_comm_name(group: str = GlobalComm.WORLD_COMM_GROUP) -> str:
    """The communicator's name (the group's name here)."""
    return group
