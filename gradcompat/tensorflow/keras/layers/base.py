"""``keras.layers``: the ``Layer`` base (weights, building on first call, sublayer tracking),
``Dense`` and ``InputLayer``, as Keras 3 on TensorFlow behaves.

Layers are named ``dense``, ``dense_1``... and their variables ``dense/kernel`` (prefixed
with the enclosing model's name when a model builds them); ``kernel`` is (in, out).
"""
from __future__ import annotations

from typing import Any, Sequence

import jax.numpy as jnp
import numpy as np

from .. import dtypes as _dt
from ..array_ops import gather
from ..math_ops import cast
from ..tensor import Tensor, convert_to_tensor, make_op
from . import activations, initializers, naming
from .variables import Variable


class Layer:
    """``keras.layers.Layer``: subclasses define ``build(input_shape)`` and ``call(inputs)``."""

    def __init__(self, trainable: bool = True, name: str | None = None, dtype=None, **kwargs):
        self.__dict__.setdefault("_tracked", [])
        self.name = name or naming.unique_name(naming.snake_case(type(self).__name__))
        self.trainable = trainable
        self.built = False
        self._weights: list[Variable] = []
        self._input_shape = kwargs.pop("input_shape", None)

    def __setattr__(self, key: str, value: Any) -> None:
        # sublayers and variables assigned as attributes are tracked, in assignment order
        tracked = self.__dict__.setdefault("_tracked", [])
        if isinstance(value, (Layer, Variable)) and not any(value is t for t in tracked):
            tracked.append(value)
        super().__setattr__(key, value)

    def add_weight(self, shape: Sequence[int] = (), initializer="glorot_uniform", dtype=None,
                   trainable: bool = True, name: str | None = None) -> Variable:
        """A new variable of this layer (path ``<layer name>/<name>``)."""
        with naming.scope(self.name):
            variable = Variable(initializers.get(initializer), shape=tuple(shape), dtype=dtype or "float32",
                                trainable=trainable, name=name)
        self._weights.append(variable)
        return variable

    def build(self, input_shape) -> None:
        self.built = True

    def call(self, inputs, *args, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def __call__(self, inputs, *args, **kwargs):
        if not isinstance(inputs, (list, tuple, dict)):
            inputs = convert_to_tensor(inputs)
            if inputs.dtype.is_floating and inputs.dtype != _dt.float32:
                inputs = cast(inputs, _dt.float32)  # Keras autocasts floats to the layer's dtype
        if not self.built:
            self.build(inputs.shape.as_list() if isinstance(inputs, Tensor) else None)
            self.built = True
        with naming.scope(self.name):  # sublayers built by this call get this layer's name in their paths
            return self.call(inputs, *args, **kwargs)

    # -- weights (Keras 3's order: own trainable, own non-trainable, then each sublayer's) --
    def _own_weights(self) -> list[Variable]:
        own = list(self._weights) + [t for t in self._tracked if isinstance(t, Variable)]
        return _unique([v for v in own if v.trainable] + [v for v in own if not v.trainable])

    def _sublayers(self) -> list["Layer"]:
        return [t for t in self._tracked if isinstance(t, Layer)]

    @property
    def weights(self) -> list[Variable]:
        return _unique(self._own_weights() + [w for layer in self._sublayers() for w in layer.weights])

    variables = weights

    @property
    def trainable_variables(self) -> list[Variable]:
        """The trainable weights of this layer and its sublayers (none once ``trainable`` is False)."""
        if not self.trainable:
            return []
        own = [v for v in self._own_weights() if v.trainable]
        return _unique(own + [w for layer in self._sublayers() for w in layer.trainable_variables])

    trainable_weights = trainable_variables

    @property
    def non_trainable_variables(self) -> list[Variable]:
        if not self.trainable:
            return self.weights
        own = [v for v in self._own_weights() if not v.trainable]
        return _unique(own + [w for layer in self._sublayers() for w in layer.non_trainable_variables])

    non_trainable_weights = non_trainable_variables

    def get_weights(self) -> list[np.ndarray]:
        """The weights' values as numpy arrays, in ``weights`` order."""
        return [v.numpy() for v in self.weights]

    def save_weights(self, filepath, overwrite: bool = True) -> None:
        """Keras 3's ``.weights.h5`` file of every variable (needs h5py): see ``saving.py``."""
        from .saving import save_weights
        save_weights(self, filepath, overwrite)

    def load_weights(self, filepath, skip_mismatch: bool = False) -> None:
        """Load a Keras 3 ``.weights.h5`` file (written by Keras or by ``save_weights``)."""
        from .saving import load_weights
        load_weights(self, filepath, skip_mismatch)

    def set_weights(self, weights: Sequence) -> None:
        """Assign the weights in ``weights`` order, with Keras's count and shape errors."""
        mine = self.weights
        if len(weights) != len(mine):
            raise ValueError(f"You called `set_weights(weights)` on layer '{self.name}' with a weight list of "
                             f"length {len(weights)}, but the layer was expecting {len(mine)} weights.")
        for variable, value in zip(mine, weights):
            value = np.asarray(value)
            if tuple(variable.shape) != tuple(value.shape):
                raise ValueError(f"Layer {self.name} weight shape {variable.shape} is not compatible with "
                                 f"provided weight shape {value.shape}.")
        for variable, value in zip(mine, weights):
            variable.assign(np.asarray(value, dtype=variable.dtype))


def _unique(variables: list[Variable]) -> list[Variable]:
    out: list[Variable] = []
    for v in variables:
        if not any(v is o for o in out):
            out.append(v)
    return out


def _dense_kernel(x, kernel):
    return jnp.matmul(x, kernel)


class Dense(Layer):
    """``keras.layers.Dense(units, activation=None, use_bias=True, kernel_initializer='glorot_uniform',
    bias_initializer='zeros')``: ``activation(inputs @ kernel + bias)``, built on first call."""

    def __init__(self, units: int, activation=None, use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, lora_rank=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel = None
        self.bias = None

    def build(self, input_shape) -> None:
        self.kernel = self.add_weight((input_shape[-1], self.units), self.kernel_initializer, name="kernel")
        if self.use_bias:
            self.bias = self.add_weight((self.units,), self.bias_initializer, name="bias")
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        return (*tuple(input_shape)[:-1], self.units)

    def call(self, inputs):
        x = make_op(_dense_kernel, [inputs, convert_to_tensor(self.kernel)], op_type="MatMul")
        if self.use_bias:
            x = x + self.bias
        return self.activation(x)


def _flatten_kernel(x):
    return x.reshape((x.shape[0], -1))


class Flatten(Layer):
    """``keras.layers.Flatten()``: every axis but the batch axis into one."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)

    def compute_output_shape(self, input_shape) -> tuple:
        rest = tuple(input_shape)[1:]
        return (tuple(input_shape)[0], None if None in rest else int(np.prod(rest)))

    def call(self, inputs):
        return make_op(_flatten_kernel, [inputs], op_type="Reshape")


class Embedding(Layer):
    """``keras.layers.Embedding(input_dim, output_dim, embeddings_initializer='uniform')``: rows of
    ``embeddings`` by index (a ``tf.gather``, so its tape gradient is ``IndexedSlices``)."""

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings = None

    def build(self, input_shape=None) -> None:
        self.embeddings = self.add_weight((self.input_dim, self.output_dim), self.embeddings_initializer,
                                          name="embeddings")
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        return (*tuple(input_shape), self.output_dim)

    def call(self, inputs):
        if not inputs.dtype.is_integer:
            inputs = cast(inputs, _dt.int32)
        return gather(self.embeddings, inputs)


class InputLayer(Layer):
    """``keras.Input(shape)``: the input shape of a ``Sequential`` (batch dimension excluded)."""

    def __init__(self, shape=None, batch_size=None, dtype=None, name: str | None = None, **kwargs):
        super().__init__(name=name or naming.unique_name("input_layer"))
        self.shape = (batch_size, *tuple(shape or ()))


def Input(shape=None, batch_size=None, dtype=None, name: str | None = None, **kwargs) -> InputLayer:
    """``keras.Input``: here, the input layer that a ``Sequential`` builds from."""
    return InputLayer(shape, batch_size, dtype, name)


__all__ = ["Dense", "Embedding", "Flatten", "Input", "InputLayer", "Layer"]
