"""Autocast's state and its per-op policy, applied by decorators on the op functions.

torch's autocast (``torch.autocast``, ``torch.amp.autocast``) keeps, per thread and per
device type, an enabled flag and a dtype (cpu: bfloat16, cuda: float16). While it is enabled,
an op on tensors of that device type follows its list in torch's policy:

* ``lower_precision`` (matmul, mm, bmm, addmm, baddbmm, linear, conv*, einsum, ...): floating
  inputs other than float64 are cast to the autocast dtype;
* ``float32`` (losses, prod, ... on cpu; on cuda also softmax, log_softmax, layer_norm, ...):
  float16 / bfloat16 inputs are cast to float32;
* ``banned_on_cuda`` (binary_cross_entropy): refused under cuda autocast, with torch's error;
* any other op runs on its inputs as they are (torch's ordinary type promotion).

The casts are ordinary ``Tensor.to`` calls (ToCopyBackward0), so gradients flow back to the
float32 leaves in float32, as in torch. Known difference: torch caches the cast copy of a leaf
weight within one autocast region; here each use casts again (same values).

This module stands low: it imports only the tensor class and the device mapping, so the op
modules can decorate their functions with it.
"""
from __future__ import annotations

import functools
import threading
from typing import Callable

from . import devices, dtypes
from .tensor import Tensor

_FLOATS_TO_CAST = ("float32", "float16", "bfloat16")  # torch never casts float64 ("eligible" types)
DEFAULT_DTYPES = {"cpu": dtypes.bfloat16, "cuda": dtypes.float16}


class _State(threading.local):
    """Per-thread autocast state: {device type: [enabled, dtype]} and how many are enabled."""

    def __init__(self) -> None:
        self.modes = {kind: [False, d] for kind, d in DEFAULT_DTYPES.items()}
        self.enabled_count = 0


STATE = _State()


def is_enabled(device_type: str) -> bool:
    mode = STATE.modes.get(device_type)
    return bool(mode and mode[0])


def get_dtype(device_type: str) -> dtypes.dtype:
    mode = STATE.modes.get(device_type)
    return mode[1] if mode else dtypes.float16


def set_mode(device_type: str, enabled: bool, dtype: dtypes.dtype) -> None:
    """Set one device type's (enabled, dtype)."""
    modes = STATE.modes
    mode = modes.setdefault(device_type, [False, dtype])
    STATE.enabled_count += int(bool(enabled)) - int(mode[0])
    mode[0], mode[1] = bool(enabled), dtype


def _device_type(args, kwargs) -> str:
    """The device type of an op's first tensor argument (cpu on hosts without a cuda device)."""
    if not devices.cuda_devices():
        return "cpu"
    for a in (*args, *kwargs.values()):
        if isinstance(a, Tensor):
            return a.device.type
        if isinstance(a, (list, tuple)) and a and isinstance(a[0], Tensor):
            return a[0].device.type
    return "cpu"


def _cast(value, target: dtypes.dtype, only: tuple):
    if isinstance(value, Tensor):
        return value.to(target) if value.dtype.name in only and value.dtype is not target else value
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], Tensor):
        return type(value)(_cast(v, target, only) for v in value)
    return value


def _policy(kinds: tuple[str, ...], target: Callable[[str], dtypes.dtype], only: tuple):
    def decorate(fn):
        @functools.wraps(fn)
        def op(*args, **kwargs):
            if not STATE.enabled_count:  # the common path: one attribute read
                return fn(*args, **kwargs)
            kind = _device_type(args, kwargs)
            if kind not in kinds or not STATE.modes[kind][0]:
                return fn(*args, **kwargs)
            dtype = target(kind)
            args = tuple(_cast(a, dtype, only) for a in args)
            kwargs = {k: _cast(v, dtype, only) for k, v in kwargs.items()}
            return fn(*args, **kwargs)
        op.__wrapped_autocast__ = fn
        return op
    return decorate


def lower_precision(fn):
    """torch's "lower precision fp" list (cpu and cuda): floating inputs cast to the autocast dtype."""
    return _policy(("cpu", "cuda"), lambda kind: STATE.modes[kind][1], _FLOATS_TO_CAST)(fn)


def float32(fn=None, *, cuda_only: bool = False):
    """torch's "fp32" list: float16 / bfloat16 inputs cast to float32 (``cuda_only``: an op in
    the cuda list only, which cpu autocast leaves in the input's dtype)."""
    def decorate(f):
        return _policy(("cuda",) if cuda_only else ("cpu", "cuda"), lambda kind: dtypes.float32,
                       ("float16", "bfloat16"))(f)
    return decorate if fn is None else decorate(fn)


BCE_BANNED = ("torch.nn.functional.binary_cross_entropy and torch.nn.BCELoss are unsafe to autocast.\n"
              "Many models use a sigmoid layer right before the binary cross entropy layer.\n"
              "In this case, combine the two layers using torch.nn.functional.binary_cross_entropy_with_logits\n"
              "or torch.nn.BCEWithLogitsLoss.  binary_cross_entropy_with_logits and BCEWithLogits are\n"
              "safe to autocast.")


def banned_on_cuda(fn):
    """torch refuses ``binary_cross_entropy`` under cuda autocast (cpu autocast runs it in float32)."""
    fp32 = float32(fn)

    @functools.wraps(fn)
    def op(*args, **kwargs):
        if STATE.enabled_count and STATE.modes["cuda"][0] and _device_type(args, kwargs) == "cuda":
            raise RuntimeError(BCE_BANNED)
        return fp32(*args, **kwargs)
    return op
