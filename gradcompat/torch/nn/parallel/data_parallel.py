"""``torch.nn.DataParallel`` over this process's devices, as shardings.

torch copies the module to every GPU, scatters the batch, runs the replicas in threads and
gathers the outputs. Here the batch is laid out over the devices (a ``NamedSharding`` along
``dim``) and the module runs once: XLA partitions every op over the devices and the parameter
gradients come back reduced, so the numbers are those of one device. The devices are JAX's
GPUs / TPUs; on a CPU host the host's XLA devices when there are several
(``--xla_force_host_platform_device_count``); with one device (torch's CPU case) the module runs
as is and ``device_ids`` is empty. Known difference: batch norm layers see the whole batch (torch's
replicas each normalize their chunk).
"""
from __future__ import annotations

import jax

from .... import core
from .... import distributed as shared
from ...tensor import Tensor
from ..module import Module


def _place(x, *, sharding):
    return jax.lax.with_sharding_constraint(x, sharding)


def _split(value, devices: list, dim: int):
    """A tensor laid out over ``devices`` along ``dim`` (differentiable: a sharding constraint)."""
    if not isinstance(value, Tensor) or value.dim() == 0:
        return value
    from jax.sharding import NamedSharding, PartitionSpec as P
    mesh = shared.devices.mesh(devices)
    d = dim % value.dim()
    spec = [None] * value.dim()
    if value.shape[d] % len(devices) == 0:
        spec[d] = "batch"
    sharding = NamedSharding(mesh, P(*spec))
    return Tensor._from_node(core.apply(_place, [value.node], {"sharding": sharding}, name="BroadcastBackward"))


def _tree(value, devices: list, dim: int):
    if isinstance(value, (list, tuple)):
        items = [_tree(v, devices, dim) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        return type(value)((k, _tree(v, devices, dim)) for k, v in value.items())
    return _split(value, devices, dim)


class DataParallel(Module):
    """``DataParallel(module, device_ids=None, output_device=None, dim=0)``."""

    def __init__(self, module: Module, device_ids=None, output_device=None, dim: int = 0) -> None:
        super().__init__()
        available = shared.devices.data_parallel_devices()
        if len(available) <= 1 and device_ids is None:
            self.module = module
            self.device_ids = []
            return
        if device_ids is None:
            device_ids = list(range(len(available)))
        ids = [d.index if hasattr(d, "index") else int(d) for d in device_ids]
        for i in ids:
            if not 0 <= i < len(available):
                raise AssertionError(f"Invalid device id {i}: this process has {len(available)} devices")
        self.module = module
        self.device_ids = ids
        self.output_device = ids[0] if output_device is None else output_device
        self.dim = dim
        self.src_device_obj = available[ids[0]]
        self._devices = [available[i] for i in ids]

    def forward(self, *inputs, **kwargs):
        if len(getattr(self, "_devices", ())) <= 1:
            return self.module(*inputs, **kwargs)
        return self.module(*_tree(inputs, self._devices, self.dim), **_tree(kwargs, self._devices, self.dim))
