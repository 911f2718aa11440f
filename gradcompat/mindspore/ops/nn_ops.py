"""MindSpore's nn primitives: activations, BiasAdd, Conv2D, MaxPool and cross entropy."""
from __future__ import annotations

from typing import Any

from ...core import select
from .. import _nn_kernels as NK
from ..tensor import Tensor
from .math_ops import _Unary
from .primitives import Primitive, apply_kernel, as_tensor, check_float, normalize_axis


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
        x = as_tensor(x)
        check_float(self.name, x, "x", "BFloat16, Float16, Float32, Float64")
        axis = tuple(normalize_axis(a, x.ndim, self.name) for a in self.axis)
        return apply_kernel(self.kernel, [x], self.name, axis=axis)


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
            vector = lambda s: "[const vector]{" + ", ".join(str(d) for d in s) + "}"  # noqa: E731
            raise ValueError(f"For 'BiasAdd', bias[0] shape should be equal to input_x[{channel_axis % max(x.ndim, 1)}] "
                             f"shape when data_format is {0 if channel_axis == 1 else 1}, but got bias shape: "
                             f".{vector(bias.shape)}, input_shape: {vector(x.shape)}.")
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
        if x.ndim != 4:
            raise ValueError(f"For primitive[Conv2D], the x shape size must be equal to 4, but got {x.ndim}.")
        if x.shape[1] // self.group != weight.shape[1]:
            raise RuntimeError(f"For 'Conv2D', 'C_in' of input 'x' shape divide by parameter 'group' must be equal to "
                               f"'C_in' of input 'weight' shape: {weight.shape[1]}, but got 'C_in' of input 'x' "
                               f"shape: {x.shape[1]}, and 'group': {self.group}.")
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
        x = as_tensor(x)
        if x.ndim != 4:
            raise ValueError(f"For primitive[MaxPool], the length of input must be equal to 4 , but got {x.ndim}.")
        return apply_kernel(NK.max_pool, [x], self.name, window=self.kernel_size, strides=self.strides,
                            padding=self.pad_mode)


class SoftmaxCrossEntropyWithLogits(Primitive):
    """``ops.SoftmaxCrossEntropyWithLogits()(logits, labels)`` -> (loss, backprop).

    As in MindSpore, the gradient wrt logits is ``backprop * d loss`` (the backprop output's
    own cotangent is ignored) and the labels get a zero gradient.
    """

    name = "SoftmaxCrossEntropyWithLogits"

    def __call__(self, logits: Tensor, labels: Tensor) -> tuple:
        logits, labels = as_tensor(logits), as_tensor(labels)
        if logits.shape != labels.shape:
            raise ValueError(f"For '{self.name}', evaluator arg 'label' shape must be consistent with 'logits' "
                             f"shape, but got 'label' shape: {labels.shape}, 'logits' shape: {logits.shape}.")
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
        logits, labels = as_tensor(logits), as_tensor(labels)
        if labels.shape != logits.shape[:-1]:
            raise ValueError("Labels shape value must be equal to the Features except the last dimension of "
                             "Features")
        return apply_kernel(NK.sparse_softmax_cross_entropy, [logits, labels], self.name, is_grad=self.is_grad)
