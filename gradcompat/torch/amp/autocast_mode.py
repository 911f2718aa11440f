"""``torch.autocast`` / ``torch.amp.autocast`` and the autocast state functions.

The policy itself (which ops cast to which dtype) is ``torch.autocast_policy``; this module is
the user-facing context manager / decorator with torch 2.13's arguments, defaults, warnings
and errors: cpu autocast defaults to bfloat16 and accepts bfloat16 / float16; cuda autocast
defaults to float16 and, on a host where JAX has no GPU, warns and disables itself.
"""
from __future__ import annotations

import functools
import warnings
from typing import Any, Callable

from .. import autocast_policy as policy
from .. import devices, dtypes

_CPU_DTYPES = (dtypes.bfloat16, dtypes.float16)
_CUDA_DTYPES = (dtypes.float16, dtypes.bfloat16, dtypes.float32)


def is_autocast_available(device_type: str) -> bool:
    """``torch.amp.is_autocast_available``: cpu and cuda (as torch's own answer on any host)."""
    return device_type in ("cpu", "cuda")


class autocast:
    """``torch.autocast(device_type, dtype=None, enabled=True, cache_enabled=None)``: a context
    manager and a decorator; nested regions restore the state they found."""

    def __init__(self, device_type: str, dtype: dtypes.dtype | None = None, enabled: bool = True,
                 cache_enabled: bool | None = None) -> None:
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        devices.device(device_type)  # torch's error for an unknown device type
        self.device = device_type
        self.fast_dtype = policy.get_dtype(device_type) if dtype is None else dtype
        self._cache_enabled = True if cache_enabled is None else bool(cache_enabled)
        self._enabled = bool(enabled)
        self._saved: list[tuple[bool, dtypes.dtype]] = []
        if device_type == "cpu":
            if self._enabled and self.fast_dtype not in _CPU_DTYPES:
                warnings.warn("In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
                              "CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.",
                              stacklevel=2)
                self._enabled = False
        elif device_type == "cuda":
            if self._enabled and not devices.cuda_devices():
                warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.", stacklevel=2)
                self._enabled = False
            elif self._enabled and self.fast_dtype not in _CUDA_DTYPES:
                raise RuntimeError(f"In CUDA autocast, but the target dtype {self.fast_dtype} is not supported.")
        elif self._enabled:
            warnings.warn(f"gradcompat.torch: autocast on '{device_type}' has no effect (only cpu and cuda).",
                          stacklevel=2)
            self._enabled = False

    def __enter__(self) -> "autocast":
        self._saved.append((policy.is_enabled(self.device), policy.get_dtype(self.device)))
        policy.set_mode(self.device, self._enabled, self.fast_dtype)
        return self

    def __exit__(self, *exc: Any) -> bool:
        enabled, dtype = self._saved.pop()
        policy.set_mode(self.device, enabled, dtype)
        return False

    def __call__(self, func: Callable) -> Callable:
        @functools.wraps(func)
        def decorated(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return decorated


def is_autocast_enabled(device_type: str | None = None) -> bool:
    """``torch.is_autocast_enabled(device_type=None)`` (no argument: cuda's state, as torch)."""
    return policy.is_enabled("cuda" if device_type is None else device_type)


def get_autocast_dtype(device_type: str) -> dtypes.dtype:
    """``torch.get_autocast_dtype(device_type)``: bfloat16 for cpu, float16 for cuda by default."""
    return policy.get_dtype(device_type)


def set_autocast_enabled(device_type, enabled: bool | None = None) -> None:
    """``torch.set_autocast_enabled(device_type, enabled)`` (or the old ``(enabled)`` form: cuda)."""
    if enabled is None:
        device_type, enabled = "cuda", device_type
    policy.set_mode(device_type, enabled, policy.get_dtype(device_type))


def set_autocast_dtype(device_type: str, dtype: dtypes.dtype) -> None:
    """``torch.set_autocast_dtype(device_type, dtype)``."""
    policy.set_mode(device_type, policy.is_enabled(device_type), dtype)


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"torch.{old}() is deprecated. Please use torch.{new} instead.", DeprecationWarning,
                  stacklevel=3)


def is_autocast_cpu_enabled() -> bool:
    _deprecated("is_autocast_cpu_enabled", "is_autocast_enabled('cpu')")
    return policy.is_enabled("cpu")


def get_autocast_cpu_dtype() -> dtypes.dtype:
    _deprecated("get_autocast_cpu_dtype", "get_autocast_dtype('cpu')")
    return policy.get_dtype("cpu")


def get_autocast_gpu_dtype() -> dtypes.dtype:
    _deprecated("get_autocast_gpu_dtype", "get_autocast_dtype('cuda')")
    return policy.get_dtype("cuda")


def is_autocast_cache_enabled() -> bool:
    return True


def set_autocast_cache_enabled(enabled: bool) -> None:
    """Accepted; casts are not cached here (see ``autocast_policy``)."""


def clear_autocast_cache() -> None:
    """Nothing to clear: casts are not cached here."""


def custom_fwd(fwd: Callable | None = None, *, device_type: str = "cuda", cast_inputs=None) -> Callable:
    """``torch.amp.custom_fwd``: with ``cast_inputs``, a custom Function's forward runs with autocast
    off on its floating inputs cast to ``cast_inputs`` when autocast is on; otherwise as it is."""
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def decorate_fwd(*args, **kwargs):
        if cast_inputs is None or not policy.is_enabled(device_type):
            return fwd(*args, **kwargs)
        cast = functools.partial(policy._cast, target=cast_inputs, only=("float32", "float16", "bfloat16"))
        with autocast(device_type, enabled=False):
            return fwd(*[cast(a) for a in args], **{k: cast(v) for k, v in kwargs.items()})
    return decorate_fwd


def custom_bwd(bwd: Callable | None = None, *, device_type: str = "cuda") -> Callable:
    """``torch.amp.custom_bwd``: backward runs as it is (the engine's backward is not autocast)."""
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)
    return bwd
