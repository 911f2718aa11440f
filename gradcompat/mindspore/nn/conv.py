"""``nn.Conv2d`` and ``nn.MaxPool2d`` (NCHW), on the ``ops.Conv2D`` / ``ops.MaxPool`` primitives.

MindSpore's defaults differ from torch's: ``Conv2d`` pads ``'same'`` and has no bias
unless ``has_bias=True``; ``MaxPool2d`` has ``stride=1`` and ``pad_mode='valid'``.
"""
from __future__ import annotations

import math
from typing import Any

from .. import dtype as mstype
from .. import ops
from ..parameter import Parameter
from ..tensor import Tensor
from .cell import Cell
from .initial_values import initial_value


def _pair(value: Any) -> tuple:
    return (value, value) if isinstance(value, int) else tuple(value)


class Conv2d(Cell):
    """``nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, pad_mode='same', padding=0,
    dilation=1, group=1, has_bias=False, weight_init=None, bias_init=None, data_format='NCHW')``.

    The weight is (out, in / group, kh, kw); default initializers as MindSpore's
    (HeUniform(sqrt(5)) and Uniform(1/sqrt(fan_in))), random values not reproduced.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: Any, stride: Any = 1,
                 pad_mode: str = "same", padding: Any = 0, dilation: Any = 1, group: int = 1,
                 has_bias: bool = False, weight_init: Any = None, bias_init: Any = None,
                 data_format: str = "NCHW", dtype: mstype.Type = mstype.float32) -> None:
        super().__init__()
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.dilation = _pair(kernel_size), _pair(stride), _pair(dilation)
        self.pad_mode, self.padding, self.group, self.has_bias = pad_mode, padding, group, has_bias
        self.format = data_format
        if in_channels % group or out_channels % group:
            raise ValueError(f"For 'Conv2d', the attr 'in_channels' and 'out_channels' must be divisible by "
                             f"'group', but got {in_channels}, {out_channels} and {group}.")
        shape = (out_channels, in_channels // group, *self.kernel_size)
        if weight_init is None:
            from ..common.initializer import HeUniform
            weight_init = HeUniform(math.sqrt(5))
        self.weight_init, self.bias_init = weight_init, bias_init
        self.weight = Parameter(initial_value(weight_init, shape, dtype, "weight_init", "Conv2d"), name="weight")
        self.bias = None
        if has_bias:
            if bias_init is None:
                from ..common.initializer import Uniform
                bias_init = Uniform(1 / math.sqrt(shape[1] * shape[2] * shape[3]))
            self.bias = Parameter(initial_value(bias_init, (out_channels,), dtype, "bias_init", "Conv2d"),
                                  name="bias")
        self.conv2d = ops.Conv2D(out_channel=out_channels, kernel_size=self.kernel_size, pad_mode=pad_mode,
                                 pad=padding, stride=self.stride, dilation=self.dilation, group=group)
        self.bias_add = ops.BiasAdd()

    def construct(self, x: Tensor) -> Tensor:
        out = self.conv2d(x, self.weight)
        return self.bias_add(out, self.bias) if self.has_bias else out

    def extend_repr(self) -> str:
        return (f"input_channels={self.in_channels}, output_channels={self.out_channels}, "
                f"kernel_size={self.kernel_size}, stride={self.stride}, pad_mode={self.pad_mode}, "
                f"padding={self.padding}, dilation={self.dilation}, group={self.group}, "
                f"has_bias={self.has_bias}, weight_init={self.weight_init}, bias_init={self.bias_init}, "
                f"format={self.format}")


class MaxPool2d(Cell):
    """``nn.MaxPool2d(kernel_size=1, stride=1, pad_mode='valid', ...)``: NCHW input."""

    def __init__(self, kernel_size: Any = 1, stride: Any = 1, pad_mode: str = "valid", padding: Any = 0,
                 dilation: Any = 1, return_indices: bool = False, ceil_mode: bool = False,
                 data_format: str = "NCHW") -> None:
        super().__init__()
        if padding != 0 or dilation != 1 or return_indices or ceil_mode:
            raise NotImplementedError("gradcompat: MaxPool2d with padding, dilation, return_indices or "
                                      "ceil_mode is not supported")
        self.kernel_size, self.stride, self.pad_mode = kernel_size, stride, pad_mode.upper()
        self.max_pool = ops.MaxPool(kernel_size=kernel_size, strides=stride, pad_mode=pad_mode)

    def construct(self, x: Tensor) -> Tensor:
        return self.max_pool(x)

    def extend_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, pad_mode={self.pad_mode}"


__all__ = ["Conv2d", "MaxPool2d"]
