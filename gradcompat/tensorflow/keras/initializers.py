"""``keras.initializers``: ``Zeros``, ``Ones``, ``Constant``, ``GlorotUniform``, ``RandomNormal``,
``RandomUniform`` and their string names. Called as ``init(shape, dtype)``; they return numpy arrays.

Known difference: random initializers draw from numpy, not Keras's seeded generator, so
their values differ from Keras's (use ``set_weights`` or constant initializers to match).
"""
from __future__ import annotations

from .. import initializers as _tf
from ..initializers import Constant, GlorotUniform, Initializer, Ones, Zeros
from . import naming


class RandomNormal(_tf.RandomNormal):
    """``keras.initializers.RandomNormal(mean=0.0, stddev=0.05)`` (Keras's defaults)."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed=None):
        super().__init__(mean, stddev, seed)


class RandomUniform(_tf.RandomUniform):
    """``keras.initializers.RandomUniform(minval=-0.05, maxval=0.05)``: Embedding's ``'uniform'``."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed=None):
        super().__init__(minval, maxval, seed)


_BY_NAME = {"zeros": Zeros, "ones": Ones, "glorot_uniform": GlorotUniform, "random_normal": RandomNormal,
            "normal": RandomNormal, "random_uniform": RandomUniform, "uniform": RandomUniform,
            "constant": Constant}


def get(identifier) -> Initializer:
    """``keras.initializers.get``: an initializer from an instance, a class or a name."""
    if isinstance(identifier, str):
        # a class name ("GlorotUniform") or a snake-case name ("glorot_uniform")
        key = naming.snake_case(identifier)
        if key not in _BY_NAME:
            raise ValueError(f"Could not interpret initializer identifier: {identifier}")
        return _BY_NAME[key]()
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")


__all__ = ["Constant", "GlorotUniform", "Ones", "RandomNormal", "RandomUniform", "Zeros", "get"]
