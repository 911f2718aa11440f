"""MindSpore's nn primitives: activations, BiasAdd, Conv2D, MaxPool and cross entropy."""
from __future__ import annotations

from typing import Any

from ...core import select
from .. import _nn_kernels as NK
from ..tensor import Tensor
from .math_ops import _Unary
from .primitives import Primitive, apply_kernel, as_tensor


class ReLU(_Unary):
    """``ops.ReLU()(x)``: the gradient at 0 is 0, as in MindSpore."""
    name, op = "ReLU", "relu"


class Sigmoid(_Unary):
    """``ops.Sigmoid()(x)``."""
    name, op = "Sigmoid", "sigmoid"


class Tanh(_Unary):
    """``ops.Tanh()(x)``."""
    name, op = "Tanh", "tanh"


class _AxisActivation(Primitive):
    kernel = staticmethod(NK.softmax)

    def __init__(self, axis: int = -1) -> None:
        super().__init__()
        self.axis = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
        self.add_prim_attr("axis", self.axis if isinstance(axis, (list, tuple)) else axis)

    def __call__(self, x: Tensor) -> Tensor:
        return apply_kernel(self.kernel, [x], self.name, axis=self.axis)


class Softmax(_AxisActivation):
    """``ops.Softmax(axis=-1)(x)``."""
    name, kernel = "Softmax", staticmethod(NK.softmax)


class LogSoftmax(_AxisActivation):
    """``ops.LogSoftmax(axis=-1)(x)``."""
    name, kernel = "LogSoftmax", staticmethod(NK.log_softmax)


class BiasAdd(Primitive):
    """``ops.BiasAdd(data_format="NCHW")(x, bias)``: adds a 1-D bias along the channel axis."""

    name = "BiasAdd"

    def __init__(self, data_format: str = "NCHW") -> None:
        super().__init__()
        if data_format not in ("NCHW", "NHWC", "NCDHW"):
            raise ValueError(f"For 'BiasAdd', the 'data_format' must be 'NCHW', 'NHWC' or 'NCDHW', "
                             f"but got {data_format}.")
        self.data_format = data_format
        self.add_prim_attr("data_format", data_format)

    def __call__(self, x: Tensor, bias: Tensor) -> Tensor:
        x, bias = as_tensor(x), as_tensor(bias)
        channel_axis = -1 if self.data_format == "NHWC" else 1
        if bias.ndim != 1 or x.ndim < 2 or x.shape[channel_axis] != bias.shape[0]:
            raise ValueError(f"For 'BiasAdd', the length of 'bias' must be equal to the channel of 'input_x', "
                             f"but got bias shape {list(bias.shape)} and input_x shape {list(x.shape)}.")
        return apply_kernel(NK.bias_add, [x, bias], self.name, channel_axis=channel_axis)


def _pair(value) -> tuple:
    if isinstance(value, int):
        return (value, value)
    value = tuple(value)
    return value[-2:] if len(value) == 4 else value


class Conv2D(Primitive):
    """``ops.Conv2D(out_channel, kernel_size, mode=1, pad_mode="valid", pad=0, stride=1,
    dilation=1, group=1, data_format="NCHW")(x, weight)``: NCHW input, OIHW weight."""

    name = "Conv2D"

    def __init__(self, out_channel: int, kernel_size, mode: int = 1, pad_mode: str = "valid", pad=0,
                 stride=1, dilation=1, group: int = 1, data_format: str = "NCHW") -> None:
        super().__init__()
        self.out_channel, self.kernel_size = out_channel, _pair(kernel_size)
        self.pad_mode = pad_mode.lower()
        if self.pad_mode not in ("valid", "same", "pad"):
            raise ValueError(f"For 'Conv2D', the 'pad_mode' must be one of ['same', 'valid', 'pad'], "
                             f"but got {pad_mode}.")
        pads = (pad,) * 4 if isinstance(pad, int) else tuple(pad)
        if self.pad_mode != "pad" and any(pads):
            raise ValueError(f"For 'Conv2D', the 'pad' must be zero when 'pad_mode' is not 'pad', but got "
                             f"'pad': {pad} and 'pad_mode': {pad_mode}.")
        self.pad = pads
        self.stride, self.dilation, self.group = _pair(stride), _pair(dilation), group

    def __call__(self, x: Tensor, weight: Tensor) -> Tensor:
        x, weight = as_tensor(x), as_tensor(weight)
        if self.pad_mode == "pad":
            top, bottom, left, right = self.pad
            padding: Any = ((top, bottom), (left, right))
        else:
            padding = self.pad_mode.upper()
        return apply_kernel(NK.conv2d, [x, weight], self.name, stride=self.stride, padding=padding,
                            dilation=self.dilation, groups=self.group)


class MaxPool(Primitive):
    """``ops.MaxPool(kernel_size=1, strides=1, pad_mode="valid", data_format="NCHW")(x)``."""

    name = "MaxPool"

    def __init__(self, kernel_size=1, strides=1, pad_mode: str = "valid", data_format: str = "NCHW") -> None:
        super().__init__()
        self.kernel_size, self.strides = _pair(kernel_size), _pair(strides)
        self.pad_mode = pad_mode.upper()
        if self.pad_mode not in ("VALID", "SAME"):
            raise ValueError(f"For 'MaxPool', the 'pad_mode' must be 'SAME' or 'VALID', but got {pad_mode}.")

    def __call__(self, x: Tensor) -> Tensor:
        return apply_kernel(NK.max_pool, [x], self.name, window=self.kernel_size, strides=self.strides,
                            padding=self.pad_mode)


class SoftmaxCrossEntropyWithLogits(Primitive):
    """``ops.SoftmaxCrossEntropyWithLogits()(logits, labels)`` -> (loss, backprop).

    As in MindSpore, the gradient wrt logits is ``backprop * d loss`` (the backprop output's
    own cotangent is ignored) and the labels get a zero gradient.
    """

    name = "SoftmaxCrossEntropyWithLogits"

    def __call__(self, logits: Tensor, labels: Tensor) -> tuple:
        node = apply_kernel(NK.softmax_cross_entropy, [logits, labels], self.name).node
        return Tensor._from_node(select(node, 0)), Tensor._from_node(select(node, 1))


class SparseSoftmaxCrossEntropyWithLogits(Primitive):
    """``ops.SparseSoftmaxCrossEntropyWithLogits(is_grad=False)(logits, labels)``: the mean
    cross entropy of integer labels, or with ``is_grad`` its gradient wrt the logits."""

    name = "SparseSoftmaxCrossEntropyWithLogits"

    def __init__(self, is_grad: bool = False) -> None:
        super().__init__()
        self.is_grad = bool(is_grad)
        self.add_prim_attr("is_grad", self.is_grad)

    def __call__(self, logits: Tensor, labels: Tensor) -> Tensor:
        return apply_kernel(NK.sparse_softmax_cross_entropy, [logits, labels], self.name, is_grad=self.is_grad)
