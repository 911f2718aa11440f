"""Keras 3's core and reshaping layers: ``Dense``, ``Embedding``, ``Flatten``, ``Reshape``,
``Dropout``, ``Activation``, ``Lambda``, ``Softmax``, ``ReLU``, ``Identity``."""
from __future__ import annotations

from typing import Any, Callable

import jax
import jax.numpy as jnp
import numpy as np

from ... import dtypes as _dt
from ... import nn_ops
from ...array_ops import gather
from ...math_ops import cast
from ...tensor import convert_to_tensor, make_op
from .. import activations, initializers
from .base import InputSpec, Layer, serialize_activation, serialize_initializer


def _dense_kernel(x, kernel):
    return jnp.matmul(x, kernel)


class Dense(Layer):
    """``keras.layers.Dense(units, activation=None, use_bias=True, kernel_initializer='glorot_uniform',
    bias_initializer='zeros')``: ``activation(inputs @ kernel + bias)``, built on first call."""

    def __init__(self, units: int, activation=None, use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, lora_rank=None,
                 lora_alpha=None, quantization_config=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True  # passes an input mask on, as Keras
        if not isinstance(units, (int, np.integer)) or units <= 0:
            raise ValueError(f"Received an invalid value for `units`, expected a positive integer. "
                             f"Received: units={units}")
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel = None
        self.bias = None
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape) -> None:
        self.kernel = self.add_weight((input_shape[-1], self.units), self.kernel_initializer, name="kernel")
        if self.use_bias:
            self.bias = self.add_weight((self.units,), self.bias_initializer, name="bias")
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_shape[-1]})
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        return (*tuple(input_shape)[:-1], self.units)

    def call(self, inputs):
        x = make_op(_dense_kernel, [inputs, convert_to_tensor(self.kernel)], op_type="MatMul")
        if self.use_bias:
            x = x + self.bias
        return self.activation(x)

    def get_config(self) -> dict:
        return {**super().get_config(), "units": self.units, "activation": serialize_activation(self.activation),
                "use_bias": self.use_bias, "kernel_initializer": serialize_initializer(self.kernel_initializer),
                "bias_initializer": serialize_initializer(self.bias_initializer), "kernel_regularizer": None,
                "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None,
                "quantization_config": None}


def _flatten_kernel(x):
    return x.reshape((x.shape[0], -1))


class Flatten(Layer):
    """``keras.layers.Flatten()``: every axis but the batch axis into one."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = data_format or "channels_last"
        self.input_spec = InputSpec(min_ndim=1)

    def compute_output_shape(self, input_shape) -> tuple:
        rest = tuple(input_shape)[1:]
        return (tuple(input_shape)[0], None if None in rest else int(np.prod(rest)))

    def call(self, inputs):
        return make_op(_flatten_kernel, [inputs], op_type="Reshape")

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}


def _reshape_kernel(x, *, shape: tuple):
    return x.reshape((x.shape[0], *shape))


class Reshape(Layer):
    """``keras.layers.Reshape(target_shape)``: reshape every sample (one ``-1`` allowed)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        self.target_shape = tuple(int(d) for d in target_shape)
        if self.target_shape.count(-1) > 1:
            raise ValueError(f"There must be at most one unknown dimension (-1) in `target_shape`. "
                             f"Received: target_shape={self.target_shape}.")

    def _resolved(self, input_shape) -> tuple:
        rest = tuple(input_shape)[1:]
        if -1 not in self.target_shape:
            if None not in rest and int(np.prod(rest)) != int(np.prod(self.target_shape)):
                raise ValueError(f"The total size of the tensor must be unchanged. Received: input_shape={rest}, "
                                 f"target_shape={self.target_shape}")
            return self.target_shape
        if None in rest:
            return tuple(None if d == -1 else d for d in self.target_shape)
        known = int(np.prod([d for d in self.target_shape if d != -1]))
        total = int(np.prod(rest))
        if known == 0 or total % known:
            raise ValueError(f"The total size of the tensor must be unchanged. Received: input_shape={rest}, "
                             f"target_shape={self.target_shape}")
        return tuple(total // known if d == -1 else d for d in self.target_shape)

    def compute_output_shape(self, input_shape) -> tuple:
        return (tuple(input_shape)[0], *self._resolved(input_shape))

    def call(self, inputs):
        shape = self._resolved(inputs.shape.dims)
        return make_op(_reshape_kernel, [inputs], {"shape": tuple(-1 if d is None else d for d in shape)},
                       op_type="Reshape")

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": self.target_shape}


class Dropout(Layer):
    """``keras.layers.Dropout(rate, noise_shape=None, seed=None)``: zeroes entries with probability
    ``rate`` and scales the rest by ``1 / (1 - rate)`` when ``training`` is true; identity otherwise.
    The mask is Keras's: ``stateless_uniform(noise_shape, seed) >= rate`` with the seed from the
    layer's ``SeedGenerator`` (made at construction, as Keras)."""

    def __init__(self, rate: float, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True  # passes an input mask on, as Keras
        if not isinstance(rate, (int, float)) or not 0 <= rate <= 1:
            raise ValueError(f"Invalid value received for argument `rate`. Expected a float value between 0 and 1. "
                             f"Received: rate={rate}")
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed
        if rate > 0:
            from ..random import SeedGenerator
            self.seed_generator = SeedGenerator(seed)

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            if self.rate >= 1:
                return inputs * 0.0
            noise_shape = None
            if self.noise_shape is not None:
                noise_shape = [d if d is not None else s for d, s in zip(self.noise_shape, inputs.shape.as_list())]
            from ..random import dropout_mask
            shape = inputs.shape.as_list() if noise_shape is None else noise_shape
            keep = dropout_mask(shape, self.rate, inputs.dtype, self.seed_generator)
            return make_op(nn_ops._dropout, [inputs, keep], {"scale": 1.0 / (1.0 - self.rate)}, op_type="dropout")
        return inputs

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}


class Activation(Layer):
    """``keras.layers.Activation(activation)``: an activation by name or callable."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True  # passes an input mask on, as Keras
        self.activation = activations.get(activation)

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def call(self, inputs):
        return self.activation(inputs)

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": serialize_activation(self.activation)}


def _relu_kernel(x, *, max_value, negative_slope: float, threshold: float):
    low = jnp.where(x >= threshold, x, negative_slope * (x - threshold) if negative_slope else jnp.zeros((), x.dtype))
    if max_value is not None:
        low = jnp.minimum(low, jnp.asarray(max_value, x.dtype))
    return low.astype(x.dtype)


class ReLU(Layer):
    """``keras.layers.ReLU(max_value=None, negative_slope=0.0, threshold=0.0)``."""

    def __init__(self, max_value=None, negative_slope: float = 0.0, threshold: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True  # passes an input mask on, as Keras
        if max_value is not None and max_value < 0:
            raise ValueError(f"max_value of a ReLU layer cannot be a negative value. Received: {max_value}")
        if negative_slope is None or negative_slope < 0:
            raise ValueError(f"negative_slope of a ReLU layer cannot be a negative value. "
                             f"Received: {negative_slope}")
        if threshold is None or threshold < 0:
            raise ValueError(f"threshold of a ReLU layer cannot be a negative value. Received: {threshold}")
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, threshold

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def call(self, inputs):
        static = {"max_value": None if self.max_value is None else float(self.max_value),
                  "negative_slope": float(self.negative_slope), "threshold": float(self.threshold)}
        return make_op(_relu_kernel, [inputs], static, op_type="Relu")

    def get_config(self) -> dict:
        return {**super().get_config(), "max_value": self.max_value, "negative_slope": self.negative_slope,
                "threshold": self.threshold}


def _masked_softmax(x, mask, *, axis):
    # Keras 3.15: a large negative number where the mask is False (a non-boolean mask keeps
    # entries > 0.5), then the masked outputs zeroed (a fully masked axis gives zeros)
    keep = mask if mask.dtype == jnp.bool_ else mask > 0.5
    y = jax.nn.softmax(jnp.where(keep, x, jnp.asarray(-1e9, x.dtype)), axis=axis)
    return jnp.where(keep, y, jnp.zeros((), y.dtype))


class Softmax(Layer):
    """``keras.layers.Softmax(axis=-1)``; ``mask`` (True keeps) pushes masked entries to ~0."""

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True  # passes an input mask on, as Keras
        self.axis = axis

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def call(self, inputs, mask=None):
        axis = tuple(self.axis) if isinstance(self.axis, (list, tuple)) else int(self.axis)
        if mask is not None:
            return make_op(_masked_softmax, [inputs, convert_to_tensor(mask)], {"axis": axis}, op_type="Softmax")
        return activations.softmax(inputs, axis=axis)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


class Lambda(Layer):
    """``keras.layers.Lambda(function, output_shape=None, mask=None, arguments=None)``."""

    def __init__(self, function: Callable, output_shape=None, mask=None, arguments: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        self.function = function
        self.arguments = arguments or {}
        self._output_shape = output_shape

    def call(self, inputs, mask=None, training=None):
        return self.function(inputs, **self.arguments)

    def get_config(self) -> dict:
        return {**super().get_config(), "function": self.function, "arguments": self.arguments}

    @classmethod
    def from_config(cls, config: dict) -> "Lambda":
        config = dict(config)
        config.pop("dtype", None)
        return cls(**config)


class Identity(Layer):
    """``keras.layers.Identity()``."""

    def compute_output_shape(self, input_shape) -> Any:
        return input_shape

    def call(self, inputs):
        return inputs


class Embedding(Layer):
    """``keras.layers.Embedding(input_dim, output_dim, embeddings_initializer='uniform')``: rows of
    ``embeddings`` by index (a ``tf.gather``, so its tape gradient is ``IndexedSlices``)."""

    def __init__(self, input_dim: int, output_dim: int, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero: bool = False, weights=None,
                 lora_rank=None, lora_alpha=None, quantization_config=None, **kwargs):
        super().__init__(**kwargs)
        self.input_dim, self.output_dim = int(input_dim), int(output_dim)
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.mask_zero = mask_zero
        self.embeddings = None
        if weights is not None:
            self.build()
            self.set_weights(weights if isinstance(weights, (list, tuple)) else [weights])

    def build(self, input_shape=None) -> None:
        if self.embeddings is not None:
            return
        self.embeddings = self.add_weight((self.input_dim, self.output_dim), self.embeddings_initializer,
                                          name="embeddings")
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        return (*tuple(input_shape), self.output_dim)

    def call(self, inputs):
        if not inputs.dtype.is_integer:
            inputs = cast(inputs, _dt.int32)
        out = gather(self.embeddings, inputs)
        if self.mask_zero:
            out._keras_mask = inputs != 0  # read by the recurrent layers, as Keras's mask
        return out

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return convert_to_tensor(inputs) != 0

    def get_config(self) -> dict:
        return {**super().get_config(), "input_dim": self.input_dim, "output_dim": self.output_dim,
                "embeddings_initializer": serialize_initializer(self.embeddings_initializer),
                "embeddings_regularizer": None, "activity_regularizer": None, "embeddings_constraint": None,
                "mask_zero": self.mask_zero, "quantization_config": None}


__all__ = ["Activation", "Dense", "Dropout", "Embedding", "Flatten", "Identity", "Lambda", "ReLU", "Reshape",
           "Softmax"]
