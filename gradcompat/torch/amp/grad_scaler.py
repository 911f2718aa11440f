"""``torch.amp.GradScaler``: dynamic loss scaling for mixed-precision training.

Reproduces torch 2.13's GradScaler: ``scale`` multiplies outputs by the current scale (a
float32 0-dim tensor made on the outputs' device at the first call); ``unscale_`` divides an
optimizer's gradients by it in place and records whether any is inf/NaN; ``step`` unscales if
not done yet and skips ``optimizer.step()`` when something was not finite; ``update`` backs the
scale off after a skipped step and grows it after ``growth_interval`` clean steps. The same
errors for calls out of order, the same ``state_dict``. A cuda scaler on a host where JAX has
no GPU warns and disables itself, as torch does.

The unscale-and-check of all gradients of one optimizer is one jitted JAX function.
"""
from __future__ import annotations

import enum
import warnings
from collections import defaultdict
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from ... import core
from .. import devices, dtypes
from ..tensor import Tensor, wrap


class OptState(enum.Enum):
    READY = 0
    UNSCALED = 1
    STEPPED = 2


def _fresh_state() -> dict[str, Any]:
    return {"stage": OptState.READY, "found_inf_per_device": {}}


@jax.jit
def _unscale_and_check(grads: list, inv_scale):
    """Every gradient times ``inv_scale`` (computed in float32, as torch's kernel), and 1.0 if
    any element of any gradient is inf or NaN."""
    found = jnp.zeros((), jnp.float32)
    out = []
    for g in grads:
        found = jnp.maximum(found, jnp.any(~jnp.isfinite(g)).astype(jnp.float32))
        out.append((g.astype(jnp.float32) * inv_scale).astype(g.dtype))
    return out, found


_FIX = "This may indicate your script did not use scaler.scale(loss or outputs) earlier in the iteration."


class GradScaler:
    """``torch.amp.GradScaler(device="cuda", init_scale=2.**16, growth_factor=2.0,
    backoff_factor=0.5, growth_interval=2000, enabled=True)``."""

    def __init__(self, device: str = "cuda", init_scale: float = 2.0 ** 16, growth_factor: float = 2.0,
                 backoff_factor: float = 0.5, growth_interval: int = 2000, enabled: bool = True) -> None:
        self._device = device
        self._enabled = enabled
        if device == "cuda" and enabled and not devices.cuda_devices():
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.",
                          stacklevel=self._warn_level())
            self._enabled = False
        if self._enabled:
            if growth_factor <= 1.0:
                raise AssertionError("The growth factor must be > 1.0.")
            if backoff_factor >= 1.0:
                raise AssertionError("The backoff factor must be < 1.0.")
            self._init_scale = init_scale
            self._scale: Tensor | None = None
            self._growth_factor = growth_factor
            self._backoff_factor = backoff_factor
            self._growth_interval = growth_interval
            self._init_growth_tracker = 0
            self._growth_tracker: Tensor | None = None
            self._per_optimizer_states: dict[int, dict[str, Any]] = defaultdict(_fresh_state)

    def _warn_level(self) -> int:
        return 2

    # ----- scale ------------------------------------------------------------------------
    def _check_scale_growth_tracker(self, funcname: str) -> tuple[Tensor, Tensor]:
        if self._scale is None:
            raise AssertionError(f"Attempted {funcname} but _scale is None.  " + _FIX)
        if self._growth_tracker is None:
            raise AssertionError(f"Attempted {funcname} but _growth_tracker is None.  " + _FIX)
        return self._scale, self._growth_tracker

    def _lazy_init_scale_growth_tracker(self, device: devices.device) -> None:
        self._scale = _full(self._init_scale, dtypes.float32, device)
        self._growth_tracker = _full(self._init_growth_tracker, dtypes.int32, device)

    def scale(self, outputs):
        """``outputs`` (a tensor or an iterable of them, nested) times the scale; unchanged when disabled."""
        if not self._enabled:
            return outputs
        if isinstance(outputs, Tensor):
            if self._scale is None:
                self._lazy_init_scale_growth_tracker(outputs.device)
            return outputs * self._scale.to(outputs.device)

        def apply_scale(value):
            if isinstance(value, Tensor):
                if self._scale is None:
                    self._lazy_init_scale_growth_tracker(value.device)
                return value * self._scale.to(value.device)
            if isinstance(value, (list, tuple)) or hasattr(value, "__iter__") and not isinstance(value, (str, dict)):
                scaled = [apply_scale(v) for v in value]
                return type(value)(scaled) if isinstance(value, (list, tuple)) else iter(scaled)
            raise ValueError("outputs must be a Tensor or an iterable of Tensors")
        return apply_scale(outputs)

    # ----- unscale_ and step ------------------------------------------------------------
    def _unscale_grads_(self, optimizer, inv_scale: float, allow_fp16: bool) -> dict:
        grads = []
        for group in optimizer.param_groups:
            for param in group["params"]:
                if not isinstance(param, Tensor):
                    raise AssertionError(f"expected param to be torch.Tensor, got {type(param).__name__}")
                grad = param.grad
                if grad is None:
                    continue
                if not allow_fp16 and grad.dtype is dtypes.float16:
                    raise ValueError("Attempting to unscale FP16 gradients.")
                grads.append(grad)
        found = {}
        by_device: dict = defaultdict(list)
        for g in grads:
            by_device[g.device].append(g)
        for device, group in by_device.items():
            new, found_inf = _unscale_and_check([g._value for g in group], np.float32(inv_scale))
            with core.recording.grad_mode(False):
                for g, value in zip(group, new):
                    g._inplace(wrap(core.Constant(value)))  # in place, as torch's unscale kernel
            found[device] = wrap(core.Constant(found_inf))
        return found

    def unscale_(self, optimizer) -> None:
        """Divide ``optimizer``'s gradients by the scale (once per step; torch's RuntimeErrors)."""
        if not self._enabled:
            return
        self._check_scale_growth_tracker("unscale_")
        state = self._per_optimizer_states[id(optimizer)]
        if state["stage"] is OptState.UNSCALED:
            raise RuntimeError("unscale_() has already been called on this optimizer since the last update().")
        if state["stage"] is OptState.STEPPED:
            raise RuntimeError("unscale_() is being called after step().")
        inv_scale = np.float32(1.0 / np.float64(self._scale.item()))  # torch: double reciprocal, then float
        state["found_inf_per_device"] = self._unscale_grads_(optimizer, inv_scale, False)
        state["stage"] = OptState.UNSCALED

    def step(self, optimizer, *args: Any, **kwargs: Any):
        """``optimizer.step(*args, **kwargs)`` unless a gradient had an inf/NaN; its return value."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        self._check_scale_growth_tracker("step")
        state = self._per_optimizer_states[id(optimizer)]
        if state["stage"] is OptState.STEPPED:
            raise RuntimeError("step() has already been called since the last update().")
        if state["stage"] is OptState.READY:
            self.unscale_(optimizer)
        if len(state["found_inf_per_device"]) == 0:
            raise AssertionError("No inf checks were recorded for this optimizer.")
        retval = None
        if not sum(v.item() for v in state["found_inf_per_device"].values()):
            retval = optimizer.step(*args, **kwargs)
        state["stage"] = OptState.STEPPED
        return retval

    # ----- update -----------------------------------------------------------------------
    def update(self, new_scale: float | Tensor | None = None) -> None:
        """Back off after a skipped step, grow after ``growth_interval`` clean ones (or set ``new_scale``)."""
        if not self._enabled:
            return
        scale, tracker = self._check_scale_growth_tracker("update")
        device = scale.device
        if new_scale is not None:
            if isinstance(new_scale, float):
                self._scale = _full(new_scale, dtypes.float32, device)
            else:
                reason = ("new_scale should be a float or a 1-element torch.cuda.FloatTensor or "
                          "torch.FloatTensor with requires_grad=False.")
                if not isinstance(new_scale, Tensor) or new_scale.device.type != self._device \
                        or new_scale.numel() != 1 or new_scale.requires_grad:
                    raise AssertionError(reason)
                self._scale = _full(new_scale.item(), dtypes.float32, device)
        else:
            found_infs = [v.item() for state in self._per_optimizer_states.values()
                          for v in state["found_inf_per_device"].values()]
            if not found_infs:
                raise AssertionError("No inf checks were recorded prior to update.")
            value, count = np.float32(scale.item()), int(tracker.item())
            if sum(found_infs):
                value, count = value * np.float32(self._backoff_factor), 0
            else:
                count += 1
                if count == self._growth_interval:
                    grown = value * np.float32(self._growth_factor)
                    value, count = (grown if np.isfinite(grown) else value), 0
            self._scale = _full(value, dtypes.float32, device)
            self._growth_tracker = _full(count, dtypes.int32, device)
        self._per_optimizer_states = defaultdict(_fresh_state)

    # ----- accessors and state ----------------------------------------------------------
    def get_scale(self) -> float:
        """The current scale as a Python float (1.0 when disabled)."""
        if not self._enabled:
            return 1.0
        return self._init_scale if self._scale is None else self._scale.item()

    def get_growth_factor(self) -> float:
        return self._growth_factor

    def set_growth_factor(self, new_factor: float) -> None:
        self._growth_factor = new_factor

    def get_backoff_factor(self) -> float:
        return self._backoff_factor

    def set_backoff_factor(self, new_factor: float) -> None:
        self._backoff_factor = new_factor

    def get_growth_interval(self) -> int:
        return self._growth_interval

    def set_growth_interval(self, new_interval: int) -> None:
        self._growth_interval = new_interval

    def _get_growth_tracker(self) -> int:
        if not self._enabled:
            return 0
        return self._init_growth_tracker if self._growth_tracker is None else int(self._growth_tracker.item())

    def is_enabled(self) -> bool:
        return self._enabled

    def state_dict(self) -> dict[str, Any]:
        """``{"scale", "growth_factor", "backoff_factor", "growth_interval", "_growth_tracker"}``; {} if disabled."""
        if not self._enabled:
            return {}
        return {"scale": self.get_scale(), "growth_factor": self._growth_factor,
                "backoff_factor": self._backoff_factor, "growth_interval": self._growth_interval,
                "_growth_tracker": self._get_growth_tracker()}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a ``state_dict`` (a no-op when disabled; torch's error for an empty dict)."""
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved "
                               "from a disabled instance of GradScaler.")
        self._init_scale = state_dict["scale"]
        if self._scale is not None:
            self._scale = _full(state_dict["scale"], dtypes.float32, self._scale.device)
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._init_growth_tracker = state_dict["_growth_tracker"]
        if self._growth_tracker is not None:
            self._growth_tracker = _full(state_dict["_growth_tracker"], dtypes.int32, self._growth_tracker.device)


def _full(value, dtype: dtypes.dtype, device: devices.device) -> Tensor:
    return wrap(core.Constant(devices.place(np.asarray(value, dtype.np), device)))
