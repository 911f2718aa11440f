"""Local devices for single-process data parallelism (torch ``nn.DataParallel``,
``tf.distribute.MirroredStrategy``): how many there are, splitting the host CPU into several
XLA devices, and placing a batch split over them (a sharding) or a value on each of them."""
from __future__ import annotations

import os
import re
from typing import Sequence

import numpy as np

_COUNT_FLAG = "--xla_force_host_platform_device_count"


def backends_started() -> bool:
    """Whether JAX already created its backends (device settings are fixed from then on)."""
    from jax._src import xla_bridge
    return xla_bridge.backends_are_initialized()


def force_host_device_count(n: int) -> bool:
    """Split the host CPU into ``n`` XLA devices (``--xla_force_host_platform_device_count``).
    Only possible before JAX starts its backends: returns False (and changes nothing) after."""
    if backends_started():
        return len(host_devices()) == int(n)
    flags = re.sub(rf"{_COUNT_FLAG}=\S+", "", os.environ.get("XLA_FLAGS", "")).strip()
    os.environ["XLA_FLAGS"] = f"{flags} {_COUNT_FLAG}={int(n)}".strip()
    try:
        import jax
        jax.config.update("jax_num_cpu_devices", int(n))  # newer JAX reads this, not only the flag
    except (AttributeError, ValueError, RuntimeError):
        pass
    return True


def host_devices() -> list:
    """This process's CPU devices."""
    import jax
    return list(jax.local_devices(backend="cpu"))


def accelerators() -> list:
    """This process's GPU / TPU devices (empty on a CPU host)."""
    import jax
    found = []
    for platform in ("gpu", "tpu"):
        try:
            found += list(jax.local_devices(backend=platform))
        except RuntimeError:
            pass
    return found


def data_parallel_devices() -> list:
    """The devices data parallelism spreads over: the accelerators, else the host's CPU devices."""
    return accelerators() or host_devices()


def mesh(devices: Sequence) -> "object":
    """A one-axis mesh ``("batch",)`` over ``devices``."""
    from jax.sharding import Mesh
    return Mesh(np.array(list(devices), dtype=object), ("batch",))


def split_batch(x, devices: Sequence, axis: int = 0):
    """``x`` laid out over ``devices`` along ``axis`` (a sharding; uneven sizes are padded by
    XLA's layout only when divisible, else ``x`` is replicated)."""
    import jax
    from jax.sharding import NamedSharding, PartitionSpec as P
    x = jax.numpy.asarray(x)
    devices = list(devices)
    if len(devices) == 1 or x.ndim == 0 or x.shape[axis] % len(devices):
        return jax.device_put(x, NamedSharding(mesh(devices), P()))
    spec = [None] * x.ndim
    spec[axis] = "batch"
    return jax.device_put(x, NamedSharding(mesh(devices), P(*spec)))


def replicate(x, devices: Sequence):
    """``x`` copied onto every device of ``devices`` (one replicated array)."""
    import jax
    from jax.sharding import NamedSharding, PartitionSpec as P
    return jax.device_put(jax.numpy.asarray(x), NamedSharding(mesh(list(devices)), P()))


def chunks(n: int, parts: int) -> list[int]:
    """Sizes of ``torch.chunk``-style splits of ``n`` rows into at most ``parts`` pieces."""
    step = -(-n // parts) if n else 0
    sizes = []
    while n > 0 and step:
        sizes.append(min(step, n))
        n -= step
    return sizes
