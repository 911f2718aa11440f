"""Tensors declared by shape and dtype: ``Tensor(shape=[None, 3], dtype=...)`` and
``Tensor(shape=..., dtype=..., init=One())``.

MindSpore has two kinds, both without a value yet:

* a dynamic-shape placeholder (a ``None`` / ``-1`` dimension, or ``shape=None`` for a dynamic
  rank, shown as ``-2``): it only describes inputs (``Cell.set_inputs``);
* a lazily initialized Tensor: ``init_data()`` fills it in place from its ``init`` (``asnumpy``
  does too); an op on it before that raises MindSpore's "is uninitialized" RuntimeError.

A declared Tensor keeps ``_declared = (shape, dtype)`` and has no ``node`` until it is filled
(``tensor.Tensor.__getattr__`` sends the missing ``node`` here). This module imports nothing
from the dialect above ``dtype`` and ``_printing``, so ``tensor`` can import it.
"""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from ..core import Constant
from . import _printing
from . import dtype as mstype


def _shape(shape: Any) -> tuple[tuple, bool]:
    """The declared shape with MindSpore's -1 / -2 markers, and whether it is dynamic."""
    if shape is None:
        return (-2,), True
    if isinstance(shape, int) and not isinstance(shape, bool):
        shape = (shape,)
    if not isinstance(shape, (list, tuple)):
        raise TypeError(f"For 'Tensor', the 'shape' should be one of [list, tuple], but got '{type(shape)}'.")
    dims = tuple(-1 if d is None else int(d) for d in shape)
    return dims, any(d < 0 for d in dims)


def declare(tensor: Any, shape: Any, dtype: Any, init: Any) -> None:
    """Make ``tensor`` a declared Tensor (or, for a static shape without ``init``, zeros)."""
    if init is not None and (dtype is None or shape is None):
        raise ValueError("init, dtype and shape must have values at the same time.")
    dims, dynamic = _shape(shape)
    if dynamic and (dtype is None or init is not None):
        raise ValueError("If setting dynamic shape, dtype must not be None, init must be None")
    if dtype is None:
        raise TypeError("For 'Tensor', the type of 'input_data' should be one of '['TensorPy', 'Tensor', "
                        "'ndarray', 'str_', 'list', 'tuple', 'float', 'int', 'bool', 'complex', 'bytes']', "
                        "but got type 'NoneType'.")
    if not dynamic and init is None:  # MindSpore allocates it: it reads as zeros
        tensor.node = Constant(jnp.zeros(dims, mstype.to_numpy(dtype)))
        return
    tensor._declared = (dims, dtype)
    tensor.init = init


def fill(init: Any, shape: tuple, dtype: Any) -> np.ndarray:
    """The value ``init`` (an Initializer: it fills a numpy array in place) gives."""
    array = np.zeros(shape, mstype.to_numpy(dtype))
    init(array)
    return array


def _dynamic(tensor: Any) -> bool:
    return any(d < 0 for d in tensor._declared[0])


def refuse(tensor: Any) -> None:
    """An op was given a declared Tensor: MindSpore's error."""
    shape, dtype = tensor._declared
    if _dynamic(tensor):
        raise RuntimeError(f"The Tensor(shape={list(shape)}, dtype={dtype}) is a dynamic-shape placeholder: it "
                           "declares the inputs of Cell.set_inputs and holds no value; gradcompat does not compute "
                           "with it.")
    raise RuntimeError(f"The Tensor(shape={list(shape)}, dtype={dtype}, value=\n<uninitialized>) is uninitialized. "
                       "Maybe the Tensor is create by initializer. You need to call Tensor.init_data before using "
                       "this Tensor.")


def materialize_for_read(tensor: Any) -> None:
    """``asnumpy`` of a declared Tensor: fill it (a placeholder has no value: numpy's error)."""
    if _dynamic(tensor):
        raise ValueError("negative dimensions are not allowed")
    tensor.init_data()


def declared_repr(tensor: Any) -> str:
    shape, dtype = tensor._declared
    if _dynamic(tensor):
        return f"Tensor(shape={list(shape)}, dtype={dtype}, value={chr(10) if len(shape) > 1 else ' '})"
    # not yet filled: MindSpore shows the fresh (zeroed) memory
    return _printing.tensor_repr(np.zeros(shape, mstype.to_numpy(dtype)), str(dtype))


def declared_str(tensor: Any) -> str:
    shape, dtype = tensor._declared
    if _dynamic(tensor):
        raise ValueError("negative dimensions are not allowed")
    return f"Tensor(shape={list(shape)}, dtype={dtype}, value=\n<uninitialized>)"


__all__ = ["declare", "declared_repr", "declared_str", "fill", "materialize_for_read", "refuse"]
