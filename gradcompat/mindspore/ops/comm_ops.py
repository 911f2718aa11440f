"""MindSpore's collective primitives (``ops.AllReduce``, ``AllGather``, ``Broadcast``,
``ReduceScatter``) and ``ops.ReduceOp``, run on gradcompat's distributed runtime.

A collective exchanges values between processes, so it runs on its input's value when called
(inside a GRAPH_MODE call too, which is then traced at every call, as any value read is).
Known differences: every reduce op runs on every device (MindSpore's CPU kernels take SUM only
and have no ReduceScatter); gradients through a collective are not supported yet and raise
NotImplementedError (MindSpore's bprop all-reduces the incoming gradient).
"""
from __future__ import annotations

from typing import Any


from ...core import recording
from ...distributed import runtime
from ..communication.management import GlobalComm, group_of
from ..tensor import Tensor, from_jax
from .primitives import Primitive


class ReduceOp:
    """``ops.ReduceOp``: the reductions of AllReduce and ReduceScatter."""

    SUM = "sum"
    MAX = "max"
    MIN = "min"
    PROD = "prod"


_RUNTIME_OPS = {ReduceOp.SUM: "sum", ReduceOp.MAX: "max", ReduceOp.MIN: "min", ReduceOp.PROD: "product"}


def _value(name: str, x: Any):
    if not isinstance(x, Tensor):
        raise TypeError(f"For '{name}', the input must be a Tensor, but got {type(x).__name__}.")
    node = x.node
    if any(tape.watches_any([node]) for tape in recording.active_tapes()):
        raise NotImplementedError(f"gradcompat: gradients through the collective {name} are not supported yet; "
                                  "reduce the gradients after taking them (nn.DistributedGradReducer).")
    return x._jax_value()


class _Collective(Primitive):
    def __init__(self, group: str | None) -> None:
        super().__init__()
        group = GlobalComm.WORLD_COMM_GROUP if group is None else group  # the world group after init
        if not isinstance(group, str):
            raise TypeError(f"For '{self.name}', the 'group' must be a str, but got {type(group).__name__}.")
        self.group = group

    def _group(self):
        return group_of(self.group)


class AllReduce(_Collective):
    """``ops.AllReduce(op=ReduceOp.SUM, group=GlobalComm.WORLD_COMM_GROUP)``: every rank gets the
    elementwise reduction of all ranks' tensors."""

    name = "AllReduce"

    def __init__(self, op: str = ReduceOp.SUM, group: str | None = None) -> None:
        super().__init__(group)
        if op not in _RUNTIME_OPS:
            raise TypeError(f"For 'AllReduce', the 'op' must be one of ['sum', 'max', 'min', 'prod'], but got {op}.")
        self.op = op
        for key, value in (("op", op), ("group", self.group), ("fusion", 0), ("index", 0), ("no_eliminate", True)):
            self.add_prim_attr(key, value)

    def __call__(self, x: Tensor) -> Tensor:
        value = _value(self.name, x)
        group = self._group()
        if group is None:
            return from_jax(value)
        return from_jax(runtime.all_reduce(value, _RUNTIME_OPS[self.op], group).astype(value.dtype))


class AllGather(_Collective):
    """``ops.AllGather(group)``: the ranks' tensors concatenated along the first axis, in rank order."""

    name = "AllGather"

    def __init__(self, group: str | None = None) -> None:
        super().__init__(group)
        self.add_prim_attr("group", self.group)

    def __call__(self, x: Tensor) -> Tensor:
        value = _value(self.name, x)
        group = self._group()
        if group is None:
            return from_jax(value)
        gathered = runtime.all_gather(value, group)
        return from_jax(gathered.reshape((-1,) + tuple(value.shape[1:])) if value.ndim else gathered)


class ReduceScatter(_Collective):
    """``ops.ReduceScatter(op, group)``: the reduction of all ranks' tensors, split along the first
    axis into one block per rank; each rank gets its block."""

    name = "ReduceScatter"

    def __init__(self, op: str = ReduceOp.SUM, group: str | None = None) -> None:
        super().__init__(group)
        if op not in _RUNTIME_OPS:
            raise TypeError(f"For 'ReduceScatter', the 'op' must be one of ['sum', 'max', 'min', 'prod'], but got "
                            f"{op}.")
        self.op = op
        self.add_prim_attr("op", op)
        self.add_prim_attr("group", self.group)

    def __call__(self, x: Tensor) -> Tensor:
        value = _value(self.name, x)
        group = self._group()
        size = 1 if group is None else group.size
        if value.ndim == 0 or value.shape[0] % size:
            raise ValueError(f"For 'ReduceScatter', the first dimension of the input ({value.shape}) must be "
                             f"divisible by the rank size {size}.")
        if group is None:
            return from_jax(value)
        return from_jax(runtime.reduce_scatter(value, _RUNTIME_OPS[self.op], group).astype(value.dtype))


class Broadcast(_Collective):
    """``ops.Broadcast(root_rank, group)``: a tuple of tensors, each rank gets root's."""

    name = "Broadcast"

    def __init__(self, root_rank: int, group: str | None = None) -> None:
        super().__init__(group)
        if not isinstance(root_rank, int) or isinstance(root_rank, bool):
            raise TypeError(f"For 'Broadcast', the 'root_rank' must be an int, but got {type(root_rank).__name__}.")
        self.root_rank = root_rank
        self.add_prim_attr("root_rank", root_rank)
        self.add_prim_attr("group", self.group)

    def __call__(self, x: Any) -> tuple:
        if not isinstance(x, (tuple, list)):
            raise TypeError(f"For 'Broadcast', the input must be a tuple of Tensors, but got {type(x).__name__}.")
        values = [_value(self.name, t) for t in x]
        group = self._group()
        if group is None:
            return tuple(from_jax(v) for v in values)
        return tuple(from_jax(v) for v in runtime.broadcast_coalesced(values, self.root_rank, group))


def all_reduce_values(values: list, group_name: str) -> list:
    """The gradients' sum over the group, one coalesced collective per dtype (what
    ``nn.DistributedGradReducer`` all-reduces)."""
    group = group_of(group_name)
    if group is None or group.size == 1:
        return list(values)
    return runtime.all_reduce_coalesced(values, "sum", group)


__all__ = ["AllGather", "AllReduce", "Broadcast", "ReduceOp", "ReduceScatter", "all_reduce_values"]
