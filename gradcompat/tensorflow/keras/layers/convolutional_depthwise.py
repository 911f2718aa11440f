"""Keras 3's depthwise and separable convolutions, channels_last: ``DepthwiseConv1D/2D`` (kernel
(*kernel_size, in_channels, depth_multiplier), outputs ordered channel-major as TF's) and
``SeparableConv1D/2D`` (that depthwise kernel, then a (1, .., in * depth_multiplier, filters)
pointwise kernel). One grouped ``lax.conv_general_dilated`` per stage."""
from __future__ import annotations

import jax

from ...tensor import convert_to_tensor, make_op
from .. import activations, initializers
from .base import InputSpec, Layer, serialize_activation, serialize_initializer
from .convolutional import _data_format, _padding, _spatial_lengths, _tuple


def _dims(n: int) -> tuple:
    spatial = "DHW"[-n:]
    return (f"N{spatial}C", f"{spatial}IO", f"N{spatial}C")


def _separable_kernel(x, depthwise, *rest, strides: tuple, padding: str, dilation: tuple, pointwise: bool,
                      bias: bool):
    n, cin = x.ndim - 2, x.shape[-1]
    w = depthwise.reshape(depthwise.shape[:n] + (1, cin * depthwise.shape[-1]))  # output channel c * m + j
    y = jax.lax.conv_general_dilated(x, w, strides, padding, rhs_dilation=dilation, dimension_numbers=_dims(n),
                                     feature_group_count=cin, precision=jax.lax.Precision.HIGHEST)
    rest = list(rest)
    if pointwise:
        y = jax.lax.conv_general_dilated(y, rest.pop(0), (1,) * n, "VALID", dimension_numbers=_dims(n),
                                         precision=jax.lax.Precision.HIGHEST)
    return y + rest[0] if bias else y


class _DepthwiseBase(Layer):
    rank, pointwise = 2, False

    def __init__(self, filters, kernel_size, strides=1, padding: str = "valid", depth_multiplier: int = 1,
                 data_format=None, dilation_rate=1, activation=None, use_bias: bool = True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", **kwargs):
        for key in ("depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
                    "depthwise_constraint", "pointwise_constraint", "bias_constraint", "kernel_initializer"):
            kwargs.pop(key, None)
        super().__init__(**kwargs)
        n = self.rank
        self.filters = filters
        self.depth_multiplier = int(depth_multiplier)
        self.kernel_size = _tuple(kernel_size, n, "kernel_size")
        self.strides = _tuple(strides, n, "strides")
        self.dilation_rate = _tuple(dilation_rate, n, "dilation_rate")
        self.padding = _padding(padding)
        self.data_format = _data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.input_spec = InputSpec(min_ndim=n + 2)

    def _out_channels(self, channels: int) -> int:
        return self.filters if self.pointwise else channels * self.depth_multiplier

    def build(self, input_shape) -> None:
        channels = input_shape[-1]
        shape = (*self.kernel_size, channels, self.depth_multiplier)
        if self.pointwise:
            self.depthwise_kernel = self.add_weight(shape, self.depthwise_initializer, name="depthwise_kernel")
            self.pointwise_kernel = self.add_weight((1,) * self.rank + (channels * self.depth_multiplier,
                                                                       self.filters),
                                                    self.pointwise_initializer, name="pointwise_kernel")
        else:
            self.kernel = self.add_weight(shape, self.depthwise_initializer, name="kernel")
        if self.use_bias:
            self.bias = self.add_weight((self._out_channels(channels),), self.bias_initializer, name="bias")
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={-1: channels})
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        shape = tuple(input_shape)
        spatial = _spatial_lengths(shape, self.kernel_size, self.strides, self.dilation_rate, self.padding)
        return (shape[0], *spatial, self._out_channels(shape[-1]))

    def call(self, inputs):
        weights = [self.depthwise_kernel, self.pointwise_kernel] if self.pointwise else [self.kernel]
        if self.use_bias:
            weights.append(self.bias)
        static = {"strides": self.strides, "padding": self.padding.upper(), "dilation": self.dilation_rate,
                  "pointwise": self.pointwise, "bias": bool(self.use_bias)}
        out = make_op(_separable_kernel, [inputs, *[convert_to_tensor(w) for w in weights]], static,
                      op_type="DepthwiseConv2dNative")
        return self.activation(out)

    def get_config(self) -> dict:
        config = {**super().get_config(), "depth_multiplier": self.depth_multiplier}
        if self.pointwise:
            config["filters"] = self.filters
        config.update({"kernel_size": self.kernel_size, "strides": self.strides, "padding": self.padding,
                       "data_format": self.data_format, "dilation_rate": self.dilation_rate,
                       "activation": serialize_activation(self.activation), "use_bias": self.use_bias,
                       "depthwise_initializer": serialize_initializer(self.depthwise_initializer)})
        if self.pointwise:
            config["pointwise_initializer"] = serialize_initializer(self.pointwise_initializer)
        config["bias_initializer"] = serialize_initializer(self.bias_initializer)
        config.update({"depthwise_regularizer": None, **({"pointwise_regularizer": None} if self.pointwise else {}),
                       "bias_regularizer": None, "activity_regularizer": None, "depthwise_constraint": None,
                       **({"pointwise_constraint": None} if self.pointwise else {}), "bias_constraint": None})
        return config


class DepthwiseConv1D(_DepthwiseBase):
    """``keras.layers.DepthwiseConv1D(kernel_size, strides=1, padding='valid', depth_multiplier=1)``."""
    rank = 1

    def __init__(self, kernel_size, strides=1, padding: str = "valid", depth_multiplier: int = 1, **kwargs):
        super().__init__(None, kernel_size, strides, padding, depth_multiplier, **kwargs)


class DepthwiseConv2D(_DepthwiseBase):
    """``keras.layers.DepthwiseConv2D(kernel_size, strides=(1, 1), padding='valid', depth_multiplier=1)``:
    each input channel convolved with its own ``depth_multiplier`` filters."""
    rank = 2

    def __init__(self, kernel_size, strides=(1, 1), padding: str = "valid", depth_multiplier: int = 1, **kwargs):
        super().__init__(None, kernel_size, strides, padding, depth_multiplier, **kwargs)


class SeparableConv1D(_DepthwiseBase):
    """``keras.layers.SeparableConv1D(filters, kernel_size, strides=1, padding='valid', depth_multiplier=1)``."""
    rank, pointwise = 1, True


class SeparableConv2D(_DepthwiseBase):
    """``keras.layers.SeparableConv2D(filters, kernel_size, strides=(1, 1), padding='valid',
    depth_multiplier=1)``: a depthwise convolution, then a 1x1 convolution to ``filters``."""
    rank, pointwise = 2, True

    def __init__(self, filters: int, kernel_size, strides=(1, 1), padding: str = "valid", **kwargs):
        super().__init__(filters, kernel_size, strides, padding, **kwargs)


SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D
