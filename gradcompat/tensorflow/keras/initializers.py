"""``keras.initializers`` (Keras 3, TensorFlow backend), drawing Keras's own numbers.

Random initializers fix their seed when made, as Keras: an int seed, a ``SeedGenerator``, or
without one ``random.randint(1, 10**9)`` from Python's global ``random`` (so the order in
which layers are constructed after ``keras.utils.set_random_seed`` decides the weights, as in
Keras). Each call draws ``tf.random.stateless_*`` with that seed (``keras.random``), so an
int-seeded or unseeded initializer gives the same values at every call. Values are TF's
bit for bit, except ``Orthogonal``, whose QR runs in LAPACK (numpy) instead of Eigen: equal
to float32 rounding.
"""
from __future__ import annotations

import math

import numpy as np

from .. import dtypes as _dt
from ..initializers import Constant, Initializer, Ones, Zeros
from ..tensor import constant
from . import naming
from . import random as _random


def _host(value) -> np.ndarray:
    return np.asarray(value.numpy() if hasattr(value, "numpy") else value)


class RandomInitializer(Initializer):
    """Keras's base of the seeded initializers."""

    def __init__(self, seed=None):
        super().__init__()
        self._init_seed = seed
        if seed is None:
            seed = _random.make_default_seed()
        elif not isinstance(seed, (int, _random.SeedGenerator)) or isinstance(seed, bool):
            raise ValueError("`seed` argument should be an instance of `keras.random.SeedGenerator()` or an "
                             f"integer. Received: seed={seed}")
        self.seed = seed

    def __call__(self, shape, dtype=None, partition_info=None):
        target = _dt.as_dtype(dtype) if dtype is not None else _dt.float32
        return constant(_host(self._draw(tuple(int(s) for s in shape), target)), dtype=target)

    def _make(self, shape, dtype):
        return _host(self._draw(shape, dtype))

    def get_config(self) -> dict:
        return {"seed": self._init_seed}


class RandomNormal(RandomInitializer):
    """``keras.initializers.RandomNormal(mean=0.0, stddev=0.05, seed=None)``."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed=None):
        self.mean, self.stddev = mean, stddev
        super().__init__(seed)

    def _draw(self, shape, dtype):
        return _random.normal(shape, self.mean, self.stddev, dtype, self.seed)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class TruncatedNormal(RandomInitializer):
    """``keras.initializers.TruncatedNormal(mean=0.0, stddev=0.05, seed=None)``: |x| < 2 stddevs."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed=None):
        self.mean, self.stddev = mean, stddev
        super().__init__(seed)

    def _draw(self, shape, dtype):
        return _random.truncated_normal(shape, self.mean, self.stddev, dtype, self.seed)

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class RandomUniform(RandomInitializer):
    """``keras.initializers.RandomUniform(minval=-0.05, maxval=0.05, seed=None)``: Embedding's ``'uniform'``."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed=None):
        self.minval, self.maxval = minval, maxval
        super().__init__(seed)

    def _draw(self, shape, dtype):
        return _random.uniform(shape, self.minval, self.maxval, dtype, self.seed)

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, **super().get_config()}


def compute_fans(shape, input_axes=None, output_axes=None) -> tuple[int, int]:
    """Keras's fan-in / fan-out of a kernel shape (convolution kernels: receptive field x depth)."""
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return int(math.prod(shape[a] for a in input_axes)), int(math.prod(shape[a] for a in output_axes))
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


class VarianceScaling(RandomInitializer):
    """``keras.initializers.VarianceScaling(scale=1.0, mode='fan_in', distribution='truncated_normal')``."""

    def __init__(self, scale: float = 1.0, mode: str = "fan_in", distribution: str = "truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError("Invalid `mode` argument: expected one of {'fan_in', 'fan_out', 'fan_avg'}. "
                             f"Received: mode={mode}")
        distribution = distribution.lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError("Invalid `distribution` argument: expected one of {'uniform', 'truncated_normal', "
                             f"'untruncated_normal'}}. Received: distribution={distribution}")
        self.scale, self.mode, self.distribution = scale, mode, distribution
        self.input_axes, self.output_axes = input_axes, output_axes
        super().__init__(seed)

    def _draw(self, shape, dtype):
        scale = self.scale
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        if self.mode == "fan_in":
            scale /= max(1.0, fan_in)
        elif self.mode == "fan_out":
            scale /= max(1.0, fan_out)
        else:
            scale /= max(1.0, (fan_in + fan_out) / 2.0)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(scale) / 0.87962566103423978
            return _random.truncated_normal(shape, 0.0, stddev, dtype, self.seed)
        if self.distribution == "untruncated_normal":
            return _random.normal(shape, 0.0, math.sqrt(scale), dtype, self.seed)
        limit = math.sqrt(3.0 * scale)
        return _random.uniform(shape, -limit, limit, dtype, self.seed)

    def get_config(self) -> dict:
        return {**super().get_config(), "scale": self.scale, "mode": self.mode, "distribution": self.distribution,
                "input_axes": self.input_axes, "output_axes": self.output_axes}


def _preset(name: str, scale: float, mode: str, distribution: str, doc: str) -> type:
    def __init__(self, seed=None, input_axes=None, output_axes=None):
        VarianceScaling.__init__(self, scale, mode, distribution, seed, input_axes, output_axes)

    def get_config(self) -> dict:
        config = {"seed": self._init_seed}
        if name.startswith("Glorot"):
            config.update({"input_axes": self.input_axes, "output_axes": self.output_axes})
        return config

    return type(name, (VarianceScaling,), {"__init__": __init__, "get_config": get_config, "__doc__": doc})


GlorotUniform = _preset("GlorotUniform", 1.0, "fan_avg", "uniform",
                        "``keras.initializers.GlorotUniform``: Dense's and Conv's default kernel initializer.")
GlorotNormal = _preset("GlorotNormal", 1.0, "fan_avg", "truncated_normal", "``keras.initializers.GlorotNormal``.")
HeNormal = _preset("HeNormal", 2.0, "fan_in", "truncated_normal", "``keras.initializers.HeNormal``.")
HeUniform = _preset("HeUniform", 2.0, "fan_in", "uniform", "``keras.initializers.HeUniform``.")
LecunNormal = _preset("LecunNormal", 1.0, "fan_in", "truncated_normal", "``keras.initializers.LecunNormal``.")
LecunUniform = _preset("LecunUniform", 1.0, "fan_in", "uniform", "``keras.initializers.LecunUniform``.")


class Orthogonal(RandomInitializer):
    """``keras.initializers.Orthogonal(gain=1.0, seed=None)``: the Q of a QR of Keras's normal
    draw, signs fixed by R's diagonal (the draw is Keras's; the QR is LAPACK's, not Eigen's)."""

    def __init__(self, gain: float = 1.0, seed=None):
        self.gain = gain
        super().__init__(seed)

    def _draw(self, shape, dtype):
        if len(shape) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional. Received: "
                             f"shape={shape} of rank {len(shape)}.")
        rows, cols = math.prod(shape[:-1]), shape[-1]
        a = _host(_random.normal((max(cols, rows), min(cols, rows)), 0.0, 1.0, dtype, self.seed))
        q, r = np.linalg.qr(a)
        q = (q * np.sign(np.diag(r))).astype(dtype.np)
        if rows < cols:
            q = q.T
        return (dtype.np.type(self.gain) * q.reshape(shape)).astype(dtype.np)

    def get_config(self) -> dict:
        return {"gain": self.gain, **super().get_config()}


class Identity(Initializer):
    """``keras.initializers.Identity(gain=1.0)``: a scaled identity matrix."""

    def __init__(self, gain: float = 1.0):
        super().__init__()
        self.gain = gain

    def _make(self, shape, dtype):
        if len(shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices. "
                             f"Received: shape={shape} of rank {len(shape)}.")
        return self.gain * np.eye(*shape)


_BY_NAME = {"zeros": Zeros, "ones": Ones, "constant": Constant, "identity": Identity,
            "random_normal": RandomNormal, "normal": RandomNormal, "random_uniform": RandomUniform,
            "uniform": RandomUniform, "truncated_normal": TruncatedNormal, "variance_scaling": VarianceScaling,
            "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal, "he_normal": HeNormal,
            "he_uniform": HeUniform, "lecun_normal": LecunNormal, "lecun_uniform": LecunUniform,
            "orthogonal": Orthogonal}


def get(identifier) -> Initializer:
    """``keras.initializers.get``: an initializer from an instance, a class or a name (a new
    instance per name, which fixes a new seed, as Keras)."""
    if isinstance(identifier, str):
        # a class name ("GlorotUniform") or a snake-case name ("glorot_uniform")
        key = naming.snake_case(identifier)
        if key not in _BY_NAME:
            raise ValueError(f"Could not interpret initializer identifier: {identifier}")
        return _BY_NAME[key]()
    if isinstance(identifier, dict) and "class_name" in identifier:
        cls = _BY_NAME.get(naming.snake_case(identifier["class_name"]))
        if cls is None:
            raise ValueError(f"Could not interpret initializer identifier: {identifier}")
        return cls(**identifier.get("config", {}))
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")


__all__ = ["Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity", "LecunNormal",
           "LecunUniform", "Ones", "Orthogonal", "RandomNormal", "RandomUniform", "TruncatedNormal",
           "VarianceScaling", "Zeros", "get"]
