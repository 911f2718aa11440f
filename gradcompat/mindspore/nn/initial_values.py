"""The initial value of a layer's Parameter from its ``*_init`` argument.

A Tensor, numpy array or number is taken as given (MindSpore checks the shape); a name
(``'zeros'``, ``'ones'``, ``'normal'``, ``'he_uniform'`` ...) or an Initializer object goes
through ``mindspore.common.initializer.initializer``.
"""
from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .. import dtype as mstype
from ..tensor import Tensor


def initial_value(init: Any, shape: tuple, dtype: mstype.Type = mstype.float32, what: str = "weight_init",
                  owner: str = "") -> Tensor:
    """A Tensor of ``shape`` for a layer's Parameter."""
    if isinstance(init, (Tensor, np.ndarray)):
        tensor = init if isinstance(init, Tensor) else Tensor(init)
        if tuple(tensor.shape) != tuple(shape):
            raise ValueError(f"For '{owner}', weight init shape error. The ndim of '{what}' must be equal to "
                             f"{len(shape)}, and the first dim must be equal to {shape[0]}, but got '{what}' "
                             f"shape {list(tensor.shape)}.")
        return tensor
    if isinstance(init, str) and init.lower() in ("zeros", "ones"):
        fill = np.zeros if init.lower() == "zeros" else np.ones
        return Tensor(fill(shape, mstype.to_numpy(dtype)))
    if isinstance(init, numbers.Number) and not isinstance(init, bool):
        return Tensor(np.full(shape, init, mstype.to_numpy(dtype)))
    from ..common.initializer import initializer  # the initializers' own module
    value = initializer(init, shape, dtype)
    return value.init_data() if hasattr(value, "init_data") else value
