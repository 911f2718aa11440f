"""Keras 3's transposed convolutions, channels_last: ``Conv1DTranspose`` and ``Conv2DTranspose``.
Kernels are (*kernel_size, filters, in_channels), as Keras's; output sizes follow Keras's
``deconv_output_length`` and the compute is ``gradcompat.layers.convolution``'s
``conv_transpose_channels_last`` (TF's ``conv_transpose`` padding rule)."""
from __future__ import annotations

from ....layers import convolution as K
from ...tensor import convert_to_tensor, make_op
from .base import InputSpec
from .convolutional import _Conv, _tuple, input_channels


def _deconv_length(size, k: int, stride: int, padding: str, output_padding, dilation: int):
    """Keras's ``deconv_output_length``."""
    if size is None:
        return None
    k = (k - 1) * dilation + 1
    if output_padding is None:
        return size * stride + max(k - stride, 0) if padding == "valid" else size * stride
    pad = k // 2 if padding == "same" else 0
    return (size - 1) * stride + k - 2 * pad + output_padding


class _ConvTranspose(_Conv):
    def __init__(self, filters: int, kernel_size, strides=1, padding: str = "valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", **kwargs):
        super().__init__(filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer, bias_initializer=bias_initializer, **kwargs)
        self.output_padding = None if output_padding is None else _tuple(output_padding, self.rank, "output_padding")
        if self.output_padding is not None:
            for p, s in zip(self.output_padding, self.strides):
                if p >= s:
                    raise ValueError(f"Strides must be greater than output padding. Received strides={self.strides}, "
                                     f"output_padding={self.output_padding}.")

    def build(self, input_shape) -> None:
        channels = input_channels(input_shape)
        self.kernel = self.add_weight((*self.kernel_size, self.filters, channels), self.kernel_initializer,
                                      name="kernel")
        if self.use_bias:
            self.bias = self.add_weight((self.filters,), self.bias_initializer, name="bias")
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={-1: channels})
        self.built = True

    def compute_output_shape(self, input_shape) -> list:
        """The output shape, a list as Keras's."""
        shape = tuple(input_shape)
        out_pad = self.output_padding or (None,) * self.rank
        spatial = [_deconv_length(s, k, st, self.padding, op, d) for s, k, st, op, d in
                   zip(shape[1:-1], self.kernel_size, self.strides, out_pad, self.dilation_rate)]
        return [shape[0], *spatial, self.filters]

    def call(self, inputs):
        shape = tuple(inputs.shape.dims)
        out = tuple(self.compute_output_shape(shape)[1:-1])
        pad_before = []
        for size, o, k, s, d in zip(shape[1:-1], out, self.kernel_size, self.strides, self.dilation_rate):
            k = (k - 1) * d + 1
            # TF: the forward convolution's padding on the output size ("valid" pads nothing)
            pad_before.append(max((size - 1) * s + k - o, 0) // 2 if self.padding == "same" else 0)
        tensors = [inputs, convert_to_tensor(self.kernel)] + ([convert_to_tensor(self.bias)] if self.use_bias else [])
        static = {"strides": self.strides, "pad_before": tuple(pad_before), "out_size": tuple(out),
                  "dilation": self.dilation_rate}
        return self.activation(make_op(K.conv_transpose_channels_last, tensors, static,
                                       op_type="Conv2DBackpropInput"))

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("groups", None)
        config["output_padding"] = self.output_padding
        return config


class Conv1DTranspose(_ConvTranspose):
    """``keras.layers.Conv1DTranspose(filters, kernel_size, strides=1, padding='valid', output_padding=None,
    dilation_rate=1, activation=None, use_bias=True)`` on (batch, steps, channels)."""
    rank = 1


class Conv2DTranspose(_ConvTranspose):
    """``keras.layers.Conv2DTranspose(filters, kernel_size, strides=(1, 1), padding='valid',
    output_padding=None, dilation_rate=(1, 1), activation=None, use_bias=True)`` on (batch, rows, cols,
    channels)."""
    rank = 2


Convolution1DTranspose, Convolution2DTranspose = Conv1DTranspose, Conv2DTranspose
