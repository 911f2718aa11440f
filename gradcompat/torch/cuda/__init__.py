"""``torch.cuda`` on JAX: ``cuda:i`` is JAX's i-th GPU.

On a host where JAX has no GPU this module answers as a CPU-only build of torch 2.13 does:
``is_available()`` is False, ``device_count()`` 0, functions that need a device raise
``AssertionError: Torch not compiled with CUDA enabled`` (``set_device`` and
``reset_peak_memory_stats`` raise the AttributeError CPU-only torch raises), and the ones that
do not (``manual_seed``, ``empty_cache``, ``memory_allocated`` ...) are silent no-ops.
With GPUs, device names, capabilities and memory statistics come from JAX's devices.
"""
from __future__ import annotations

import time
from typing import Any

import jax

from .. import devices as _devices
from .. import legacy as _legacy
from ..devices import NO_CUDA
from ..tensor import Tensor as _Tensor
from . import amp, nvtx

OutOfMemoryError = type("OutOfMemoryError", (RuntimeError,), {"__module__": "torch"})


def is_available() -> bool:
    """True exactly when JAX has a GPU."""
    return bool(_devices.cuda_devices())


def device_count() -> int:
    """The number of JAX GPUs."""
    return len(_devices.cuda_devices())


def is_initialized() -> bool:
    return is_available()


def init() -> None:
    """``torch.cuda.init()``: nothing to do with JAX; torch's error without a GPU."""
    _require()


def _require() -> list:
    gpus = _devices.cuda_devices()
    if not gpus:
        raise AssertionError(NO_CUDA)
    return gpus


def _index(device: Any = None, optional: bool = True) -> int:
    """The cuda index a ``device`` argument names (None: the current device)."""
    if device is None:
        return _devices.current_cuda_index()
    if isinstance(device, int) and not isinstance(device, bool):
        return device if device >= 0 else _devices.current_cuda_index()
    d = _devices.parse(device)
    if d.type != "cuda":
        raise ValueError(f"Expected a cuda device, but got: {d}")
    return _devices.current_cuda_index() if d.index is None else d.index


def _jax_device(device: Any = None):
    gpus = _require()
    index = _index(device)
    if index >= len(gpus):
        raise AssertionError("Invalid device id")
    return gpus[index]


def current_device() -> int:
    """The index of the current cuda device."""
    return _devices.current_cuda_index()


def set_device(device: Any) -> None:
    """``torch.cuda.set_device(device)``: negative indices are ignored, as torch does."""
    if device is None:
        raise ValueError(f"Expected a torch.device with a specified index or an integer, but got:{device}")
    if isinstance(device, int) and device < 0:
        return
    index = _index(device)
    if index < 0:
        return
    if not _devices.cuda_devices():
        raise AttributeError("module 'torch._C' has no attribute '_cuda_setDevice'")
    _devices.set_cuda_index(index)


class device:
    """``torch.cuda.device(device)``: a context manager making ``device`` the current cuda device."""

    def __init__(self, device: Any) -> None:
        self.idx = -1 if device is None else _index(device)
        self.prev_idx = -1

    def __enter__(self) -> None:
        if self.idx == -1:
            return
        if not _devices.cuda_devices():
            raise RuntimeError("PyTorch was compiled without CUDA support")
        self.prev_idx = _devices.current_cuda_index()
        _devices.set_cuda_index(self.idx)

    def __exit__(self, *exc: Any) -> bool:
        if self.idx != -1 and self.prev_idx != -1:
            _devices.set_cuda_index(self.prev_idx)
        return False


class device_of(device):
    """``torch.cuda.device_of(tensor)``: the tensor's cuda device as the current one (no-op on CPU)."""

    def __init__(self, obj) -> None:
        d = obj.device
        super().__init__(d.index if d.type == "cuda" else -1)


def get_device_name(device: Any = None) -> str:
    """The JAX device's kind (``NVIDIA H100 80GB HBM3`` ...)."""
    return _jax_device(device).device_kind


def get_device_capability(device: Any = None) -> tuple[int, int]:
    """(major, minor) compute capability of the JAX GPU."""
    capability = getattr(_jax_device(device), "compute_capability", "0.0")
    major, _, minor = str(capability).partition(".")
    return int(major), int(minor or 0)


class _CudaDeviceProperties:
    """What ``torch.cuda.get_device_properties`` reports, from the JAX device."""

    def __init__(self, jax_device) -> None:
        stats = _memory_stats(jax_device)
        self.name = jax_device.device_kind
        self.major, self.minor = get_device_capability(_devices.from_jax(jax_device))
        self.total_memory = int(stats.get("bytes_limit", 0))
        self.multi_processor_count = int(getattr(jax_device, "core_count", 0) or 0)
        self.is_integrated = False
        self.is_multi_gpu_board = False

    def __repr__(self) -> str:
        return (f"_CudaDeviceProperties(name='{self.name}', major={self.major}, minor={self.minor}, "
                f"total_memory={self.total_memory // (1024 * 1024)}MB, "
                f"multi_processor_count={self.multi_processor_count})")


def get_device_properties(device: Any = None) -> _CudaDeviceProperties:
    return _CudaDeviceProperties(_jax_device(device))


def get_arch_list() -> list[str]:
    return [f"sm_{major}{minor}" for major, minor in {get_device_capability(i) for i in range(device_count())}]


def is_bf16_supported(including_emulation: bool = True) -> bool:
    """True on a JAX GPU of compute capability 8.0 or newer (or any GPU with ``including_emulation``)."""
    if not is_available():
        return False
    return including_emulation or get_device_capability()[0] >= 8


# ----- seeds: torch's cuda generators are not separate streams here ---------------------

def manual_seed(seed: int) -> None:
    """Accepted (torch's cuda generators are not separate streams here; ``torch.manual_seed`` seeds)."""
    int(seed)


def manual_seed_all(seed: int) -> None:
    int(seed)


def seed() -> None:
    return None


def seed_all() -> None:
    return None


def initial_seed() -> int:
    _require()
    from ..creation import default_generator
    return default_generator.initial_seed()


def get_rng_state(device: Any = "cuda"):
    """CPU-only torch's AssertionError without a GPU; with one, the default generator's state."""
    _require()
    from ..creation import default_generator
    return default_generator.get_state() if hasattr(default_generator, "get_state") else None


def get_rng_state_all() -> list:
    return [get_rng_state(i) for i in range(device_count())]


def set_rng_state(new_state, device: Any = "cuda") -> None:
    """Accepted (applied lazily by torch, never without a GPU; cuda streams are not separate here)."""


def set_rng_state_all(new_states) -> None:
    for state in new_states:
        set_rng_state(state)


# ----- legacy cuda tensor types ----------------------------------------------------------

class _CudaTensorType(_legacy.tensortype):
    """``torch.cuda.FloatTensor`` ...: instances are tensors of that dtype on a cuda device."""

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, _Tensor) and obj.dtype is cls.dtype and obj.device.type == "cuda"

    def __repr__(cls) -> str:
        return f"<class 'torch.cuda.{cls.__name__}'>"


def _cuda_tensor_type(name: str, dtype) -> type:
    def __new__(cls, *args, **kwargs):
        if not is_available():
            raise TypeError(f"type torch.cuda.{name} not available. Torch not compiled with CUDA enabled.")
        return _legacy._new(cls.dtype, args, kwargs).cuda()

    return _CudaTensorType(name, (), {"__new__": __new__, "dtype": dtype, "__module__": "torch.cuda",
                                      "__doc__": f"``torch.cuda.{name}``: {dtype} tensors made on the GPU."})


_CUDA_TYPES = {name: _cuda_tensor_type(name, d) for d, name in _legacy._LEGACY.items()}
FloatTensor, DoubleTensor, HalfTensor = _CUDA_TYPES["FloatTensor"], _CUDA_TYPES["DoubleTensor"], _CUDA_TYPES["HalfTensor"]
BFloat16Tensor, LongTensor, IntTensor = _CUDA_TYPES["BFloat16Tensor"], _CUDA_TYPES["LongTensor"], _CUDA_TYPES["IntTensor"]
ShortTensor, CharTensor, ByteTensor = _CUDA_TYPES["ShortTensor"], _CUDA_TYPES["CharTensor"], _CUDA_TYPES["ByteTensor"]
BoolTensor = _CUDA_TYPES["BoolTensor"]


# ----- synchronization and memory -------------------------------------------------------

def synchronize(device: Any = None) -> None:
    """Wait for every array computed on the device."""
    target = _jax_device(device)
    for array in jax.live_arrays():
        if target in array.devices():
            array.block_until_ready()


def empty_cache() -> None:
    """Nothing to release: XLA's allocator keeps its pool (as torch's caching allocator would)."""


def ipc_collect() -> None:
    _require()


def _memory_stats(jax_device) -> dict:
    try:
        return jax_device.memory_stats() or {}
    except Exception:  # noqa: BLE001 - a backend without statistics
        return {}


def _stat(device: Any, key: str) -> int:
    if not is_available():
        return 0
    return int(_memory_stats(_jax_device(device)).get(key, 0))


def memory_allocated(device: Any = None) -> int:
    """Bytes in use on the device (XLA's allocator statistics); 0 without a GPU."""
    return _stat(device, "bytes_in_use")


def max_memory_allocated(device: Any = None) -> int:
    return _stat(device, "peak_bytes_in_use")


def memory_reserved(device: Any = None) -> int:
    return _stat(device, "bytes_reserved") or _stat(device, "bytes_in_use")


def max_memory_reserved(device: Any = None) -> int:
    return _stat(device, "peak_bytes_reserved") or _stat(device, "peak_bytes_in_use")


def memory_stats(device: Any = None) -> dict:
    return dict(_memory_stats(_jax_device(device))) if is_available() else {}


def reset_peak_memory_stats(device: Any = None) -> None:
    """Accepted with a GPU (XLA does not reset its peak); CPU-only torch's AttributeError without."""
    if not is_available():
        raise AttributeError("module 'torch._C' has no attribute '_cuda_resetPeakMemoryStats'")


def reset_max_memory_allocated(device: Any = None) -> None:
    reset_peak_memory_stats(device)


def mem_get_info(device: Any = None) -> tuple[int, int]:
    """(free, total) bytes of the device."""
    stats = _memory_stats(_jax_device(device))
    total = int(stats.get("bytes_limit", 0))
    return total - int(stats.get("bytes_in_use", 0)), total


# ----- streams and events: XLA orders work itself ---------------------------------------

class Event:
    """``torch.cuda.Event(enable_timing=False)``: ``record`` waits for the device and notes the
    time, so ``elapsed_time`` (milliseconds) times the work between two records."""

    def __init__(self, enable_timing: bool = False, blocking: bool = False, interprocess: bool = False) -> None:
        if not is_available():
            raise RuntimeError("Tried to instantiate dummy base class Event")
        self._time: float | None = None

    def record(self, stream: Any = None) -> None:
        synchronize()
        self._time = time.perf_counter()

    def synchronize(self) -> None:
        synchronize()

    def query(self) -> bool:
        return True

    def wait(self, stream: Any = None) -> None:
        synchronize()

    def elapsed_time(self, end_event: "Event") -> float:
        return (end_event._time - self._time) * 1000.0


def current_stream(device: Any = None) -> None:
    _require()


def default_stream(device: Any = None) -> None:
    _require()


class stream:
    """``torch.cuda.stream(s)``: XLA schedules the work; the context does nothing."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> bool:
        return False


__all__ = [
    "BFloat16Tensor", "BoolTensor", "ByteTensor", "CharTensor", "DoubleTensor", "FloatTensor", "HalfTensor",
    "IntTensor", "LongTensor", "ShortTensor", "get_rng_state", "get_rng_state_all", "nvtx", "set_rng_state",
    "set_rng_state_all", "Event", "OutOfMemoryError", "amp", "current_device", "current_stream", "default_stream", "device",
    "device_count", "device_of", "empty_cache", "get_arch_list", "get_device_capability", "get_device_name",
    "get_device_properties", "init", "initial_seed", "ipc_collect", "is_available", "is_bf16_supported",
    "is_initialized", "manual_seed", "manual_seed_all", "max_memory_allocated", "max_memory_reserved",
    "mem_get_info", "memory_allocated", "memory_reserved", "memory_stats", "reset_max_memory_allocated",
    "reset_peak_memory_stats", "seed", "seed_all", "set_device", "stream", "synchronize",
]
