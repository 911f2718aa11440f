"""``tf.config``: TF's device listing and runtime settings, over JAX's devices.

Physical devices are the host CPU (``/physical_device:CPU:0``, as TF lists it) and JAX's
GPUs (``/physical_device:GPU:<n>``). Settings that TF fixes once its runtime has started
(visible devices, virtual devices, memory growth, thread pools) are recorded, and changing
them after the first eager tensor (or ``list_logical_devices``) raises TF's RuntimeError;
JAX does not act on them (XLA owns memory and threads), except virtual CPU devices: splitting
the CPU into n logical devices gives JAX n host devices (``jax_num_cpu_devices``, restarting
JAX's backends if device listing had started them; nothing exists on them yet), which
``tf.device`` and ``tf.distribute`` strategies then use. ``run_functions_eagerly(True)``
makes ``tf.function`` run the Python body eagerly, as in TF.
"""
from __future__ import annotations

import collections
from types import SimpleNamespace
from typing import Any

from . import context

PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])


class LogicalDeviceConfiguration(collections.namedtuple(
        "LogicalDeviceConfiguration", ["memory_limit", "experimental_priority", "experimental_device_ordinal"])):
    """``tf.config.LogicalDeviceConfiguration(memory_limit=None, ...)``: one virtual device."""

    def __new__(cls, memory_limit=None, experimental_priority=None, experimental_device_ordinal=None):
        return super().__new__(cls, memory_limit, experimental_priority, experimental_device_ordinal)


_settings: dict[str, Any] = {"visible": None, "virtual": {}, "growth": {}, "inter_op": 0, "intra_op": 0,
                             "jit": "", "soft_placement": True, "determinism": False}


def _physical() -> list[PhysicalDevice]:
    devices = [PhysicalDevice("/physical_device:CPU:0", "CPU")]
    try:
        import jax
        gpus = jax.local_devices(backend="gpu")  # this process's, in a multi-process job too
    except RuntimeError:  # no GPU backend
        gpus = []
    devices += [PhysicalDevice(f"/physical_device:GPU:{i}", "GPU") for i in range(len(gpus))]
    return devices


def list_physical_devices(device_type: str | None = None) -> list[PhysicalDevice]:
    """``tf.config.list_physical_devices``: the CPU and JAX's GPUs (``device_type`` is case-sensitive, as in TF)."""
    return [d for d in _physical() if device_type is None or d.device_type == device_type]


def get_visible_devices(device_type: str | None = None) -> list[PhysicalDevice]:
    """``tf.config.get_visible_devices``: all physical devices unless ``set_visible_devices`` chose some."""
    visible = _settings["visible"] if _settings["visible"] is not None else _physical()
    return [d for d in visible if device_type is None or d.device_type == device_type]


def set_visible_devices(devices, device_type: str | None = None) -> None:
    """``tf.config.set_visible_devices``: recorded; a change after initialization is TF's RuntimeError."""
    devices = [devices] if isinstance(devices, PhysicalDevice) else list(devices)
    kept = [d for d in get_visible_devices() if device_type is not None and d.device_type != device_type]
    new = [d for d in _physical() if d in devices or d in kept]
    if new == get_visible_devices():
        return
    if context.initialized():
        raise RuntimeError("Visible devices cannot be modified after being initialized")
    _settings["visible"] = new


def list_logical_devices(device_type: str | None = None) -> list[LogicalDevice]:
    """``tf.config.list_logical_devices``: one per visible device (or per virtual device
    configured on it), named ``/device:CPU:0``...; starts the runtime, as in TF."""
    context.mark_initialized()
    devices, counts = [], {}
    for physical in get_visible_devices():
        kind = physical.device_type
        for _ in _settings["virtual"].get(physical.name) or [None]:
            devices.append(LogicalDevice(f"/device:{kind}:{counts.get(kind, 0)}", kind))
            counts[kind] = counts.get(kind, 0) + 1
    return [d for d in devices if device_type is None or d.device_type == device_type]


def get_logical_device_configuration(device: PhysicalDevice):
    """``tf.config.get_logical_device_configuration``: the virtual devices set, or None."""
    return _settings["virtual"].get(device.name)


def set_logical_device_configuration(device: PhysicalDevice, logical_devices) -> None:
    """``tf.config.set_logical_device_configuration``: recorded (split a device into virtual
    ones); TF's ValueError for a CPU memory limit, RuntimeError after initialization."""
    configs = None if logical_devices is None else list(logical_devices)
    if device.device_type == "CPU" and any(c.memory_limit is not None for c in configs or []):
        raise ValueError("Setting memory limit on CPU virtual devices is currently not supported")
    if configs == _settings["virtual"].get(device.name):
        return
    if context.initialized():
        raise RuntimeError("Virtual devices cannot be modified after being initialized")
    if device.device_type == "CPU" and configs:
        _ensure_cpu_devices(len(configs))
    _settings["virtual"][device.name] = configs


def _ensure_cpu_devices(count: int) -> None:
    """Give JAX at least ``count`` CPU devices for TF's logical CPUs. Before TF's runtime starts
    no array exists, so JAX's backends (started by device listing) may be restarted with more
    host devices (``jax_num_cpu_devices``, as ``--xla_force_host_platform_device_count``)."""
    import jax
    import jax.extend.backend
    if len(jax.local_devices(backend="cpu")) >= count:  # e.g. XLA_FLAGS already asked for enough
        return
    if jax.live_arrays():  # something (not TF) already computed on JAX: its arrays must stay valid
        raise RuntimeError("Virtual devices cannot be modified after being initialized")
    jax.extend.backend.clear_backends()
    jax.config.update("jax_num_cpu_devices", count)


def get_memory_growth(device: PhysicalDevice) -> bool:
    """``tf.config.experimental.get_memory_growth``: False for a GPU unless set (TF's KeyError for a CPU)."""
    if device.device_type != "GPU":
        raise KeyError(device)
    return _settings["growth"].get(device.name, False)


def set_memory_growth(device: PhysicalDevice, enable: bool) -> None:
    """``tf.config.experimental.set_memory_growth``: recorded for a GPU (XLA's allocator is not
    changed); TF's ValueError for a CPU, RuntimeError after initialization."""
    if device.device_type != "GPU":
        raise ValueError("Cannot set memory growth on non-GPU and non-Pluggable devices")
    if _settings["virtual"].get(device.name):
        raise ValueError("Cannot set memory growth on device when virtual devices configured")
    if _settings["growth"].get(device.name, False) == bool(enable):
        return
    if context.initialized():
        raise RuntimeError("Physical devices cannot be modified after being initialized")
    _settings["growth"][device.name] = bool(enable)


def run_functions_eagerly(run_eagerly: bool) -> None:
    """``tf.config.run_functions_eagerly``: ``tf.function`` calls run the Python body eagerly."""
    context.set_functions_run_eagerly(bool(run_eagerly))


def functions_run_eagerly() -> bool:
    """``tf.config.functions_run_eagerly``."""
    return context.functions_run_eagerly()


def _thread_setter(key: str, label: str):
    def setter(num_threads: int) -> None:
        if _settings[key] == num_threads:
            return
        if context.initialized():
            raise RuntimeError(f"{label} parallelism cannot be modified after initialization.")
        _settings[key] = num_threads
    setter.__doc__ = f"``tf.config.threading.set_{key}_parallelism_threads``: recorded (0: the system picks)."
    return setter


def _thread_getter(key: str):
    def getter() -> int:
        return _settings[key]
    getter.__doc__ = f"``tf.config.threading.get_{key}_parallelism_threads``."
    return getter


threading = SimpleNamespace(
    set_inter_op_parallelism_threads=_thread_setter("inter_op", "Inter op"),
    get_inter_op_parallelism_threads=_thread_getter("inter_op"),
    set_intra_op_parallelism_threads=_thread_setter("intra_op", "Intra op"),
    get_intra_op_parallelism_threads=_thread_getter("intra_op"))


def _set_jit(enabled) -> None:
    """``tf.config.optimizer.set_jit``: True/"autoclustering" or False/"" (recorded; XLA always compiles here)."""
    _settings["jit"] = "autoclustering" if enabled is True else ("" if enabled is False else enabled)


def _get_jit() -> str:
    return _settings["jit"]


optimizer = SimpleNamespace(set_jit=_set_jit, get_jit=_get_jit,
                            set_experimental_options=lambda options: None,
                            get_experimental_options=lambda: {})


def set_soft_device_placement(enabled: bool) -> None:
    _settings["soft_placement"] = bool(enabled)


def get_soft_device_placement() -> bool:
    return _settings["soft_placement"]


def _enable_op_determinism() -> None:
    """``tf.config.experimental.enable_op_determinism``: recorded (XLA's CPU kernels are deterministic)."""
    _settings["determinism"] = True


experimental = SimpleNamespace(
    list_physical_devices=list_physical_devices, list_logical_devices=list_logical_devices,
    get_visible_devices=get_visible_devices, set_visible_devices=set_visible_devices,
    get_memory_growth=get_memory_growth, set_memory_growth=set_memory_growth,
    get_virtual_device_configuration=get_logical_device_configuration,
    set_virtual_device_configuration=set_logical_device_configuration,
    VirtualDeviceConfiguration=LogicalDeviceConfiguration,
    enable_op_determinism=_enable_op_determinism)

__all__ = ["PhysicalDevice", "LogicalDevice", "LogicalDeviceConfiguration", "list_physical_devices",
           "list_logical_devices", "get_visible_devices", "set_visible_devices", "get_logical_device_configuration",
           "set_logical_device_configuration", "run_functions_eagerly", "functions_run_eagerly", "threading",
           "optimizer", "experimental", "set_soft_device_placement", "get_soft_device_placement"]
