"""Keras 3's convolution and pooling layers, channels_last: ``Conv1D``, ``Conv2D``,
``MaxPooling1D/2D``, ``AveragePooling1D/2D``, ``GlobalAveragePooling1D/2D``,
``GlobalMaxPooling1D/2D``. Kernels are (*kernel_size, in / groups, filters); the compute is
``gradcompat.layers.convolution``'s channels-last kernels.

Known difference: ``data_format='channels_first'`` is not supported (Keras on CPU rejects most
of it too)."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from ....layers import convolution as K
from ...reduction_ops import reduce_max, reduce_mean
from ...tensor import convert_to_tensor, make_op
from .. import activations, initializers
from .base import InputSpec, Layer, serialize_activation, serialize_initializer


def _tuple(value, n: int, name: str) -> tuple:
    if isinstance(value, (int, np.integer)):
        return (int(value),) * n
    value = tuple(int(v) for v in value)
    if len(value) != n:
        raise ValueError(f"The `{name}` argument must be a tuple of {n} integers. Received {name}={value}, "
                         f"including values {value} that do not satisfy `value > 0`")
    return value


def _padding(padding, allowed: tuple = ("valid", "same")) -> str:
    value = padding.lower() if isinstance(padding, str) else padding
    if value not in allowed:
        raise ValueError(f"The `padding` argument must be a list/tuple or one of {{{', '.join(repr(a) for a in allowed)}}}. "
                         f"Received: {padding}")
    return value


def _data_format(data_format) -> str:
    data_format = data_format or "channels_last"
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"The `data_format` argument must be one of {{'channels_first', 'channels_last'}}. "
                         f"Received: data_format={data_format}")
    if data_format == "channels_first":
        raise NotImplementedError("gradcompat's Keras layers support data_format='channels_last' only")
    return data_format


def _out_length(size, k: int, stride: int, dilation: int, padding: str):
    if size is None:
        return None
    if padding == "same":
        return -(-size // stride)
    if padding == "causal":
        return -(-size // stride)
    effective = (k - 1) * dilation + 1
    return (size - effective) // stride + 1 if size >= effective else 0


def _spatial_lengths(shape: tuple, kernel_size: tuple, strides: tuple, dilation_rate: tuple, padding: str) -> list:
    """The output length of each spatial axis of a channels_last ``shape`` (None where unknown)."""
    return [_out_length(s, k, st, d, padding) for s, k, st, d in zip(shape[1:-1], kernel_size, strides, dilation_rate)]


def input_channels(input_shape) -> int:
    """The channels (last axis) of a convolution's input shape, with Keras's error when unknown."""
    channels = input_shape[-1]
    if channels is None:
        raise ValueError(f"The channel dimension of the inputs should be defined. The input_shape received is "
                         f"{tuple(input_shape)}, where axis -1 (0-based) is the channel dimension, which found "
                         f"to be `None`.")
    return channels


class _Conv(Layer):
    rank = 2

    def __init__(self, filters: int, kernel_size, strides=1, padding: str = "valid", data_format=None,
                 dilation_rate=1, groups: int = 1, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(**kwargs)
        n = self.rank
        if filters is not None and (not isinstance(filters, (int, np.integer)) or filters <= 0):
            raise ValueError(f"Invalid value for argument `filters`. Expected a strictly positive value. "
                             f"Received filters={filters}.")
        self.filters, self.groups = int(filters), int(groups)
        self.kernel_size = _tuple(kernel_size, n, "kernel_size")
        self.strides = _tuple(strides, n, "strides")
        self.dilation_rate = _tuple(dilation_rate, n, "dilation_rate")
        self.padding = _padding(padding, ("valid", "same", "causal") if n == 1 else ("valid", "same"))
        self.data_format = _data_format(data_format)
        if self.filters % self.groups:
            raise ValueError(f"The number of filters must be evenly divisible by the number of groups. "
                             f"Received: groups={self.groups}, filters={self.filters}.")
        if any(k <= 0 for k in self.kernel_size):
            raise ValueError(f"The argument `kernel_size` cannot contain 0. Received kernel_size={self.kernel_size}.")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(f"`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                             f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}")
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel = self.bias = None
        self.input_spec = InputSpec(min_ndim=n + 2)

    def build(self, input_shape) -> None:
        channels = input_channels(input_shape)
        if channels % self.groups:
            raise ValueError(f"The number of input channels must be evenly divisible by the number of groups. "
                             f"Received groups={self.groups}, but the input has {channels} channels (full input "
                             f"shape is {tuple(input_shape)}).")
        self.kernel = self.add_weight((*self.kernel_size, channels // self.groups, self.filters),
                                      self.kernel_initializer, name="kernel")
        if self.use_bias:
            self.bias = self.add_weight((self.filters,), self.bias_initializer, name="bias")
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={-1: channels})
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        shape = tuple(input_shape)
        spatial = _spatial_lengths(shape, self.kernel_size, self.strides, self.dilation_rate, self.padding)
        if any(s is not None and s <= 0 for s in spatial):
            raise ValueError(f"Computed output size would be zero or negative. Received `inputs shape={shape}`, "
                             f"`kernel shape={(*self.kernel_size, shape[-1] // self.groups, self.filters)}`, "
                             f"`dilation_rate={self.dilation_rate}`.")
        return (shape[0], *spatial, self.filters)

    def call(self, inputs):
        self.compute_output_shape(inputs.shape.dims)  # Keras's error for a too-small input
        padding = self.padding.upper()
        if self.padding == "causal":  # pad the start of the time axis only
            padding = (((self.kernel_size[0] - 1) * self.dilation_rate[0], 0),)
        tensors = [inputs, convert_to_tensor(self.kernel)] + ([convert_to_tensor(self.bias)] if self.use_bias else [])
        static = {"strides": self.strides, "padding": padding, "dilation": self.dilation_rate,
                  "groups": self.groups}
        return self.activation(make_op(K.conv_channels_last, tensors, static, op_type="Conv2D"))

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate, "groups": self.groups,
                "activation": serialize_activation(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": serialize_initializer(self.kernel_initializer),
                "bias_initializer": serialize_initializer(self.bias_initializer), "kernel_regularizer": None,
                "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
                "bias_constraint": None}


class Conv1D(_Conv):
    """``keras.layers.Conv1D(filters, kernel_size, strides=1, padding='valid', dilation_rate=1, groups=1,
    activation=None, use_bias=True)`` on (batch, steps, channels); ``padding='causal'`` pads the start."""
    rank = 1


class Conv2D(_Conv):
    """``keras.layers.Conv2D(filters, kernel_size, strides=(1, 1), padding='valid', dilation_rate=(1, 1),
    groups=1, activation=None, use_bias=True)`` on (batch, rows, cols, channels)."""
    rank = 2


class _Pool(Layer):
    rank, kind = 2, "max"

    def __init__(self, pool_size, strides=None, padding: str = "valid", data_format=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        n = self.rank
        self.pool_size = _tuple(pool_size, n, "pool_size")
        self.strides = _tuple(strides, n, "strides") if strides is not None else self.pool_size
        self.padding = _padding(padding)
        self.data_format = _data_format(data_format)
        self.input_spec = InputSpec(ndim=n + 2)

    def compute_output_shape(self, input_shape) -> tuple:
        shape = tuple(input_shape)
        spatial = _spatial_lengths(shape, self.pool_size, self.strides, (1,) * len(self.pool_size), self.padding)
        if any(s is not None and s <= 0 for s in spatial):
            raise ValueError(f"Computed output size would be negative. Received: `inputs.shape={shape}` and "
                             f"`pool_size={self.pool_size}`.")
        return (shape[0], *spatial, shape[-1])

    def call(self, inputs):
        self.compute_output_shape(inputs.shape.dims)
        static = {"kind": self.kind, "window": self.pool_size, "strides": self.strides,
                  "padding": self.padding.upper()}
        return make_op(K.pool_channels_last, [inputs], static, op_type="MaxPool" if self.kind == "max" else "AvgPool")

    def get_config(self) -> dict:
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": self.data_format}


class MaxPooling1D(_Pool):
    """``keras.layers.MaxPooling1D(pool_size=2, strides=None, padding='valid')``."""
    rank, kind = 1, "max"

    def __init__(self, pool_size=2, strides=None, padding: str = "valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


class MaxPooling2D(_Pool):
    """``keras.layers.MaxPooling2D(pool_size=(2, 2), strides=None, padding='valid')``: strides default
    to the pool size."""
    rank, kind = 2, "max"

    def __init__(self, pool_size=(2, 2), strides=None, padding: str = "valid", data_format=None, name=None,
                 **kwargs):
        super().__init__(pool_size, strides, padding, data_format, name, **kwargs)


class AveragePooling1D(_Pool):
    """``keras.layers.AveragePooling1D(pool_size, strides=None, padding='valid')``."""
    rank, kind = 1, "avg"


class AveragePooling2D(_Pool):
    """``keras.layers.AveragePooling2D(pool_size, strides=None, padding='valid')`` (Keras 3.15 has no
    default pool size); a "same" window averages only its real entries."""
    rank, kind = 2, "avg"


class _GlobalPool(Layer):
    rank, kind = 2, "avg"

    def __init__(self, data_format=None, keepdims: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def compute_output_shape(self, input_shape) -> tuple:
        shape = tuple(input_shape)
        if self.keepdims:
            return (shape[0], *([1] * self.rank), shape[-1])
        return (shape[0], shape[-1])

    def call(self, inputs):
        axes = list(range(1, self.rank + 1))
        reduce = reduce_mean if self.kind == "avg" else reduce_max
        return reduce(inputs, axis=axes, keepdims=self.keepdims)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}


class GlobalAveragePooling1D(_GlobalPool):
    """``keras.layers.GlobalAveragePooling1D(keepdims=False)``: mean over the steps axis."""
    rank, kind = 1, "avg"

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        weights = make_op(_mask_weights, [convert_to_tensor(mask)], op_type="Cast")
        total = make_op(_masked_mean, [inputs, weights], {"keepdims": self.keepdims}, op_type="Mean")
        return total


def _mask_weights(mask):
    return mask.astype(jnp.float32)


def _masked_mean(x, w, *, keepdims: bool):
    w = w[..., None]
    return jnp.sum(x * w, axis=1, keepdims=keepdims) / jnp.sum(w, axis=1, keepdims=keepdims)


class GlobalAveragePooling2D(_GlobalPool):
    """``keras.layers.GlobalAveragePooling2D(keepdims=False)``: mean over rows and columns."""
    rank, kind = 2, "avg"


class GlobalMaxPooling1D(_GlobalPool):
    """``keras.layers.GlobalMaxPooling1D(keepdims=False)``."""
    rank, kind = 1, "max"


class GlobalMaxPooling2D(_GlobalPool):
    """``keras.layers.GlobalMaxPooling2D(keepdims=False)``."""
    rank, kind = 2, "max"


Convolution1D, Convolution2D = Conv1D, Conv2D
MaxPool1D, MaxPool2D, AvgPool1D, AvgPool2D = MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D
