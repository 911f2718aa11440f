"""``keras.initializers``: ``Zeros``, ``Ones``, ``Constant``, ``GlorotUniform``, ``RandomNormal``
and their string names. Called as ``init(shape, dtype)``; they return numpy arrays.

Known difference: random initializers draw from numpy, not Keras's seeded generator, so
their values differ from Keras's (use ``set_weights`` or constant initializers to match).
"""
from __future__ import annotations

from ..initializers import Constant, GlorotUniform, Initializer, Ones, RandomNormal, Zeros
from . import naming

_BY_NAME = {"zeros": Zeros, "ones": Ones, "glorot_uniform": GlorotUniform, "random_normal": RandomNormal,
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


__all__ = ["Constant", "GlorotUniform", "Ones", "RandomNormal", "Zeros", "get"]
