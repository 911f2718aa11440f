"""Activation Cells: ``nn.ReLU``, ``nn.Sigmoid``, ``nn.Tanh``, ``nn.Softmax`` and
``get_activation`` (the names ``Dense(activation='relu')`` accepts)."""
from __future__ import annotations

from typing import Any

from .. import ops
from ..tensor import Tensor
from .cell import Cell


class _PrimitiveActivation(Cell):
    """A Cell applying one ops primitive."""

    def __init__(self, primitive: Any) -> None:
        super().__init__()
        self._primitive = primitive

    def construct(self, x: Tensor) -> Tensor:
        return self._primitive(x)


class ReLU(_PrimitiveActivation):
    """``nn.ReLU()``: gradient 0 at 0, as MindSpore's."""

    def __init__(self) -> None:
        super().__init__(ops.ReLU())


class Sigmoid(_PrimitiveActivation):
    """``nn.Sigmoid()``."""

    def __init__(self) -> None:
        super().__init__(ops.Sigmoid())


class Tanh(_PrimitiveActivation):
    """``nn.Tanh()``."""

    def __init__(self) -> None:
        super().__init__(ops.Tanh())


class Softmax(_PrimitiveActivation):
    """``nn.Softmax(axis=-1)``."""

    def __init__(self, axis: int = -1) -> None:
        super().__init__(ops.Softmax(axis))


class GELU(Cell):
    """``nn.GELU(approximate=True)``: MindSpore's default is the tanh approximation; with
    ``approximate=False`` the exact erf form."""

    def __init__(self, approximate: bool = True) -> None:
        super().__init__()
        if not isinstance(approximate, bool):
            raise TypeError(f"For 'GELU', the type of 'approximate' must be bool, but got {type(approximate)}.")
        self.approximate = approximate

    def construct(self, x: Tensor) -> Tensor:
        return ops.gelu(x, approximate="tanh" if self.approximate else "none")


_ACTIVATIONS = {"relu": ReLU, "sigmoid": Sigmoid, "tanh": Tanh, "softmax": Softmax, "gelu": GELU}


def get_activation(name: str | None, prim_name: str | None = None) -> Cell | None:
    """``nn.get_activation``: the activation Cell for a name (None gives None)."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise TypeError(f"For 'get_activation', the argument 'name' must be str, but got {type(name)}.")
    if name not in _ACTIVATIONS:
        raise KeyError(f"For 'get_activation', the argument 'name' must be in {list(_ACTIVATIONS)}, "
                       f"but got {name}.")
    return _ACTIVATIONS[name]()


__all__ = ["GELU", "ReLU", "Sigmoid", "Softmax", "Tanh", "get_activation"]
