"""``tf.device``: ops made inside run on the named device when JAX has it; otherwise where they
can, as TF's soft device placement does (a ``/GPU:0`` block on a CPU-only machine runs on the CPU)."""
from __future__ import annotations

import contextlib
import re
from typing import Iterator

import jax

_SPEC = re.compile(r"(?:^|/)(?:device:)?(cpu|gpu|tpu):(\d+)$", re.IGNORECASE)


def jax_device(name: str):
    """The JAX device a TF device string names, or None when there is no such device."""
    found = _SPEC.search(name.strip())
    if found is None:
        return None
    kind, index = found.group(1).lower(), int(found.group(2))
    try:
        devices = jax.local_devices(backend=kind)  # TF numbers this process's devices
    except RuntimeError:  # no backend of that kind on this machine
        return None
    return devices[index] if index < len(devices) else None


@contextlib.contextmanager
def device(device_name) -> Iterator[None]:
    """``tf.device(name)``; a device function or an empty name places nothing."""
    target = jax_device(device_name) if isinstance(device_name, str) and device_name else None
    if target is None:
        yield
        return
    with jax.default_device(target):
        yield


def device_name(value) -> str:
    """TF's full name of the device holding an eager value
    (``/job:localhost/replica:0/task:0/device:CPU:0``, ``...device:GPU:<n>``): the JAX device
    of ``value`` numbered among this process's devices of its kind, as TF numbers them; ``''``
    for a value not yet computed (a graph or traced tensor: TF leaves those unplaced)."""
    if value is None or isinstance(value, jax.core.Tracer):
        return ""
    devices = getattr(value, "devices", None)
    placed = sorted(devices(), key=lambda d: d.id) if callable(devices) else []
    if not placed:  # a numpy / Python value: host memory
        return "/job:localhost/replica:0/task:0/device:CPU:0"
    where = placed[0]
    kind = "CPU" if where.platform == "cpu" else "GPU" if where.platform in ("gpu", "cuda", "rocm") else \
        where.platform.upper()
    try:
        index = jax.local_devices(backend=where.platform).index(where)
    except (RuntimeError, ValueError):
        index = 0
    return f"/job:localhost/replica:0/task:0/device:{kind}:{index}"
