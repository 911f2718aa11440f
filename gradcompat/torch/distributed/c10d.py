"""``torch.distributed``'s process groups and collectives (``distributed_c10d``) on
``gradcompat.distributed.runtime`` (JAX's distributed runtime, XLA collectives).

Translated here: torch's argument names and defaults, global vs group ranks, in-place results
written into the caller's tensors, ``async_op`` (a completed ``Work``), ``env://`` and
``tcp://`` rendezvous, and torch's errors for misuse. Known differences: every collective runs
synchronously; ``backend`` names are accepted but XLA chooses the transport (gloo on CPU,
NCCL / ICI on accelerators); ``store=`` and ``file://`` rendezvous are not supported; JAX's
runtime cannot restart, so after ``destroy_process_group`` only the same rank and world size
can be initialized again.
"""
from __future__ import annotations

import datetime
import enum
import os
import urllib.parse
import warnings
from typing import Any, Sequence

import numpy as np

from ... import distributed as _rt
from ..tensor import Tensor

_NO_GROUP = "Default process group has not been initialized, please make sure to call init_process_group."


# ----- errors ---------------------------------------------------------------------------------

class DistError(RuntimeError):
    """torch.distributed's base error."""


class DistBackendError(DistError):
    pass


class DistNetworkError(DistError):
    pass


class DistStoreError(DistError):
    pass


# ----- names ----------------------------------------------------------------------------------

class Backend(str):
    """``Backend("GLOO") == "gloo"``: backend names, lower-cased (XLA picks the transport)."""

    UNDEFINED = "undefined"
    GLOO = "gloo"
    NCCL = "nccl"
    UCC = "ucc"
    MPI = "mpi"
    XCCL = "xccl"
    backend_list = ["undefined", "gloo", "nccl", "ucc", "mpi", "xccl"]

    def __new__(cls, name: str) -> "Backend":
        if not isinstance(name, str):
            raise ValueError(f"Backend constructor parameter must be string-ish, but got: {type(name)}")
        value = getattr(Backend, name.upper(), Backend.UNDEFINED)
        if value == Backend.UNDEFINED:
            value = name.lower()
        return str.__new__(cls, value)

    def __repr__(self) -> str:
        return repr(str(self))


class ReduceOp:
    """``ReduceOp.SUM`` ... are members of ``ReduceOp.RedOpType``, as torch's."""

    class RedOpType(enum.Enum):
        SUM = 0
        AVG = 1
        PRODUCT = 2
        MIN = 3
        MAX = 4
        BAND = 5
        BOR = 6
        BXOR = 7
        PREMUL_SUM = 8

        def __str__(self) -> str:
            return f"RedOpType.{self.name}"

        def __repr__(self) -> str:
            return f"<RedOpType.{self.name}: {self.value}>"

    SUM = RedOpType.SUM
    AVG = RedOpType.AVG
    PRODUCT = RedOpType.PRODUCT
    MIN = RedOpType.MIN
    MAX = RedOpType.MAX
    BAND = RedOpType.BAND
    BOR = RedOpType.BOR
    BXOR = RedOpType.BXOR
    PREMUL_SUM = RedOpType.PREMUL_SUM


class reduce_op:  # noqa: N801 - torch's deprecated alias
    SUM, PRODUCT, MIN, MAX = ReduceOp.SUM, ReduceOp.PRODUCT, ReduceOp.MIN, ReduceOp.MAX


_OPS = {ReduceOp.SUM: "sum", ReduceOp.AVG: "avg", ReduceOp.PRODUCT: "product", ReduceOp.MIN: "min",
        ReduceOp.MAX: "max", ReduceOp.BAND: "band", ReduceOp.BOR: "bor", ReduceOp.BXOR: "bxor"}


class Work:
    """What ``async_op=True`` returns: collectives here complete before returning."""

    def __init__(self, result: Any = None) -> None:
        self._result = result

    def wait(self, timeout: datetime.timedelta | None = None) -> bool:
        return True

    def is_completed(self) -> bool:
        return True

    def is_success(self) -> bool:
        return True

    def result(self) -> list:
        return list(self._result or [])

    def get_future(self):
        import concurrent.futures
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_result(self.result())
        return future


class ProcessGroup:
    """A group of ranks (``group.WORLD`` or one from ``new_group``)."""

    def __init__(self, ranks: tuple[int, ...], backend: str, timeout: datetime.timedelta | None = None) -> None:
        self._group = _rt.Group(tuple(ranks))
        self._backend = backend
        self._timeout = timeout

    def rank(self) -> int:
        return self._group.rank()

    def size(self) -> int:
        return self._group.size

    def name(self) -> str:
        return self._backend

    @property
    def group_name(self) -> str:
        return str(id(self))


class GroupMember:
    """``GroupMember.WORLD`` (None before ``init_process_group``) and ``NON_GROUP_MEMBER``."""

    WORLD: ProcessGroup | None = None
    NON_GROUP_MEMBER = -100


class _World:
    @property
    def WORLD(self) -> ProcessGroup | None:  # noqa: N802 - torch's name
        return GroupMember.WORLD


group = _World()
_default_backend = ""


# ----- availability ---------------------------------------------------------------------------

def is_available() -> bool:
    """torch.distributed is always built here."""
    return True


def is_gloo_available() -> bool:
    return True


def is_nccl_available() -> bool:
    """True where JAX has GPUs (XLA's collectives take NCCL's place)."""
    from ... import distributed
    return any(d.platform == "gpu" for d in distributed.devices.accelerators())


def is_mpi_available() -> bool:
    return False


def is_ucc_available() -> bool:
    return False


def is_xccl_available() -> bool:
    return False


def is_torchelastic_launched() -> bool:
    """Launched by ``gradcompat run --nproc-per-node`` (or torchrun): TORCHELASTIC_RUN_ID is set."""
    return os.getenv("TORCHELASTIC_RUN_ID") is not None


def is_initialized() -> bool:
    return GroupMember.WORLD is not None


def is_backend_available(backend: str) -> bool:
    return str(backend).lower() in ("gloo", "nccl") or ":" in str(backend)


# ----- set-up ---------------------------------------------------------------------------------

def _env(name: str, scheme: str = "env") -> str:
    value = os.environ.get(name)
    if value is None:
        raise ValueError(f"Error initializing torch.distributed using {scheme}:// rendezvous: environment variable "
                         f"{name} expected, but not set")
    return value


def _rendezvous(init_method: str, rank: int, world_size: int) -> tuple[int, int, str, int]:
    """(rank, world size, master address, master port) from torch's ``init_method``."""
    url = urllib.parse.urlparse(init_method)
    query = dict(urllib.parse.parse_qsl(url.query))
    rank = int(query.get("rank", rank))
    world_size = int(query.get("world_size", world_size))
    if url.scheme == "env":
        if rank == -1:
            rank = int(_env("RANK"))
        if world_size == -1:
            world_size = int(_env("WORLD_SIZE"))
        addr = _env("MASTER_ADDR")
        port = int(_env("MASTER_PORT"))
        if os.environ.get("TORCHELASTIC_USE_AGENT_STORE") == "True":
            port += 1  # real torchrun's agent holds MASTER_PORT with its own store: JAX's coordinator takes the next
        return rank, world_size, addr, port
    if url.scheme == "tcp":
        if rank == -1:
            raise ValueError("Error initializing torch.distributed using tcp:// rendezvous: rank parameter missing")
        if world_size == -1:
            raise ValueError("Error initializing torch.distributed using tcp:// rendezvous: world size parameter "
                             "missing")
        if url.port is None:
            raise ValueError("Error initializing torch.distributed using tcp:// rendezvous: port number missing")
        return rank, world_size, url.hostname or "127.0.0.1", url.port
    raise RuntimeError(f"No rendezvous handler for {url.scheme}://")


def _check_backend(backend: str | None) -> str:
    if backend is None:
        return "gloo"
    name = str(backend).lower()
    if ":" in name:  # "cpu:gloo,cuda:nccl"
        return name
    if name not in ("gloo", "nccl", "mpi", "ucc", "xccl", "undefined"):
        warnings.warn(f"Device capability of {name} unknown, assuming `cpu` and `cuda`. You can specify it in "
                      "`device:backend` format in `init_process_group` call.", UserWarning, stacklevel=3)
        raise AssertionError(f"Unknown backend type {name}")
    return name


def init_process_group(backend: str | None = None, init_method: str | None = None,
                       timeout: datetime.timedelta | None = None, world_size: int = -1, rank: int = -1,
                       store: Any = None, group_name: str = "", pg_options: Any = None,
                       device_id: Any = None) -> None:
    """``torch.distributed.init_process_group``: join the job through ``env://`` (RANK,
    WORLD_SIZE, MASTER_ADDR, MASTER_PORT, the default) or ``tcp://host:port`` with ``rank`` and
    ``world_size``; ``timeout`` bounds the rendezvous. Starts JAX's distributed runtime (which
    ``gradcompat run --nproc-per-node`` has already started before the script)."""
    global _default_backend
    if GroupMember.WORLD is not None:
        raise ValueError("trying to initialize the default process group twice!")
    if timeout is not None and not isinstance(timeout, datetime.timedelta):
        raise TypeError(f"Expected timeout argument to be of type datetime.timedelta, got {timeout}")
    if store is not None:
        raise NotImplementedError("init_process_group(store=...) is not supported by gradcompat: use env:// or "
                                  "tcp:// (the rendezvous is JAX's coordinator)")
    name = _check_backend(backend)
    rank, world_size, addr, port = _rendezvous(init_method or "env://", int(rank), int(world_size))
    if not 0 <= rank < world_size:
        raise ValueError(f"Invalid rank {rank}, rank should be in the interval [0, {world_size - 1}]")
    try:
        _rt.initialize(rank, world_size, addr, port, timeout=timeout.total_seconds() if timeout else None,
                       local_rank=int(os.environ.get("LOCAL_RANK", rank)),
                       local_world_size=int(os.environ["LOCAL_WORLD_SIZE"]) if "LOCAL_WORLD_SIZE" in os.environ
                       else None)
    except _rt.PortInUse as exc:
        raise DistNetworkError(f"The server socket has failed to listen on any local network address. port: "
                               f"{exc.port}, useIpv6: false, code: -98, name: EADDRINUSE, message: address already "
                               "in use") from None
    except _rt.DistributedError as exc:
        raise RuntimeError(str(exc)) from None
    _default_backend = name
    GroupMember.WORLD = ProcessGroup(tuple(range(world_size)), name, timeout)


def destroy_process_group(group: ProcessGroup | None = None) -> None:
    """Forget ``group`` (the default group and every group when None). JAX's runtime stays up
    (it cannot restart in a process), so a later ``init_process_group`` rejoins it."""
    if GroupMember.WORLD is None:
        raise AssertionError("Process group cannot be None")
    if group is None or group is GroupMember.WORLD:
        GroupMember.WORLD = None


def _world() -> ProcessGroup:
    if GroupMember.WORLD is None:
        raise ValueError(_NO_GROUP)
    return GroupMember.WORLD


def _pg(group: ProcessGroup | None) -> ProcessGroup:
    world = _world()
    return world if group is None else group


def get_rank(group: ProcessGroup | None = None) -> int:
    """This process's rank in ``group`` (-1 when it is not a member)."""
    pg = _pg(group)
    return pg.rank() if isinstance(pg, ProcessGroup) else -1


def get_world_size(group: ProcessGroup | None = None) -> int:
    pg = _pg(group)
    return pg.size() if isinstance(pg, ProcessGroup) and pg.rank() >= 0 else -1


def get_backend(group: ProcessGroup | None = None) -> str:
    return Backend(_pg(group)._backend)


def get_process_group_ranks(group: ProcessGroup | None) -> list[int]:
    return list(_pg(group)._group.ranks)


def get_global_rank(group: ProcessGroup, group_rank: int) -> int:
    ranks = _pg(group)._group.ranks
    if not 0 <= group_rank < len(ranks):
        raise ValueError(f"Group rank {group_rank} is not part of group {group}")
    return ranks[group_rank]


def get_group_rank(group: ProcessGroup, global_rank: int) -> int:
    ranks = _pg(group)._group.ranks
    if global_rank not in ranks:
        raise ValueError(f"Global rank {global_rank} is not part of group {group}")
    return ranks.index(global_rank)


def get_node_local_rank(fallback_rank: int | None = None) -> int:
    if "LOCAL_RANK" in os.environ:
        return int(os.environ["LOCAL_RANK"])
    if fallback_rank is not None:
        return int(fallback_rank)
    raise RuntimeError("LOCAL_RANK is not in the environment. Consider passing fallback_rank to allow "
                       "`get_node_local_rank` to work, assuming you are not running in a multi-device context "
                       "and want the code to run locally instead.")


def new_group(ranks: Sequence[int] | None = None, timeout: datetime.timedelta | None = None, backend: str | None = None,
              pg_options: Any = None, use_local_synchronization: bool = False, group_desc: str | None = None,
              device_id: Any = None, sort_ranks: bool = True):
    """A group of the given global ranks; on a rank outside it, ``GroupMember.NON_GROUP_MEMBER``."""
    world = _world()
    if ranks is None:
        members = tuple(range(world.size()))
    else:
        members = tuple(sorted(int(r) for r in ranks)) if sort_ranks else tuple(int(r) for r in ranks)
        if len(members) > world.size():
            raise ValueError("the new group's world size should be less or equal to the world size set by "
                             "init_process_group")
        for r in members:
            if not 0 <= r < world.size():
                raise ValueError("The new group's rank should be within the world_size set by init_process_group")
    pg = ProcessGroup(members, _check_backend(backend) if backend else world._backend, timeout)
    return pg if pg.rank() >= 0 else GroupMember.NON_GROUP_MEMBER


# ----- tensors in, tensors out ----------------------------------------------------------------

def _check_tensor(value: Any, name: str) -> None:
    if not isinstance(value, Tensor):
        raise TypeError(f"Invalid function argument. Expected parameter `{name}` of type torch.Tensor\n"
                        f"             but got {type(value)} instead.")


def _check_list(value: Any, name: str) -> None:
    if not isinstance(value, list) or not all(isinstance(t, Tensor) for t in value):
        raise TypeError(f"Invalid function argument. Expected parameter `{name}` of type List[torch.Tensor]\n"
                        "             but got {type(value)} instead.")


def _member(pg: ProcessGroup, op: str) -> bool:
    """torch's behaviour on a rank outside the group: a warning and nothing done."""
    if not isinstance(pg, ProcessGroup) or pg.rank() < 0:
        warnings.warn(f"Running {op} on global rank {_rt.rank()} which does not belong to the given group.",
                      UserWarning, stacklevel=3)
        return False
    return True


def _group_of(group) -> ProcessGroup | None:
    pg = _pg(group) if group is not GroupMember.NON_GROUP_MEMBER else group
    return pg


def _op(op) -> str:
    if isinstance(op, ReduceOp.RedOpType) and op in _OPS:
        return _OPS[op]
    if isinstance(op, ReduceOp.RedOpType):
        raise ValueError(f"Cannot use {op} with the XLA collectives of gradcompat")
    raise TypeError("(): incompatible function arguments. The following argument types are supported:\n"
                    "    1. (self: torch._C._distributed_c10d.AllreduceOptions, arg0: "
                    f"torch._C._distributed_c10d.ReduceOp) -> None\n\nInvoked with: {op!r}")


def _value(t: Tensor):
    return t.detach()._jax_value()


def _write(t: Tensor, array) -> None:
    """A collective's result into the caller's tensor, outside autograd (as torch's kernels):
    rebound in place (a new version) where it matches, else copied (views, broadcasting)."""
    from .. import devices
    from ..autograd import no_grad
    from ..functions import from_jax
    value = devices.place(array, t.device)
    if t._view is None and tuple(value.shape) == tuple(t.shape):
        t._assign(from_jax(value))
        return
    with no_grad():
        t.copy_(from_jax(value))


def _done(async_op: bool, result=None):
    return Work(result) if async_op else None


def _src_rank(pg: ProcessGroup, src: int | None, group_src: int | None, what: str, kind: str) -> int:
    """The group rank of the root given as a global ``src`` or a ``group_src``."""
    if group_src is not None:
        root = int(group_src)
    else:
        src = 0 if src is None else int(src)
        if pg is GroupMember.WORLD:
            root = src
        else:
            root = get_group_rank(pg, src)
    if not 0 <= root < pg.size():
        raise RuntimeError(f"ProcessGroupGloo::{kind}: invalid root rank: {root}")
    return root


def barrier(group: ProcessGroup | None = None, async_op: bool = False, device_ids=None,
            timeout: datetime.timedelta | None = None):
    """Wait until every rank of ``group`` reaches the barrier."""
    pg = _group_of(group)
    if not _member(pg, "barrier"):
        return None
    _rt.barrier(pg._group)
    return _done(async_op)


def monitored_barrier(group: ProcessGroup | None = None, timeout: datetime.timedelta | None = None,
                      wait_all_ranks: bool = False) -> None:
    barrier(group)


def all_reduce(tensor: Tensor, op=ReduceOp.SUM, group: ProcessGroup | None = None, async_op: bool = False):
    """Replace ``tensor`` on every rank by the ``op`` (SUM, AVG, PRODUCT, MIN, MAX) of all ranks'."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    if not _member(pg, "all_reduce"):
        return None
    name = _op(op)
    if name == "avg" and not tensor.dtype.is_floating_point:
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{_type_name(tensor)}")
    _write(tensor, _rt.all_reduce(_value(tensor), name, pg._group))
    return _done(async_op, [tensor])


def _type_name(t: Tensor) -> str:
    return {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
            "bool": "Bool"}.get(str(t.dtype).replace("torch.", ""), str(t.dtype))


def reduce(tensor: Tensor, dst: int | None = None, op=ReduceOp.SUM, group: ProcessGroup | None = None,
           async_op: bool = False, group_dst: int | None = None):
    """The ``op`` of all ranks' ``tensor`` into ``tensor`` of rank ``dst`` (others keep theirs)."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    if not _member(pg, "reduce"):
        return None
    root = _src_rank(pg, dst, group_dst, "dst", "reduce")
    result = _rt.all_reduce(_value(tensor), _op(op), pg._group)
    if pg.rank() == root:
        _write(tensor, result)
    return _done(async_op, [tensor])


def broadcast(tensor: Tensor, src: int | None = None, group: ProcessGroup | None = None, async_op: bool = False,
              group_src: int | None = None):
    """``tensor`` of rank ``src`` into ``tensor`` on every rank."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    if not _member(pg, "broadcast"):
        return None
    root = _src_rank(pg, src, group_src, "src", "broadcast")
    _write(tensor, _rt.broadcast(_value(tensor), root, pg._group))
    return _done(async_op, [tensor])


def all_gather(tensor_list: list, tensor: Tensor, group: ProcessGroup | None = None, async_op: bool = False):
    """Every rank's ``tensor`` into ``tensor_list[r]`` on every rank."""
    _check_list(tensor_list, "tensor_list")
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    if not _member(pg, "all_gather"):
        return None
    if len(tensor_list) != pg.size():
        raise RuntimeError(f"ProcessGroupGloo::allgather: invalid output tensor list at index 0 (expected length "
                           f"{pg.size()}, got {len(tensor_list)})")
    for i, out in enumerate(tensor_list):
        if tuple(out.shape) != tuple(tensor.shape):
            raise RuntimeError(f"ProcessGroupGloo::allgather: invalid tensor size at index {i} (expected "
                               f"({', '.join(map(str, tensor.shape))}), got ({', '.join(map(str, out.shape))}))")
    rows = _rt.all_gather(_value(tensor), pg._group)
    for out, row in zip(tensor_list, rows):
        _write(out, row)
    return _done(async_op, tensor_list)


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"`torch.distributed.{old}` is deprecated. Please use `torch.distributed.{new}` instead.",
                  FutureWarning, stacklevel=3)


def all_gather_single(output_tensor: Tensor, input_tensor: Tensor, group: ProcessGroup | None = None,
                      async_op: bool = False):
    """Every rank's ``input_tensor`` concatenated along dim 0 into ``output_tensor`` (with
    backend "nccl" also stacked along a new dim 0, as NCCL accepts)."""
    _check_tensor(output_tensor, "output_tensor")
    _check_tensor(input_tensor, "input_tensor")
    pg = _group_of(group)
    if not _member(pg, "all_gather_into_tensor"):
        return None
    n = pg.size()
    shape = tuple(input_tensor.shape)
    stacked = (n,) + shape
    concatenated = ((n * shape[0],) + shape[1:]) if shape else (n,)
    allowed = (stacked, concatenated) if pg._backend == "nccl" else (concatenated,)  # gloo: concatenated only
    if tuple(output_tensor.shape) not in allowed:
        raise RuntimeError(f"ProcessGroupGloo::allgather: invalid tensor size at index 0 (expected "
                           f"({', '.join(map(str, concatenated))}), got "
                           f"({', '.join(map(str, output_tensor.shape))}))")
    rows = np.asarray(_rt.all_gather(_value(input_tensor), pg._group))
    _write(output_tensor, rows.reshape(tuple(output_tensor.shape)))
    return _done(async_op, [output_tensor])


def all_gather_into_tensor(output_tensor: Tensor, input_tensor: Tensor, group: ProcessGroup | None = None,
                           async_op: bool = False):
    """``all_gather_single``'s deprecated name (torch 2.13 warns)."""
    _deprecated("all_gather_into_tensor", "all_gather_single")
    return all_gather_single(output_tensor, input_tensor, group, async_op)


def reduce_scatter(output: Tensor, input_list: list, op=ReduceOp.SUM, group: ProcessGroup | None = None,
                   async_op: bool = False):
    """``output`` on rank r: the ``op`` over ranks of their ``input_list[r]``."""
    _check_tensor(output, "output")
    _check_list(input_list, "input_list")
    pg = _group_of(group)
    if not _member(pg, "reduce_scatter"):
        return None
    if len(input_list) != pg.size():
        raise ValueError(f"Expected input list of size {pg.size()}, got {len(input_list)}")
    stacked = np.stack([np.asarray(_value(t)) for t in input_list])
    _write(output, _rt.reduce_scatter(stacked, _op(op), pg._group)[0])
    return _done(async_op, [output])


def reduce_scatter_single(output: Tensor, input: Tensor, op=ReduceOp.SUM, group: ProcessGroup | None = None,  # noqa: A002
                          async_op: bool = False):
    """``input`` (the group size times ``output`` along dim 0, or stacked) reduced over ranks;
    rank r keeps block r in ``output``."""
    _check_tensor(output, "output")
    _check_tensor(input, "input")
    pg = _group_of(group)
    if not _member(pg, "reduce_scatter_tensor"):
        return None
    n = pg.size()
    if output.numel() * n != input.numel():
        raise ValueError(f"input tensor must be the same size as output size times world size, got "
                         f"{input.numel()} and {output.numel()} * {n}")
    flat = np.asarray(_value(input)).reshape((n, -1))
    _write(output, np.asarray(_rt.reduce_scatter(flat, _op(op), pg._group)).reshape(tuple(output.shape)))
    return _done(async_op, [output])


def reduce_scatter_tensor(output: Tensor, input: Tensor, op=ReduceOp.SUM, group: ProcessGroup | None = None,  # noqa: A002
                          async_op: bool = False):
    """``reduce_scatter_single``'s deprecated name (torch 2.13 warns)."""
    _deprecated("reduce_scatter_tensor", "reduce_scatter_single")
    return reduce_scatter_single(output, input, op, group, async_op)


def gather(tensor: Tensor, gather_list: list | None = None, dst: int | None = None,
           group: ProcessGroup | None = None, async_op: bool = False, group_dst: int | None = None):
    """Every rank's ``tensor`` into ``gather_list`` on rank ``dst``."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    if not _member(pg, "gather"):
        return None
    root = _src_rank(pg, dst, group_dst, "dst", "gather")
    rows = _rt.all_gather(_value(tensor), pg._group)
    if pg.rank() == root:
        if gather_list is None or len(gather_list) != pg.size():
            raise ValueError("Argument ``gather_list`` must be specified on destination rank.")
        for out, row in zip(gather_list, rows):
            _write(out, row)
    elif gather_list:
        raise ValueError("Argument ``gather_list`` must NOT be specified on non-destination ranks.")
    return _done(async_op)


def scatter(tensor: Tensor, scatter_list: list | None = None, src: int | None = None,
            group: ProcessGroup | None = None, async_op: bool = False, group_src: int | None = None):
    """``scatter_list[r]`` of rank ``src`` into ``tensor`` of rank r."""
    _check_tensor(tensor, "tensor")
    pg = _group_of(group)
    if not _member(pg, "scatter"):
        return None
    root = _src_rank(pg, src, group_src, "src", "scatter")
    if pg.rank() == root:
        if not scatter_list or len(scatter_list) != pg.size():
            raise ValueError("Argument ``scatter_list`` must be specified on source rank.")
        stacked = np.stack([np.asarray(_value(t)) for t in scatter_list])
    else:
        if scatter_list:
            raise ValueError("Argument ``scatter_list`` must NOT be specified on non-source ranks.")
        stacked = np.zeros((pg.size(),) + tuple(tensor.shape), np.asarray(_value(tensor)).dtype)
    rows = _rt.broadcast(stacked, root, pg._group)
    _write(tensor, rows[pg.rank()])
    return _done(async_op, [tensor])


# ----- Python objects -------------------------------------------------------------------------

def all_gather_object(object_list: list, obj: Any, group: ProcessGroup | None = None) -> None:
    """Every rank's picklable ``obj`` into ``object_list[r]``."""
    pg = _group_of(group)
    if not _member(pg, "all_gather_object"):
        return None
    gathered = _rt.all_gather_object(obj, pg._group)
    for i, item in enumerate(gathered):
        object_list[i] = item
    return None


def gather_object(obj: Any, object_gather_list: list | None = None, dst: int | None = None,
                  group: ProcessGroup | None = None, group_dst: int | None = None) -> None:
    pg = _group_of(group)
    if not _member(pg, "gather_object"):
        return None
    root = _src_rank(pg, dst, group_dst, "dst", "gather")
    gathered = _rt.all_gather_object(obj, pg._group)
    if pg.rank() == root:
        for i, item in enumerate(gathered):
            object_gather_list[i] = item
    return None


def broadcast_object_list(object_list: list, src: int | None = None, group: ProcessGroup | None = None,
                          device: Any = None, group_src: int | None = None) -> None:
    """``object_list`` of rank ``src`` copied, item by item, into ``object_list`` everywhere."""
    pg = _group_of(group)
    if not _member(pg, "broadcast_object_list"):
        return None
    root = _src_rank(pg, src, group_src, "src", "broadcast")
    items = _rt.broadcast_object(list(object_list), root, pg._group)
    object_list[:] = items[: len(object_list)] if len(items) >= len(object_list) else items
    return None


def scatter_object_list(scatter_object_output_list: list, scatter_object_input_list: list | None = None,
                        src: int | None = None, group: ProcessGroup | None = None,
                        group_src: int | None = None) -> None:
    pg = _group_of(group)
    if not _member(pg, "scatter_object_list"):
        return None
    root = _src_rank(pg, src, group_src, "src", "scatter")
    items = _rt.broadcast_object(list(scatter_object_input_list or []), root, pg._group)
    scatter_object_output_list[0] = items[pg.rank()]
    return None


def all_to_all_single(output: Tensor, input: Tensor, output_split_sizes: list | None = None,  # noqa: A002
                      input_split_sizes: list | None = None, group: ProcessGroup | None = None,
                      async_op: bool = False):
    """Rank r sends the j-th dim-0 block of ``input`` to rank j and receives into ``output`` the
    r-th blocks of every rank, in rank order (equal blocks, or the given split sizes). Runs as an
    all-gather of the (padded) inputs, each rank keeping its blocks."""
    _check_tensor(output, "output")
    _check_tensor(input, "input")
    pg = _group_of(group)
    if not _member(pg, "all_to_all_single"):
        return None
    n, me = pg.size(), pg.rank()
    rows = int(input.shape[0]) if input.dim() else 0
    splits = list(input_split_sizes) if input_split_sizes else [rows // n] * n
    if sum(splits) != rows or len(splits) != n:
        raise RuntimeError("Split sizes doesn't match total dim 0 size")
    data = np.asarray(_value(input))
    everyone = _rt.all_gather_object((splits, rows), pg._group)
    longest = max(r for _, r in everyone)
    padded = np.zeros((longest,) + data.shape[1:], data.dtype)
    padded[:rows] = data
    gathered = np.asarray(_rt.all_gather(padded, pg._group))
    blocks = []
    for i, (their_splits, _) in enumerate(everyone):
        start = sum(their_splits[:me])
        blocks.append(gathered[i, start:start + their_splits[me]])
    received = np.concatenate(blocks) if blocks else np.zeros_like(data)
    if output_split_sizes and [len(b) for b in blocks] != list(output_split_sizes):
        raise RuntimeError("Split sizes doesn't match total dim 0 size")
    if tuple(received.shape) != tuple(output.shape):
        raise RuntimeError("Split sizes doesn't match total dim 0 size")
    _write(output, received)
    return _done(async_op, [output])


def all_to_all(output_tensor_list: list, input_tensor_list: list, group: ProcessGroup | None = None,
               async_op: bool = False):
    """Rank r sends ``input_tensor_list[j]`` to rank j; ``output_tensor_list[i]`` receives rank
    i's ``input_tensor_list[r]``."""
    _check_list(output_tensor_list, "output_tensor_list")
    _check_list(input_tensor_list, "input_tensor_list")
    pg = _group_of(group)
    if not _member(pg, "all_to_all"):
        return None
    mine = [np.asarray(_value(t)) for t in input_tensor_list]
    everyone = _rt.all_gather_object(mine, pg._group)  # small tensors: the pickled path is simplest
    for i, out in enumerate(output_tensor_list):
        _write(out, everyone[i][pg.rank()])
    return _done(async_op, output_tensor_list)
