"""``keras.activations``: the functions ``Dense(activation=...)`` takes, by name or callable."""
from __future__ import annotations

import jax

from .. import math_ops
from ..tensor import convert_to_tensor, make_op


def _softmax_kernel(x, *, axis: int):
    return jax.nn.softmax(x, axis=axis)


def _with_logits(output, logits):
    # Keras caches the logits on the output so that crossentropy losses start from them
    output._keras_logits = logits
    return output


def softmax(x, axis: int = -1):
    """``keras.activations.softmax`` over the last axis."""
    x = convert_to_tensor(x)
    return _with_logits(make_op(_softmax_kernel, [x], {"axis": axis}, op_type="Softmax"), x)


def sigmoid(x):
    """``keras.activations.sigmoid``."""
    x = convert_to_tensor(x)
    return _with_logits(math_ops.sigmoid(x), x)


def linear(x):
    return x


relu = math_ops.relu
tanh = math_ops.tanh

_BY_NAME = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid, "softmax": softmax, "linear": linear}


def get(identifier):
    """An activation function from a name, a callable or None (linear)."""
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        if identifier not in _BY_NAME:
            raise ValueError(f"Could not interpret activation function identifier: {identifier}")
        return _BY_NAME[identifier]
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret activation function identifier: {identifier}")
