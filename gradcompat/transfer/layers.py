"""The canonical form of a layer's weights, which every adapter reads and writes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

# the weights each kind of layer has, in PyTorch's names (the canonical ones)
KINDS = {
    "dense": ("weight", "bias"),
    "conv2d": ("weight", "bias"),
    "batchnorm": ("weight", "bias", "running_mean", "running_var"),
    "layernorm": ("weight", "bias"),
    "embedding": ("weight",),
}


def _same(array: np.ndarray) -> np.ndarray:
    return array


@dataclass
class Weight:
    """One weight: its name and object in its framework (a Parameter, a buffer, a Variable),
    how its framework reads and writes it, and its layout relative to the canonical one."""

    native_name: str
    handle: Any
    get: Callable[[Any], np.ndarray]
    set: Callable[[Any, np.ndarray], None]
    to_canonical: Callable[[np.ndarray], np.ndarray] = _same
    from_canonical: Callable[[np.ndarray], np.ndarray] = _same
    trainable: bool = True

    def read(self) -> np.ndarray:
        return self.to_canonical(np.asarray(self.get(self.handle)))

    def write(self, value: np.ndarray) -> None:
        self.set(self.handle, self.from_canonical(np.asarray(value)))


@dataclass
class LayerWeights:
    """A layer with weights: its path in the model, its class, its kind and its weights by
    canonical name (a weight the layer lacks, such as a disabled bias, is absent)."""

    path: str
    class_name: str
    kind: str
    weights: dict[str, Weight] = field(default_factory=dict)

    def label(self) -> str:
        return f"{self.path or '<model>'} ({self.class_name})"
