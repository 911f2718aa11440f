"""``keras.Model`` (subclassed: sublayers assigned as attributes) and ``keras.Sequential``."""
from __future__ import annotations

from typing import Sequence

from . import naming
from .layers import InputLayer, Layer


class Model(Layer):
    """``keras.Model`` subclassed with a ``call``; its layers' weights are its weights."""


class Sequential(Model):
    """``keras.Sequential(layers)``: calls the layers in order; built on first call, or at
    once when it starts with ``keras.Input(shape)``."""

    def __init__(self, layers: Sequence[Layer] | None = None, trainable: bool = True, name: str | None = None):
        super().__init__(trainable=trainable, name=name)
        self.layers: list[Layer] = []
        self._input_layer: InputLayer | None = None
        for layer in layers or []:
            self.add(layer)

    def add(self, layer: Layer) -> None:
        """Append a layer (an ``Input`` sets the input shape and builds the model)."""
        if isinstance(layer, InputLayer):
            self._input_layer = layer
            self.build(layer.shape)
            return
        self.layers.append(layer)
        self._tracked.append(layer)
        if self._input_layer is not None:  # the input shape is known: build as layers come
            self.build(self._input_layer.shape)

    def build(self, input_shape=None) -> None:
        """Build every layer from the input shape (each from the previous one's output shape)."""
        shape = tuple(input_shape)
        with naming.scope(self.name):
            for layer in self.layers:
                if not layer.built:
                    layer.build(list(shape))
                    layer.built = True
                shape = layer.compute_output_shape(shape)
        self.built = True

    def call(self, inputs):
        x = inputs
        for layer in self.layers:
            x = layer(x)
        return x
