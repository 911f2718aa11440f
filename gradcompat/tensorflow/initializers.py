"""Variable initializers: ``zeros_initializer()``, ``constant_initializer(v)``, glorot uniform...

Each is a callable ``init(shape, dtype=None, partition_info=None) -> ndarray``, as TF1's. The
random ones draw TF1's numbers: the stateful op TF1 builds (``random_uniform``,
``random_normal``, ``truncated_normal``) with the initializer's seed, taking its op seed when
called (in a graph, the graph's op counter), as ``tf.compat.v1.get_variable`` does.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import random_ops


class Initializer:
    def __init__(self, dtype=_dt.float32):
        self.dtype = _dt.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None) -> np.ndarray:
        dtype = _dt.as_dtype(dtype) if dtype is not None else self.dtype
        return np.asarray(self._make(tuple(int(s) for s in shape), dtype), dtype=dtype.np)

    def _make(self, shape, dtype: _dt.DType):
        raise NotImplementedError


class Zeros(Initializer):
    """``tf.zeros_initializer``."""

    def _make(self, shape, dtype):
        return np.zeros(shape)


class Ones(Initializer):
    """``tf.ones_initializer``."""

    def _make(self, shape, dtype):
        return np.ones(shape)


class Constant(Initializer):
    """``tf.constant_initializer(value)``: a scalar fills, a list must have the shape's size."""

    def __init__(self, value: Any = 0, dtype=_dt.float32, verify_shape: bool = False):
        super().__init__(dtype)
        self.value = value

    def _make(self, shape, dtype):
        value = np.asarray(self.value)
        if value.size == 1:
            return np.full(shape, value.reshape(()))
        return value.reshape(shape)


class GlorotUniform(Initializer):
    """``tf.glorot_uniform_initializer``: TF1 ``get_variable``'s default for floats."""

    def __init__(self, seed=None, dtype=_dt.float32):
        super().__init__(dtype)
        self.seed = seed

    def _make(self, shape, dtype):
        if len(shape) == 0:
            fan_in = fan_out = 1
        elif len(shape) == 1:
            fan_in = fan_out = shape[0]
        else:
            receptive = math.prod(shape[:-2])
            fan_in, fan_out = shape[-2] * receptive, shape[-1] * receptive
        limit = math.sqrt(3.0 * (1.0 / max(1.0, (fan_in + fan_out) / 2.0)))
        return random_ops.host_draw("uniform", "RandomUniform", shape, dtype, self.seed, -limit, limit)


class RandomNormal(Initializer):
    """``tf.random_normal_initializer``."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=_dt.float32):
        super().__init__(dtype)
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def _make(self, shape, dtype):
        return random_ops.host_draw("normal", "RandomStandardNormal", shape, dtype, self.seed, float(self.mean),
                                    float(self.stddev))


class TruncatedNormal(Initializer):
    """``tf.truncated_normal_initializer``: normal values redrawn until within two stddevs."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=_dt.float32):
        super().__init__(dtype)
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def _make(self, shape, dtype):
        return random_ops.host_draw("truncated_normal", "TruncatedNormal", shape, dtype, self.seed, float(self.mean),
                                    float(self.stddev))


class RandomUniform(Initializer):
    """``tf.random_uniform_initializer(minval=0, maxval=None)``: maxval defaults to 1."""

    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=_dt.float32):
        super().__init__(dtype)
        self.minval, self.maxval, self.seed = minval, 1.0 if maxval is None else maxval, seed

    def _make(self, shape, dtype):
        return random_ops.host_draw("uniform", "RandomUniform", shape, dtype, self.seed, float(self.minval),
                                    float(self.maxval))


zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
glorot_uniform_initializer = GlorotUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
random_uniform_initializer = RandomUniform


class _RandomV2(Initializer):
    """TF2's ``init_ops_v2`` random initializers: with a seed, the stateless op with seed
    ``[seed, 0]`` (the same values at every call); without, the stateful op."""

    _kind = _op = ""

    def __init__(self, a: float, b: float, seed=None):
        super().__init__(_dt.float32)
        self._a, self._b, self.seed = a, b, seed

    def __call__(self, shape, dtype=_dt.float32, **kwargs):
        return super().__call__(shape, dtype)

    def _make(self, shape, dtype):
        if self.seed is not None:
            return random_ops.stateless_values(self._kind, shape, (int(self.seed), 0), dtype.np.name,
                                               float(self._a), float(self._b))
        return random_ops.host_draw(self._kind, self._op, shape, dtype, None, float(self._a), float(self._b))


class RandomNormalV2(_RandomV2):
    """``tf.random_normal_initializer(mean=0.0, stddev=0.05, seed=None)`` (TF2)."""

    _kind, _op = "normal", "RandomStandardNormal"

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(mean, stddev, seed)
        self.mean, self.stddev = mean, stddev


class RandomUniformV2(_RandomV2):
    """``tf.random_uniform_initializer(minval=-0.05, maxval=0.05, seed=None)`` (TF2)."""

    _kind, _op = "uniform", "RandomUniform"

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(minval, maxval, seed)
        self.minval, self.maxval = minval, maxval


class TruncatedNormalV2(_RandomV2):
    """``tf.initializers.TruncatedNormal(mean=0.0, stddev=0.05, seed=None)`` (TF2)."""

    _kind, _op = "truncated_normal", "TruncatedNormal"

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(mean, stddev, seed)
        self.mean, self.stddev = mean, stddev
