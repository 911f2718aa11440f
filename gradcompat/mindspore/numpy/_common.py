"""What the ``mindspore.numpy`` modules share: MindSpore numpy's conversion of python data
(ints become Int32, floats Float32, as ``mindspore.numpy.array`` does) and one kernel that
applies a ``jax.numpy`` function named by a static attribute, for the functions that no
``ops`` primitive covers (a single module-level kernel: stable compile-cache identities)."""
from __future__ import annotations

import builtins
from typing import Any

import jax.numpy as jnp
import numpy as np

from .. import dtype as mstype
from ..ops.primitives import apply_kernel
from ..tensor import Tensor

_ACCEPTED = "`int`, `float`, `bool`, `Tensor`, `list`, `tuple`"


def host_array(obj: Any, dtype: mstype.Type | None = None) -> np.ndarray:
    """``obj`` (python data) as a numpy array with MindSpore numpy's default dtypes."""
    if isinstance(obj, np.ndarray):
        raise TypeError(f"input data must be {_ACCEPTED}, but got {type(obj)}")
    if isinstance(obj, (list, tuple)) and any(isinstance(o, Tensor) for o in obj):
        array = np.array([o.asnumpy() if isinstance(o, Tensor) else o for o in obj])
    elif isinstance(obj, (builtins.bool, builtins.int, builtins.float, list, tuple, np.generic)):
        array = np.array(obj)
    else:
        raise TypeError(f"input data must be {_ACCEPTED}, but got {type(obj)}")
    if dtype is not None:
        return array.astype(mstype.to_numpy(dtype))
    if array.dtype.kind in "iu" and not isinstance(obj, np.generic):
        return array.astype(np.int32)
    if array.dtype.kind == "f" and not isinstance(obj, np.generic):
        return array.astype(np.float32)
    return array


def to_tensor(obj: Any, dtype: mstype.Type | None = None) -> Tensor:
    """A Tensor as it is (cast to ``dtype`` if given), python data converted."""
    if isinstance(obj, Tensor):
        return obj if dtype is None or obj.dtype == dtype else obj.astype(dtype)
    return Tensor(host_array(obj, dtype))


def operands(x: Any, y: Any) -> tuple:
    """Operands of a binary function: python numbers stay numbers next to a Tensor (MindSpore's
    scalar promotion applies); anything else becomes a Tensor."""
    if isinstance(x, Tensor) or isinstance(y, Tensor):
        x = x if isinstance(x, (Tensor, builtins.int, builtins.float)) else to_tensor(x)
        y = y if isinstance(y, (Tensor, builtins.int, builtins.float)) else to_tensor(y)
        return x, y
    return to_tensor(x), y


def jnp_call(*xs, function: str, options: tuple):
    """``jax.numpy.<function>(*xs, **options)``."""
    return getattr(jnp, function)(*xs, **dict(options))


def numpy_op(fn: str, tensors: list, name: str, **options: Any) -> Tensor:
    """A Tensor computed by ``jax.numpy.<fn>`` of ``tensors`` with hashable ``options``."""
    return apply_kernel(jnp_call, [to_tensor(t) for t in tensors], name, function=fn,
                        options=tuple(sorted(options.items())))


def float_input(x: Any) -> Tensor:
    """``x`` as a Tensor, integer and bool data as Float32 (statistics of integer arrays)."""
    x = to_tensor(x)
    return x if x.dtype.np_dtype.kind in "fc" else x.astype(mstype.float32)


def axes_tuple(axis: Any, ndim: int) -> tuple | None:
    if axis is None:
        return None
    axes = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    return tuple(a % ndim if ndim else 0 for a in axes)
