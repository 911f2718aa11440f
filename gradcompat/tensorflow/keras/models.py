"""``keras.Model`` (subclassed: sublayers assigned as attributes) and ``keras.Sequential``."""
from __future__ import annotations

from typing import Sequence

from ..distribute.distribute_lib import get_strategy, has_strategy
from . import naming
from .layers import InputLayer, KerasTensor, Layer
from .training import Trainer


class Model(Trainer, Layer):
    """``keras.Model`` subclassed with a ``call``; its layers' weights are its weights.
    ``keras.Model(inputs, outputs)`` makes a functional model (``functional.Functional``)."""

    _functional_class: type | None = None  # set by functional.py

    def __new__(cls, *args, **kwargs):
        if cls is Model and Model._functional_class is not None and (
                len(args) >= 2 or "inputs" in kwargs or "outputs" in kwargs):
            cls = Model._functional_class
        model = super().__new__(cls)
        # Keras: a model is trained with the strategy whose scope it was made in
        object.__setattr__(model, "_distribute_strategy", get_strategy() if has_strategy() else None)
        return model


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
        """Append a layer (an ``Input``, or a first layer given ``input_shape=``, sets the input
        shape and builds the model)."""
        if isinstance(layer, KerasTensor) and isinstance(getattr(layer._node, "layer", None), InputLayer):
            layer = layer._node.layer
        if isinstance(layer, InputLayer):
            self._input_layer = layer
            self.build(layer.shape)
            return
        if not isinstance(layer, Layer):
            raise ValueError(f"Only instances of `keras.Layer` can be added to a Sequential model. "
                             f"Received: {layer} (of type {type(layer)})")
        if self._input_layer is None and not self.layers and layer._input_shape is not None:
            self._input_layer = InputLayer(batch_shape=layer._input_shape)
        self.layers.append(layer)
        self._tracked.append(layer)
        if self._input_layer is not None:  # the input shape is known: build as layers come
            self.build(self._input_layer.shape)

    def pop(self) -> Layer:
        """Remove and return the last layer."""
        layer = self.layers.pop()
        self._tracked.remove(layer)
        return layer

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

    def call(self, inputs, training=None, mask=None):
        x = inputs
        for layer in self.layers:
            x = layer(x)
        return x

    @property
    def input_shape(self):
        if self._input_layer is None:
            raise AttributeError("This model has not been built yet: it has no defined input shape.")
        return self._input_layer.shape

    @property
    def output_shape(self):
        shape = self.input_shape
        for layer in self.layers:
            shape = layer.compute_output_shape(shape)
        return shape


from .saving import load_model, save_model  # noqa: E402,F401  (keras.models.load_model / save_model)
