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
