"""``torch.device`` and how torch's device names map onto JAX devices.

A tensor lives on a JAX device (DESIGN.md, "Devices"): torch's ``cpu`` is JAX's first CPU
device, ``cuda:i`` is JAX's i-th GPU, and a device JAX does not have does not exist, so on a
host without a GPU asking for ``cuda`` fails as a CPU-only build of torch 2.13 fails
(``AssertionError: Torch not compiled with CUDA enabled``). Tensors are created on torch's
default device (``cpu`` unless ``torch.set_default_device`` changed it), as in torch: on a GPU
host a tensor made without ``device=`` is on the CPU until ``.cuda()`` / ``.to(device)``.

This module stands low (it imports no other module of the dialect): ``dtypes`` re-exports
``device`` from here and the tensor methods use ``place`` / ``of_value``.
"""
from __future__ import annotations

import functools
import re
import threading
from typing import Any

import jax

from .. import core

# the device types torch 2.13 parses (in its error's order)
DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga",
                "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")
_DEVICE_STRING = re.compile(r"([a-zA-Z_]+)(?::(0|[1-9][0-9]*))?")
NO_CUDA = "Torch not compiled with CUDA enabled"
NO_ACCELERATOR = "Cannot access accelerator device when none is available."


class device:
    """``torch.device(type, index=None)``, ``torch.device("cuda:1")``, ``torch.device(1)`` (the
    current accelerator's device 1), with torch's parsing errors; a context manager that makes
    itself the default device, as in torch."""

    __slots__ = ("type", "index", "_previous")

    def __init__(self, type: "str | int | device" = "cpu", index: int | None = None):  # noqa: A002
        if isinstance(type, device):
            type, index = type.type, type.index  # noqa: A001
        elif isinstance(type, int) and not isinstance(type, bool):
            accelerator = current_accelerator_type()
            if accelerator is None:
                raise RuntimeError(NO_ACCELERATOR)
            type, index = accelerator, type  # noqa: A001
        elif not isinstance(type, str):
            raise TypeError(f"device() received an invalid combination of arguments - got ({_typename(type)})")
        else:
            match = _DEVICE_STRING.fullmatch(type)
            if match is None:
                raise RuntimeError(f"Invalid device string: '{type}'")
            kind, number = match.groups()
            if kind not in DEVICE_TYPES:
                raise RuntimeError(f"Expected one of {', '.join(DEVICE_TYPES)} device type at start of device "
                                   f"string: {type}")
            if number is not None:
                if index is not None:
                    raise RuntimeError(f"type (string) must not include an index because index was passed "
                                       f"explicitly: {type}")
                index = int(number)
            type = kind  # noqa: A001
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        self.type = type
        self.index = index

    def __repr__(self) -> str:
        return f"device(type='{self.type}')" if self.index is None else \
            f"device(type='{self.type}', index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other) -> bool:
        return isinstance(other, device) and (other.type, other.index) == (self.type, self.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index))

    def __enter__(self) -> "device":
        self._previous = get_default_device()
        set_default_device(self)
        return self

    def __exit__(self, *exc) -> None:
        set_default_device(self._previous)


def _typename(value: Any) -> str:
    return type(value).__name__


cpu = device("cpu")


# ----- the JAX devices behind torch's names ---------------------------------------------

def _platform(name: str) -> list:
    try:  # this process's devices: under a multi-process job jax.devices() lists every process's
        return list(jax.local_devices(backend=name))
    except RuntimeError:  # JAX has no such platform on this host
        return []


class _Table:
    """Which JAX devices torch's ``cpu`` and ``cuda`` are. Read once; tests may replace
    ``cuda`` with other JAX devices (``fake_cuda``) to exercise the mapping on a CPU host."""

    def __init__(self) -> None:
        self._cuda: list | None = None
        self._cpu = None
        self.home: int | None = None  # cuda:LOCAL_RANK of a worker that owns one GPU of its node

    @property
    def cuda(self) -> list:
        if self._cuda is None:
            self._cuda = _platform("gpu")
            from ..distributed import runtime  # a launched worker pinned to one GPU of the node
            slot = runtime.pinned()
            if slot is not None and len(self._cuda) == 1:
                # every cuda index of the node names this worker's GPU; it reports cuda:LOCAL_RANK
                self.home, self._cuda = slot[0], self._cuda * slot[1]
        return self._cuda

    @property
    def cpu(self):
        if self._cpu is None:
            self._cpu = _platform("cpu")[0]
        return self._cpu


_TABLE = _Table()


def cuda_devices() -> list:
    """JAX's GPUs, in order: torch's ``cuda:0``, ``cuda:1`` ..."""
    return _TABLE.cuda


def fake_cuda(jax_devices: list | None) -> None:
    """Let the given JAX devices stand for ``cuda:0, 1, ...`` (None: JAX's GPUs again). For tests
    of the device mapping on hosts without a GPU (e.g. a second CPU device)."""
    _TABLE._cuda = None if jax_devices is None else list(jax_devices)
    _TABLE.home = None
    _STATE.cuda_index = 0
    _PLAIN_HOST.clear()


def current_accelerator_type() -> str | None:
    """``cuda`` when JAX has a GPU, else None (torch.accelerator's view)."""
    return "cuda" if cuda_devices() else None


class _State(threading.local):
    """torch's current cuda device (thread-local, as torch's)."""

    cuda_index = 0


_STATE = _State()
_default = cpu  # torch.set_default_device: process-wide, as torch's


def current_cuda_index() -> int:
    """``torch.cuda.current_device()`` (AssertionError without a GPU, as CPU-only torch)."""
    if not cuda_devices():
        raise AssertionError(NO_CUDA)
    return _STATE.cuda_index


def set_cuda_index(index: int) -> None:
    """``torch.cuda.set_device`` after parsing; the index must exist."""
    count = len(cuda_devices())
    if not count:
        raise AssertionError(NO_CUDA)
    if not 0 <= index < count:
        raise RuntimeError("CUDA error: invalid device ordinal")
    _STATE.cuda_index = index


def parse(value: Any) -> device | None:
    """A ``device=`` argument (str, int, torch.device or None) as a ``torch.device``."""
    if value is None or isinstance(value, device):
        return value
    return device(value)


def to_jax(value: Any = None):
    """The JAX device behind a torch device (None: the default device). ``cuda`` without a GPU
    raises CPU-only torch's AssertionError; other device types have no JAX device here."""
    d = parse(value) if value is not None else _default
    if d.type == "cpu":
        return _TABLE.cpu
    if d.type == "cuda":
        gpus = cuda_devices()
        if not gpus:
            raise AssertionError(NO_CUDA)
        index = _STATE.cuda_index if d.index is None else d.index
        if index >= len(gpus):
            raise RuntimeError("CUDA error: invalid device ordinal")
        return gpus[index]
    raise NotImplementedError(f"Could not run 'aten::empty.memory_format' with arguments from the "
                              f"'{d.type.upper()}' backend. gradcompat.torch has JAX's cpu and cuda devices only.")


def from_jax(jax_device) -> device:
    """The torch device naming a JAX device: ``cuda:i`` for the i-th GPU, ``cpu`` for a CPU,
    ``xla:i`` for any other accelerator (a TPU), as PyTorch/XLA names it."""
    gpus = cuda_devices()
    if _TABLE.home is not None and gpus[_TABLE.home] == jax_device:
        return device("cuda", _TABLE.home)
    for i, d in enumerate(gpus):
        if d == jax_device:
            return device("cuda", i)
    if jax_device.platform == "cpu":
        return cpu
    return device("xla", jax_device.id)


def of_value(value) -> device:
    """Where an array lives, as a torch device (a numpy array: the CPU; a tracer: the default device)."""
    if isinstance(value, jax.core.Tracer):
        return get_default_device()
    if isinstance(value, jax.Array):
        return from_jax(next(iter(value.devices())))
    return cpu


def describe(jax_device) -> str:
    """A JAX device in torch's words (``cuda:0``, ``cpu``), for error messages."""
    return str(from_jax(jax_device))


def _lives_on(value, target) -> bool:
    if isinstance(value, jax.core.Tracer):
        return True  # inside a transformation: where the traced program runs
    if isinstance(value, jax.Array):
        # where arrays may live elsewhere, committed: JAX then refuses to mix devices, as torch does
        return value.devices() == {target} and (value.committed or _plain_host())
    return False


_PLAIN_HOST: list = []  # [bool] once known: JAX's default device is torch's default (cpu)


def _plain_host() -> bool:
    if not _PLAIN_HOST:
        _PLAIN_HOST.append(_default.type == "cpu" and not _TABLE._cuda and jax.local_devices()[0] == _TABLE.cpu)
    return _PLAIN_HOST[0]


def place(value, where: Any = None):
    """``value`` on the JAX device of torch device ``where`` (None: the default device); the
    same array when it already lives there, so a CPU host never copies."""
    if where is None and _plain_host():
        return value  # JAX puts new arrays on torch's default device already
    target = to_jax(where)
    if _lives_on(value, target):
        return value
    return jax.device_put(value, target)


def get_default_device() -> device:
    """``torch.get_default_device()``: where factory functions put tensors (cuda names its index)."""
    if _default.type == "cuda" and _default.index is None:
        return device("cuda", current_cuda_index())  # CPU-only torch's AssertionError without a GPU
    return _default


def set_default_device(value: Any) -> None:
    """``torch.set_default_device(device)`` (None: back to cpu); cuda without a GPU is refused
    when a tensor is made, as in torch."""
    global _default
    _default = cpu if value is None else parse(value)
    _PLAIN_HOST.clear()


PIN_MEMORY = ("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory allocator is "
              "available on this system.")


def check_pinning() -> None:
    """torch refuses pinned memory on a host without an accelerator (with one, JAX's transfers
    need no pinning from us: accepted)."""
    if not cuda_devices():
        raise RuntimeError(PIN_MEMORY)


def transfer(x, *, device, source=None):
    """The op kernel of ``Tensor.to(device)``: a copy onto ``device`` (a JAX device) from
    ``source``, where JAX's transpose rule sends the gradient back. A copy even onto ``x``'s own
    device (``cpu:0``): an aliasing array would share a buffer that the optimizer's replayed
    step donates (``optim.step_cache``) without holding ``x``."""
    return jax.device_put(x, device, src=source, may_alias=False)


def source_of(value):
    """The one JAX device a concrete array lives on (None for numpy values and tracers)."""
    if isinstance(value, jax.Array) and not isinstance(value, jax.core.Tracer):
        found = value.devices()
        if len(found) == 1:
            return next(iter(found))
    return None


def creation(fn=None, *, like: bool = False):
    """Decorate a factory function taking ``device=``: its new tensor is put on that device (the
    default device when None; for ``*_like`` functions, ``like=True``, the input's device)."""
    if fn is None:
        return lambda f: creation(f, like=like)

    @functools.wraps(fn)
    def factory(*args, **kwargs):
        where = kwargs.get("device")
        if kwargs.get("pin_memory"):
            check_pinning()
        out = fn(*args, **kwargs)
        if where is None and like and args:
            where = args[0].device
        if where is None and _plain_host():
            return out
        if any(a is out for a in args):  # as_tensor(t): the input itself, not a new tensor
            return out.to(where) if where is not None else out
        node = out.node
        node.value = place(node.value, where)
        return out
    return factory


core.DeviceMismatch.describe = staticmethod(describe)  # torch's names in the mixed-device error
