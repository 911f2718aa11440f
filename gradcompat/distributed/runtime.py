"""The process-group runtime: JAX's distributed runtime (``jax.distributed``: a coordinator, CPU
collectives over gloo, XLA collectives on GPU/TPU) seen as ranks, groups and collectives.

A process is one rank; each rank contributes its first local JAX device to a group's mesh. A
collective stacks every rank's array into one global array sharded over that mesh (one row per
rank) and runs a jitted reduction / reshard on it, so XLA emits the all-reduce, all-gather or
reduce-scatter: nothing here speaks a socket protocol. Compiled collectives are cached by
(op, group, shape, dtype), so a training loop compiles each once.
"""
from __future__ import annotations

import contextlib
import functools
import os
import pickle
import signal
import socket
import sys
import threading
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

REDUCE_OPS = ("sum", "avg", "max", "min", "product", "band", "bor", "bxor")


class DistributedError(RuntimeError):
    """A runtime failure (bad setup, a port in use, a rank that cannot join); the dialects
    translate it into their framework's error."""


class PortInUse(DistributedError):
    """The coordinator's port is taken by another process."""

    def __init__(self, port: int) -> None:
        super().__init__(f"port {port} is already in use")
        self.port = port


@dataclass(frozen=True)
class Group:
    """Ranks that take part in collectives together (global ranks, in group-rank order)."""

    ranks: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.ranks)

    def rank(self) -> int:
        """This process's rank inside the group, -1 if it is not a member."""
        me = rank()
        return self.ranks.index(me) if me in self.ranks else -1

    def global_rank(self, group_rank: int) -> int:
        return self.ranks[group_rank]


@dataclass
class _State:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0
    coordinator: str | None = None
    started_jax: bool = False  # jax.distributed.initialize ran in this process
    pinned: tuple[int, int] | None = None  # (local rank, local world size): this worker owns one GPU


_state: _State | None = None
_lock = threading.Lock()


# ----- set-up ---------------------------------------------------------------------------------

def _backends_started() -> bool:
    from jax._src import xla_bridge
    return xla_bridge.backends_are_initialized()


def port_is_free(port: int) -> bool:
    """Whether a server could listen on ``port`` on every interface (what the coordinator does;
    JAX's coordinator crashes the process when it cannot bind, so we look first)."""
    for family, address in ((socket.AF_INET6, "::"), (socket.AF_INET, "0.0.0.0")):
        try:
            sock = socket.socket(family, socket.SOCK_STREAM)
        except OSError:
            continue
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((address, port))
        except OSError:
            return False
        finally:
            sock.close()
    return True


def _gpu_plugin() -> bool:
    """Whether JAX will find GPUs (a CUDA / ROCm plugin installed and not switched off), judged
    without starting a backend."""
    import importlib.util
    platforms = os.environ.get("JAX_PLATFORMS", "")
    if platforms and not any(p in platforms for p in ("cuda", "gpu", "rocm")):
        return False
    return any(importlib.util.find_spec(name) is not None
               for name in ("jax_cuda12_plugin", "jax_cuda13_plugin", "jax_rocm60_plugin", "jax_rocm7_plugin"))


def pinned() -> tuple[int, int] | None:
    """(local rank, local world size) when each worker of this node owns one GPU (JAX's
    ``local_device_ids``): the dialects map their device indices onto it."""
    return _state.pinned if _state is not None else None


def initialize(rank: int, world_size: int, master_addr: str = "127.0.0.1", master_port: int = 29500, *,
               timeout: float | None = None, local_rank: int | None = None, local_world_size: int | None = None,
               local_device_ids: Sequence[int] | None = None) -> None:
    """Join the job as ``rank`` of ``world_size``: ``jax.distributed.initialize`` with the
    coordinator at ``master_addr:master_port`` (rank 0 hosts it) and gloo CPU collectives. On
    a GPU host with several workers per node, worker ``local_rank`` owns GPU ``local_rank``
    (``local_device_ids``), as torchrun's scripts use ``cuda:LOCAL_RANK``.

    Must run before this process's first JAX computation (JAX's rule); ``gradcompat run
    --nproc-per-node`` calls it before the script starts. Calling it again with the same rank
    and world size is a no-op. A world of one needs no coordinator."""
    global _state
    rank, world_size = int(rank), int(world_size)
    if world_size < 1 or not 0 <= rank < world_size:
        raise DistributedError(f"invalid rank {rank} for a world of size {world_size}")
    with _lock:
        if _state is not None:
            if (_state.rank, _state.world_size) != (rank, world_size):
                raise DistributedError(f"already initialized as rank {_state.rank} of {_state.world_size}")
            return
        state = _State(rank, world_size, rank if local_rank is None else int(local_rank),
                       f"{master_addr}:{int(master_port)}")
        if world_size > 1:
            if rank == 0 and not port_is_free(int(master_port)):
                raise PortInUse(int(master_port))
            if _backends_started():
                raise DistributedError(
                    "the distributed runtime must start before the process's first JAX computation: call "
                    "init_process_group (or its equivalent) before creating tensors, or launch the script "
                    "with `gradcompat run --nproc-per-node N`, which starts it first")
            if (local_device_ids is None and local_world_size is not None and int(local_world_size) > 1
                    and _gpu_plugin()):
                local_device_ids = [state.local_rank]
                state.pinned = (state.local_rank, int(local_world_size))
            import jax
            jax.config.update("jax_cpu_collectives_implementation", "gloo")
            kwargs = {"initialization_timeout": max(1, int(timeout))} if timeout else {}
            jax.distributed.initialize(coordinator_address=state.coordinator, num_processes=world_size,
                                       process_id=rank, local_device_ids=local_device_ids, **kwargs)
            state.started_jax = True
            try:  # JAX takes SIGTERM as a preemption notice; a launcher's SIGTERM means stop, as in torch
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
            except ValueError:
                pass  # not the main thread
        _state = state


def initialize_from_env(timeout: float | None = None) -> None:
    """``initialize`` from torchrun's variables (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR,
    MASTER_PORT); a missing one is a ``KeyError`` naming it."""
    env = os.environ
    initialize(int(env["RANK"]), int(env["WORLD_SIZE"]), env["MASTER_ADDR"], int(env["MASTER_PORT"]),
               timeout=timeout, local_rank=int(env.get("LOCAL_RANK", env["RANK"])),
               local_world_size=int(env.get("LOCAL_WORLD_SIZE", env["WORLD_SIZE"])))


def is_initialized() -> bool:
    return _state is not None


def shutdown() -> None:
    """Leave the job (``jax.distributed.shutdown``). JAX cannot start its runtime twice in one
    process, so a dialect that lets users destroy and re-create groups keeps this one running."""
    global _state
    with _lock:
        state, _state = _state, None
    _compiled.cache_clear()
    _mesh.cache_clear()
    if state is not None and state.started_jax:
        import jax
        jax.distributed.shutdown()


def _require() -> _State:
    if _state is None:
        raise DistributedError("the distributed runtime is not initialized")
    return _state


def rank() -> int:
    return _require().rank


def world_size() -> int:
    return _require().world_size


def local_rank() -> int:
    return _require().local_rank


def world() -> Group:
    return Group(tuple(range(world_size())))


def new_group(ranks: Sequence[int] | None = None) -> Group:
    """A group of the given global ranks (all of them when None), in sorted order as torch."""
    size = world_size()
    members = tuple(sorted(set(int(r) for r in ranks))) if ranks is not None else tuple(range(size))
    for r in members:
        if not 0 <= r < size:
            raise DistributedError(f"rank {r} is not in the world of size {size}")
    return Group(members)


# ----- devices and compiled collectives -------------------------------------------------------

def rank_device(r: int):
    """The device rank ``r`` contributes to collectives: its process's first local device."""
    import jax
    if _require().world_size == 1:
        return jax.local_devices()[0]
    return min((d for d in jax.devices() if d.process_index == r), key=lambda d: d.id)


def local_device():
    """This rank's collective device (where collective results land)."""
    return rank_device(rank())


@functools.lru_cache(maxsize=None)
def _mesh(ranks: tuple[int, ...]):
    from jax.sharding import Mesh
    return Mesh(np.array([rank_device(r) for r in ranks], dtype=object), ("ranks",))


_ACCUMULATE = {"sum": "sum", "avg": "mean", "max": "max", "min": "min", "product": "prod",
               "band": "bitwise_and", "bor": "bitwise_or", "bxor": "bitwise_xor"}


def _reducer(op: str):
    """``f(a, axis=0)`` for reduce op ``op`` (the bitwise ones fold the rows)."""
    import jax.numpy as jnp
    name = _ACCUMULATE[op]
    if not op.startswith("b"):
        return getattr(jnp, name)
    fold = getattr(jnp, name)
    return lambda a, axis=0: functools.reduce(fold, [a[i] for i in range(a.shape[0])])


@functools.lru_cache(maxsize=None)
def _compiled(kind: str, ranks: tuple[int, ...], arg: Any):
    import jax
    import jax.numpy as jnp
    from jax.sharding import NamedSharding, PartitionSpec as P
    mesh = _mesh(ranks)
    replicated, per_rank = NamedSharding(mesh, P()), NamedSharding(mesh, P("ranks"))

    if kind == "all_reduce":
        reduce = _reducer(arg)

        def fn(a):
            out = reduce(a, axis=0)
            return out.astype(a.dtype) if arg != "avg" or jnp.issubdtype(a.dtype, jnp.inexact) else out
        return jax.jit(fn, out_shardings=replicated)
    if kind == "broadcast":
        return jax.jit(lambda a: a[arg], out_shardings=replicated)
    if kind == "all_gather":
        return jax.jit(lambda a: a, out_shardings=replicated)
    if kind == "reduce_scatter":
        reduce = _reducer(arg)
        k = len(ranks)

        def fn(a):  # (k, k * m, ...) -> reduced (k * m, ...) -> row block r to rank r
            out = reduce(a, axis=0).astype(a.dtype)
            return out.reshape((k, -1) + out.shape[1:])
        return jax.jit(fn, out_shardings=per_rank)
    raise ValueError(kind)


_seen: set = set()


@contextlib.contextmanager
def _quiet_stdout(key):
    """Gloo prints "[Gloo] Rank r is connected to ..." on the C++ stdout when a group's first
    collective connects; the frameworks print nothing there, so that first call writes fd 1 to
    /dev/null."""
    if key in _seen:
        yield
        return
    _seen.add(key)
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _run(kind: str, group: Group | None, arg: Any, x):
    """Stack ``x`` of every rank of ``group`` into a global array and run collective ``kind``;
    the local result as a ``jax.Array`` on this rank's collective device."""
    import jax
    group = group or world()
    me = group.rank()
    if me < 0:
        raise DistributedError(f"rank {rank()} is not a member of the group {list(group.ranks)}")
    x = jax.numpy.asarray(x)
    if group.size == 1 or _require().world_size == 1:
        return _single(kind, arg, x)
    from jax.sharding import NamedSharding, PartitionSpec as P
    mesh = _mesh(group.ranks)
    local = jax.device_put(x[None], rank_device(rank()))
    stacked = jax.make_array_from_single_device_arrays((group.size,) + x.shape, NamedSharding(mesh, P("ranks")),
                                                       [local])
    fn = _compiled(kind, group.ranks, arg)
    with _quiet_stdout(group.ranks):
        out = fn(stacked)
        result = out.addressable_data(0)
        result.block_until_ready()
    return result[0] if kind == "reduce_scatter" else result


def _single(kind: str, arg: Any, x):
    """A group of one: the collectives' results without communication."""
    if kind == "all_gather":
        return x[None]
    if kind == "all_reduce" and arg == "avg" and not np.issubdtype(x.dtype, np.inexact):
        return x.astype(np.float32)
    return x


# ----- collectives on arrays ------------------------------------------------------------------

def _op(op: str) -> str:
    op = str(op).lower()
    if op not in REDUCE_OPS:
        raise ValueError(f"unknown reduce op {op!r}; expected one of {REDUCE_OPS}")
    return op


def all_reduce(x, op: str = "sum", group: Group | None = None):
    """Every rank gets the elementwise ``op`` (sum, avg, max, min, product) of all ranks' ``x``."""
    return _run("all_reduce", group, _op(op), x)


def broadcast(x, src: int = 0, group: Group | None = None):
    """Every rank gets ``x`` of group rank ``src``."""
    group = group or world()
    if not 0 <= int(src) < group.size:
        raise DistributedError(f"invalid root rank: {src}")
    return _run("broadcast", group, int(src), x)


def all_gather(x, group: Group | None = None):
    """Every rank gets all ranks' ``x`` stacked along a new first axis (group-rank order)."""
    return _run("all_gather", group, None, x)


def reduce_scatter(x, op: str = "sum", group: Group | None = None):
    """The ``op`` of all ranks' ``x`` (first axis a multiple of the group size), split along
    the first axis; rank ``r`` gets block ``r``."""
    group = group or world()
    x_shape = np.shape(x)
    if not x_shape or x_shape[0] % group.size:
        raise DistributedError(f"reduce_scatter needs a first axis divisible by the group size {group.size}, "
                               f"got shape {tuple(x_shape)}")
    return _run("reduce_scatter", group, _op(op), x)


def barrier(group: Group | None = None) -> None:
    """Return once every rank of ``group`` has reached its barrier (a collective on a scalar)."""
    np.asarray(all_reduce(np.zeros((), np.int32), "sum", group))


# ----- collectives on Python objects ------------------------------------------------------------

def _to_bytes(obj: Any) -> np.ndarray:
    return np.frombuffer(pickle.dumps(obj), dtype=np.uint8)


def _from_bytes(data: np.ndarray) -> Any:
    return pickle.loads(np.asarray(data, dtype=np.uint8).tobytes())


def all_gather_object(obj: Any, group: Group | None = None) -> list:
    """Every rank's (picklable) ``obj``, in group-rank order, on every rank."""
    data = _to_bytes(obj)
    sizes = np.asarray(all_gather(np.asarray(len(data), np.int64), group)).tolist()
    padded = np.zeros(max(sizes), np.uint8)
    padded[: len(data)] = data
    rows = np.asarray(all_gather(padded, group))
    return [_from_bytes(row[:n]) for row, n in zip(rows, sizes)]


def broadcast_object(obj: Any, src: int = 0, group: Group | None = None) -> Any:
    """Group rank ``src``'s (picklable) ``obj`` on every rank (the others pass anything)."""
    group = group or world()
    mine = group.rank() == int(src)
    data = _to_bytes(obj) if mine else np.zeros(0, np.uint8)
    size = int(np.asarray(broadcast(np.asarray(len(data), np.int64), src, group)))
    buf = np.zeros(size, np.uint8)
    if mine:
        buf[:] = data
    return _from_bytes(np.asarray(broadcast(buf, src, group)))


# ----- many arrays in one collective (gradient buckets) -----------------------------------------

@functools.lru_cache(maxsize=None)
def _packer(shapes: tuple, scale: float | None):
    import jax
    import jax.numpy as jnp

    def pack(xs):
        flat = jnp.concatenate([jnp.ravel(x) for x in xs])
        return flat if scale is None else flat * jnp.asarray(scale, flat.dtype)

    def unpack(flat):
        out, start = [], 0
        for shape in shapes:
            n = int(np.prod(shape, dtype=np.int64))
            out.append(flat[start:start + n].reshape(shape))
            start += n
        return out
    return jax.jit(pack), jax.jit(unpack)


def _coalesced(arrays: Sequence, collective, scale: float | None) -> list:
    """Run ``collective(flat)`` once per dtype on the arrays packed into one flat buffer."""
    import jax.numpy as jnp
    arrays = [jnp.asarray(a) for a in arrays]
    results: list = [None] * len(arrays)
    by_dtype: dict = {}
    for i, a in enumerate(arrays):
        by_dtype.setdefault(a.dtype, []).append(i)
    for dtype, index in by_dtype.items():
        shapes = tuple(tuple(arrays[i].shape) for i in index)
        pack, unpack = _packer(shapes, scale if jnp.issubdtype(dtype, jnp.inexact) else None)
        for i, part in zip(index, unpack(collective(pack([arrays[i] for i in index])))):
            results[i] = part
    return results


def all_reduce_coalesced(arrays: Sequence, op: str = "sum", group: Group | None = None) -> list:
    """``all_reduce`` of many arrays with one collective per dtype. ``op="avg"`` divides each
    rank's values by the group size before summing, as torch's DistributedDataParallel does."""
    op = _op(op)
    size = (group or world()).size
    if op == "avg":
        return _coalesced(arrays, lambda flat: all_reduce(flat, "sum", group), 1.0 / size)
    return _coalesced(arrays, lambda flat: all_reduce(flat, op, group), None)


def broadcast_coalesced(arrays: Sequence, src: int = 0, group: Group | None = None) -> list:
    """``broadcast`` of many arrays with one collective per dtype (model state at start-up)."""
    return _coalesced(arrays, lambda flat: broadcast(flat, src, group), None)
