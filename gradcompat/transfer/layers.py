"""The canonical form of a layer's weights, which every adapter reads and writes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

# the weights each kind of layer has, in PyTorch's names (the canonical ones)
KINDS = {
    "dense": ("weight", "bias"),
    "conv2d": ("weight", "bias"),
    "batchnorm": ("weight", "bias", "running_mean", "running_var"),
    "layernorm": ("weight", "bias"),
    "embedding": ("weight",),
}


@dataclass
class Weight:
    """One weight: its name in its framework, and how to read or write it in canonical layout."""

    native_name: str
    read: Callable[[], np.ndarray]
    write: Callable[[np.ndarray], None]


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
