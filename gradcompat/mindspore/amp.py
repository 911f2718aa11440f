"""``mindspore.amp``: mixed precision (``auto_mixed_precision``, ``build_train_network``), the
functional loss scalers (``StaticLossScaler``, ``DynamicLossScaler``, ``all_finite``) and the
loss-scale managers, as in MindSpore 2.x.

A scaler's ``scale`` / ``unscale`` multiply a Tensor or a tuple of Tensors by the scale (cast
to each Tensor's dtype), differentiably, so ``loss_scaler.scale(loss)`` works inside a
function given to ``value_and_grad``; ``adjust`` updates the scale Parameters in place.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import jax.numpy as jnp

from ..core import apply, select
from . import dtype as mstype
from .nn.wrap import all_finite_tensor, scale_tensor
from .parameter import Parameter
from .tensor import Tensor
from .train import _validator as V
from .train.amp import auto_mixed_precision, build_train_network, get_black_list, get_white_list  # noqa: F401
from .train.loss_scale_manager import DynamicLossScaleManager, FixedLossScaleManager, LossScaleManager  # noqa: F401


def all_finite(inputs: Any) -> Tensor:
    """``amp.all_finite(inputs)``: a bool scalar Tensor, whether every element of every Tensor in
    ``inputs`` (a tuple / list of Tensors) is finite."""
    return all_finite_tensor(list(inputs))


def _map(inputs: Any, scale: Parameter, inverse: bool) -> Any:
    scale_value = Tensor._from_node(scale.node)
    if isinstance(inputs, (tuple, list)):
        return tuple(_map(x, scale, inverse) for x in inputs)
    return scale_tensor(inputs, scale_value, inverse)


def _check_scale_value(scale_value: Any) -> float:
    if isinstance(scale_value, bool) or not isinstance(scale_value, (int, float)):
        raise TypeError("The type of 'scale_value' should be one of '['float', 'int']', "
                        f"but got type '{type(scale_value).__name__}'.")
    if scale_value < 1.0:
        raise ValueError(f"The argument 'scale_value' must be > 1, but got {scale_value}")
    return scale_value


class LossScaler(ABC):
    """Base class of the functional loss scalers: ``scale``, ``unscale``, ``adjust``."""

    @abstractmethod
    def scale(self, inputs: Any) -> Any:
        raise NotImplementedError

    @abstractmethod
    def unscale(self, inputs: Any) -> Any:
        raise NotImplementedError

    @abstractmethod
    def adjust(self, grads_finite: Tensor) -> Any:
        raise NotImplementedError


class StaticLossScaler(LossScaler):
    """``amp.StaticLossScaler(scale_value)``: a fixed scale (``scale_value``, a float32 Parameter)."""

    def __init__(self, scale_value: float) -> None:
        _check_scale_value(scale_value)
        self.scale_value = Parameter(Tensor(scale_value, mstype.float32), name="scale_value")

    def scale(self, inputs: Any) -> Any:
        """``inputs`` (a Tensor or a tuple of them) times the scale."""
        return _map(inputs, self.scale_value, inverse=False)

    def unscale(self, inputs: Any) -> Any:
        """``inputs`` (a Tensor or a tuple of them) divided by the scale."""
        return _map(inputs, self.scale_value, inverse=True)

    def adjust(self, grads_finite: Tensor) -> bool:
        """The scale is fixed: returns False."""
        return False


def _adjust_kernel(scale, counter, finite, *, factor, window):
    finite = finite.reshape(())
    grown = scale * jnp.float32(factor)
    kept = jnp.where(counter == window - 1, jnp.where(jnp.isfinite(grown), grown, scale), scale)
    new_scale = jnp.where(finite, kept, jnp.maximum(jnp.float32(1.0), scale / jnp.float32(factor)))
    new_counter = ((counter + 1) % window) * finite.astype(counter.dtype)
    return new_scale.astype(scale.dtype), new_counter


class DynamicLossScaler(LossScaler):
    """``amp.DynamicLossScaler(scale_value, scale_factor, scale_window)``: ``adjust(grads_finite)``
    multiplies the scale by ``scale_factor`` after ``scale_window`` finite steps in a row
    (unless that overflows) and divides it (not below 1) after a non-finite one."""

    def __init__(self, scale_value: float, scale_factor: int, scale_window: int) -> None:
        _check_scale_value(scale_value)
        self.scale_value = Parameter(Tensor(scale_value, mstype.float32), name="scale_value")
        self.scale_window = V.check_int(scale_window, 0, strict=True, name="scale_window")
        self.scale_factor = V.check_int(scale_factor, 0, strict=True, name="scale_factor")
        self.counter = Parameter(Tensor(0, mstype.int32), name="counter")

    def scale(self, inputs: Any) -> Any:
        """``inputs`` (a Tensor or a tuple of them) times the scale."""
        return _map(inputs, self.scale_value, inverse=False)

    def unscale(self, inputs: Any) -> Any:
        """``inputs`` (a Tensor or a tuple of them) divided by the scale."""
        return _map(inputs, self.scale_value, inverse=True)

    def adjust(self, grads_finite: Tensor) -> bool:
        """Update the scale and the finite-step counter; returns True."""
        finite = grads_finite if isinstance(grads_finite, Tensor) else Tensor(bool(grads_finite), mstype.bool_)
        node = apply(_adjust_kernel, [self.scale_value.node, self.counter.node, finite.astype(mstype.bool_).node],
                     {"factor": self.scale_factor, "window": self.scale_window}, name="DynamicLossScalerAdjust")
        self.scale_value._write(Tensor._from_node(select(node, 0)))
        self.counter._write(Tensor._from_node(select(node, 1)))
        return True


__all__ = ["DynamicLossScaleManager", "DynamicLossScaler", "FixedLossScaleManager", "LossScaleManager", "LossScaler",
           "StaticLossScaler", "all_finite", "auto_mixed_precision", "build_train_network", "get_black_list",
           "get_white_list"]
