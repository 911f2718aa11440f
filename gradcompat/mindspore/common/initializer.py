"""``mindspore.common.initializer``: initializer objects and ``initializer(init, shape, dtype)``.

Reproduces MindSpore 2.x's distributions, their parameters and defaults, fan computation,
string aliases ('normal', 'zeros', 'xavier_uniform', 'he_uniform', ...) and errors. The random
initializers draw MindSpore's own numbers (a Philox stream per call, seeded from numpy's global
RandomState as MindSpore seeds it: ``gradcompat.random.mindspore_stream``). Known difference:
the returned Tensor holds its values at once (MindSpore's repr shows ``<uninitialized>``
until the data is first used).
"""
from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from .. import dtype as mstype
from .._random import initializer_seed
from ...layers import initialization
from ...random import mindspore_stream as _stream
from ..tensor import Tensor

_ALIASES: dict[str, type] = {}


def _register(*aliases: str):
    def decorate(cls: type) -> type:
        _ALIASES[cls.__name__.lower()] = cls
        for alias in aliases:
            _ALIASES[alias] = cls
        return cls
    return decorate


class Initializer:
    """Base of initializers: ``init(arr)`` fills a numpy array in place, as in MindSpore."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs

    def _initialize(self, arr: np.ndarray) -> None:
        raise NotImplementedError

    def __call__(self, arr: np.ndarray) -> None:
        if not isinstance(arr, np.ndarray):
            raise TypeError("For 'Initializer', the argument 'arr' should be numpy.ndarray.")
        self._initialize(arr)


def _assign(arr: np.ndarray, data) -> None:
    # draws are float32 (as MindSpore's are), then cast to the array's dtype
    arr[...] = np.asarray(data, dtype=np.float32) if np.ndim(data) else data


def fan_in_and_fan_out(shape: tuple) -> tuple[int, int]:
    """MindSpore's fans: (shape[1], shape[0]) for 2-D, times the receptive field beyond."""
    if len(shape) < 2:
        raise ValueError("'fan_in' and 'fan_out' can not be computed for tensor with fewer than"
                         f" 2 dimensions, but got dimensions {len(shape)}.")
    return initialization.fans(shape)


def _correct_fan(shape: tuple, mode: str) -> int:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"'mode' {mode} not supported, please use one of ['fan_in', 'fan_out']")
    fan_in, fan_out = fan_in_and_fan_out(shape)
    return fan_in if mode == "fan_in" else fan_out


def calculate_gain(nonlinearity: str, param=None) -> float:
    """MindSpore's (and torch's) recommended gain of a nonlinearity."""
    if nonlinearity == "leaky_relu" and param is not None and not initialization.is_slope(param):
        raise ValueError(f"For 'HeUniform', 'negative_slope' {param} is not a valid number."
                         "When 'nonlinearity' has been set to 'leaky_relu', 'negative_slope' should be int or "
                         f"float type, but got {type(param)}.")
    value = initialization.gain(nonlinearity, 0.01 if param is None else param)
    if value is None:
        raise ValueError("For 'HeUniform', the argument 'nonlinearity' should be one of "
                         f"['sigmoid', 'tanh', 'relu' or 'leaky_relu'], but got {nonlinearity}.")
    return value


def _uniform(arr: np.ndarray, low: float, high: float) -> None:
    _assign(arr, _stream.init_uniform(initializer_seed(), arr.size, low, high).reshape(arr.shape))


def _normal(arr: np.ndarray, mean: float, std: float) -> None:
    if std < 0:
        raise ValueError("sigma < 0")
    _assign(arr, _stream.init_normal(initializer_seed(), arr.size, mean, std).reshape(arr.shape))


@_register("zeros", "zero")
class Zero(Initializer):
    """Fills with 0."""

    def _initialize(self, arr):
        _assign(arr, 0)


@_register("ones", "one")
class One(Initializer):
    """Fills with 1."""

    def _initialize(self, arr):
        _assign(arr, 1)


class Constant(Initializer):
    """``Constant(value)``: fills with ``value``."""

    def __init__(self, value) -> None:
        super().__init__(value=value)
        self.value = value

    def _initialize(self, arr):
        _assign(arr, self.value)


@_register("uniform")
class Uniform(Initializer):
    """``Uniform(scale=0.07)``: U(-scale, scale)."""

    def __init__(self, scale: float = 0.07) -> None:
        super().__init__(scale=scale)
        self.scale = scale

    def _initialize(self, arr):
        _uniform(arr, -self.scale, self.scale)


@_register("normal")
class Normal(Initializer):
    """``Normal(sigma=0.01, mean=0.0)``: N(mean, sigma)."""

    def __init__(self, sigma: float = 0.01, mean: float = 0.0) -> None:
        super().__init__(sigma=sigma, mean=mean)
        self.sigma, self.mean = sigma, mean

    def _initialize(self, arr):
        _normal(arr, self.mean, self.sigma)


@_register("truncatednormal")
class TruncatedNormal(Initializer):
    """``TruncatedNormal(sigma=0.01, mean=0.0, a=-2.0, b=2.0)``: N(mean, sigma) restricted to
    [a, b] (absolute bounds, as in MindSpore)."""

    def __init__(self, sigma: float = 0.01, mean: float = 0.0, a: float = -2.0, b: float = 2.0) -> None:
        super().__init__(sigma=sigma, mean=mean, a=a, b=b)
        self.sigma, self.mean, self.a, self.b = sigma, mean, a, b

    def _initialize(self, arr):
        if self.sigma < 0:
            raise ValueError("sigma < 0")
        data = _stream.init_truncated_normal(initializer_seed(), arr.size, self.a, self.b, self.mean, self.sigma)
        _assign(arr, data.reshape(arr.shape))


@_register("xavier_uniform")
class XavierUniform(Initializer):
    """``XavierUniform(gain=1)``: U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out))."""

    def __init__(self, gain: float = 1) -> None:
        super().__init__(gain=gain)
        self.gain = gain

    def _initialize(self, arr):
        fan_in, fan_out = fan_in_and_fan_out(arr.shape)
        bound = self.gain * math.sqrt(6.0 / (fan_in + fan_out))
        _uniform(arr, -bound, bound)


@_register("xavier_normal")
class XavierNormal(Initializer):
    """``XavierNormal(gain=1)``: N(0, gain * sqrt(2 / (fan_in + fan_out)))."""

    def __init__(self, gain: float = 1) -> None:
        super().__init__(gain=gain)
        self.gain = gain

    def _initialize(self, arr):
        fan_in, fan_out = fan_in_and_fan_out(arr.shape)
        _normal(arr, 0, self.gain * math.sqrt(2.0 / float(fan_in + fan_out)))


class _He(Initializer):
    def __init__(self, negative_slope: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu") -> None:
        super().__init__(negative_slope=negative_slope, mode=mode, nonlinearity=nonlinearity)
        self.negative_slope, self.mode, self.nonlinearity = negative_slope, mode, nonlinearity

    def _std(self, shape: tuple) -> float:
        return calculate_gain(self.nonlinearity, self.negative_slope) / math.sqrt(_correct_fan(shape, self.mode))


@_register("he_uniform")
class HeUniform(_He):
    """``HeUniform(negative_slope=0, mode='fan_in', nonlinearity='leaky_relu')``:
    U(-b, b) with b = sqrt(3) * gain / sqrt(fan)."""

    def _initialize(self, arr):
        bound = math.sqrt(3.0) * self._std(arr.shape)
        _uniform(arr, -bound, bound)


@_register("he_normal")
class HeNormal(_He):
    """``HeNormal(negative_slope=0, mode='fan_in', nonlinearity='leaky_relu')``: N(0, gain / sqrt(fan))."""

    def _initialize(self, arr):
        _normal(arr, 0, self._std(arr.shape))


def _check_shape(shape) -> tuple | None:
    if shape is None:
        return None
    if isinstance(shape, list):
        shape = tuple(shape)
    elif isinstance(shape, numbers.Number):
        shape = (shape,)
    for value in shape:
        if not isinstance(value, int) or value <= 0:
            raise ValueError("For 'initializer', the argument 'shape' is invalid, the value of 'shape' must be "
                             f"positive integer, but got {shape}")
    return shape


def initializer(init: Any, shape=None, dtype: mstype.Type = mstype.float32) -> Tensor:
    """``initializer(init, shape=None, dtype=mstype.float32)``: a Tensor of ``shape`` filled
    by ``init`` (an Initializer, its name, a number, or a Tensor of that shape)."""
    if not isinstance(init, (Tensor, numbers.Number, str, Initializer)):
        raise TypeError("For 'initializer', the type of the 'init' argument should be 'Tensor', 'number', "
                        f"'string' or 'initializer', but got {type(init)}.")
    if isinstance(init, Tensor):
        wanted = shape if isinstance(shape, (tuple, list)) else [shape]
        if shape is not None and init.shape != tuple(wanted):
            raise ValueError("For 'initializer', the shape of the 'init' argument should be same as the argument "
                             f"'shape', but got the 'init' shape {list(init.shape)} and the 'shape' {shape}.")
        return init
    shape = _check_shape(shape)
    if isinstance(init, str):
        cls = _ALIASES.get(init.lower())
        if cls is None:
            raise ValueError(f"For 'initializer', the class corresponding to '{init}' was not found.")
        init = cls()
    elif isinstance(init, numbers.Number):
        init = Constant(init)
    array = np.zeros(shape if shape is not None else (), dtype=mstype.to_numpy(dtype))
    init(array)
    out = Tensor(array)
    out.init = init
    return out


__all__ = ["Constant", "HeNormal", "HeUniform", "Initializer", "Normal", "One", "TruncatedNormal", "Uniform",
           "XavierNormal", "XavierUniform", "Zero", "initializer"]
