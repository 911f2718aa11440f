"""``mindspore.numpy`` array creation: ``array``, ``asarray``, ``zeros``, ``ones``, ``full``,
``empty``, ``eye``, ``identity``, ``arange``, ``linspace``, ``logspace``, the ``*_like``
functions, ``tri``/``tril``/``triu``, ``diag``, ``meshgrid``. Python ints give Int32 and
floats Float32, as in MindSpore numpy; numpy arrays are refused as it refuses them."""
from __future__ import annotations

import builtins
from typing import Any

import numpy as np

from .. import dtype as mstype
from ..ops.functional import broadcast_to, reshape
from ..tensor import Tensor
from ._common import host_array, numpy_op, to_tensor

# pylint: disable=redefined-builtin


def array(obj: Any, dtype: mstype.Type | None = None, copy: bool = True, ndmin: int = 0) -> Tensor:
    """``mindspore.numpy.array(obj, dtype=None, copy=True, ndmin=0)``."""
    out = to_tensor(obj, dtype)
    if out.ndim < ndmin:
        out = out.reshape((1,) * (ndmin - out.ndim) + out.shape)
    return out


def asarray(a: Any, dtype: mstype.Type | None = None) -> Tensor:
    """``mindspore.numpy.asarray(a, dtype=None)``."""
    return to_tensor(a, dtype)


def asfarray(a: Any, dtype: mstype.Type = mstype.float32) -> Tensor:
    """``mindspore.numpy.asfarray(a, dtype=float32)``."""
    return to_tensor(a, dtype if dtype.np_dtype.kind == "f" else mstype.float32)


def _shape(shape: Any) -> tuple:
    return (shape,) if isinstance(shape, builtins.int) else tuple(shape)


def _filled(shape: Any, value: Any, dtype: mstype.Type) -> Tensor:
    return Tensor(np.full(_shape(shape), value, mstype.to_numpy(dtype)))


def zeros(shape: Any, dtype: mstype.Type = mstype.float32) -> Tensor:
    """``mindspore.numpy.zeros(shape, dtype=float32)``."""
    return _filled(shape, 0, dtype)


def ones(shape: Any, dtype: mstype.Type = mstype.float32) -> Tensor:
    """``mindspore.numpy.ones(shape, dtype=float32)``."""
    return _filled(shape, 1, dtype)


def empty(shape: Any, dtype: mstype.Type = mstype.float32) -> Tensor:
    """``mindspore.numpy.empty(shape, dtype=float32)``: zeros here (the contents are unspecified)."""
    return _filled(shape, 0, dtype)


def full(shape: Any, fill_value: Any, dtype: mstype.Type | None = None) -> Tensor:
    """``mindspore.numpy.full(shape, fill_value, dtype=None)``: the dtype of ``fill_value``
    (Int32 for a python int, Float32 for a float)."""
    if isinstance(fill_value, Tensor):
        return to_tensor(np.broadcast_to(fill_value.asnumpy(), _shape(shape)).tolist(), dtype or fill_value.dtype)
    return _filled(shape, fill_value, dtype or Tensor(host_array(fill_value)).dtype)


def _like(a: Any, dtype: mstype.Type | None, shape: Any) -> tuple:
    a = to_tensor(a)
    return (a.shape if shape is None else _shape(shape)), (dtype or a.dtype)


def zeros_like(a: Any, dtype: mstype.Type | None = None, shape: Any = None) -> Tensor:
    """``mindspore.numpy.zeros_like(a, dtype=None, shape=None)``."""
    shape, dtype = _like(a, dtype, shape)
    return _filled(shape, 0, dtype)


def ones_like(a: Any, dtype: mstype.Type | None = None, shape: Any = None) -> Tensor:
    """``mindspore.numpy.ones_like(a, dtype=None, shape=None)``."""
    shape, dtype = _like(a, dtype, shape)
    return _filled(shape, 1, dtype)


def empty_like(prototype: Any, dtype: mstype.Type | None = None, shape: Any = None) -> Tensor:
    """``mindspore.numpy.empty_like(prototype, dtype=None, shape=None)`` (zeros here)."""
    shape, dtype = _like(prototype, dtype, shape)
    return _filled(shape, 0, dtype)


def full_like(a: Any, fill_value: Any, dtype: mstype.Type | None = None, shape: Any = None) -> Tensor:
    """``mindspore.numpy.full_like(a, fill_value, dtype=None, shape=None)``: ``a``'s dtype."""
    shape, dtype = _like(a, dtype, shape)
    return _filled(shape, fill_value, dtype)


def eye(N: int, M: int | None = None, k: int = 0, dtype: mstype.Type = mstype.float32) -> Tensor:  # noqa: N803
    """``mindspore.numpy.eye(N, M=None, k=0, dtype=float32)``."""
    return Tensor(np.eye(N, M, k, dtype=mstype.to_numpy(dtype)))


def identity(n: int, dtype: mstype.Type = mstype.float32) -> Tensor:
    """``mindspore.numpy.identity(n, dtype=float32)``."""
    return eye(n, dtype=dtype)


def _scalar(v: Any) -> Any:
    return v.asnumpy().item() if isinstance(v, Tensor) else v


def arange(start: Any, stop: Any = None, step: Any = None, dtype: mstype.Type | None = None) -> Tensor:
    """``mindspore.numpy.arange(start, stop=None, step=None, dtype=None)``: Int32 for integer
    bounds, Float32 when one is a float."""
    start, stop, step = _scalar(start), _scalar(stop), _scalar(step)
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    if dtype is None:
        floating = any(isinstance(v, (builtins.float, np.floating)) for v in (start, stop, step))
        dtype = mstype.float32 if floating else mstype.int32
    return Tensor(np.arange(start, stop, step).astype(mstype.to_numpy(dtype)))


def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, retstep: bool = False,
             dtype: mstype.Type | None = None, axis: int = 0) -> Any:
    """``mindspore.numpy.linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None,
    axis=0)``: Float32 by default."""
    values, step = np.linspace(_scalar(start), _scalar(stop), num, endpoint, retstep=True, axis=axis)
    out = Tensor(values.astype(mstype.to_numpy(dtype or mstype.float32)))
    return (out, step) if retstep else out


def logspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True, base: float = 10.0,
             dtype: mstype.Type | None = None, axis: int = 0) -> Tensor:
    """``mindspore.numpy.logspace(start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0)``."""
    values = np.logspace(_scalar(start), _scalar(stop), num, endpoint, base, axis=axis)
    return Tensor(values.astype(mstype.to_numpy(dtype or mstype.float32)))


def tri(N: int, M: int | None = None, k: int = 0, dtype: mstype.Type = mstype.float32) -> Tensor:  # noqa: N803
    """``mindspore.numpy.tri(N, M=None, k=0, dtype=float32)``."""
    return Tensor(np.tri(N, M, k).astype(mstype.to_numpy(dtype)))


def tril(m: Any, k: int = 0) -> Tensor:
    """``mindspore.numpy.tril(m, k=0)``: differentiable (a masked copy)."""
    return numpy_op("tril", [m], "Tril", k=int(k))


def triu(m: Any, k: int = 0) -> Tensor:
    """``mindspore.numpy.triu(m, k=0)``."""
    return numpy_op("triu", [m], "Triu", k=int(k))


def diag(v: Any, k: int = 0) -> Tensor:
    """``mindspore.numpy.diag(v, k=0)``: the diagonal of a matrix, or a matrix with ``v`` on it."""
    return numpy_op("diag", [v], "Diag", k=int(k))


def meshgrid(*xi: Any, sparse: bool = False, indexing: str = "xy") -> tuple:
    """``mindspore.numpy.meshgrid(*xi, sparse=False, indexing='xy')``."""
    tensors = [to_tensor(x).reshape(-1) for x in xi]
    n = len(tensors)
    shape = [t.shape[0] for t in tensors]
    if indexing == "xy" and n > 1:
        shape[0], shape[1] = shape[1], shape[0]
    out = []
    for i, t in enumerate(tensors):
        axis = (1 if i == 0 else 0 if i == 1 else i) if indexing == "xy" and n > 1 else i
        view = [1] * n
        view[axis] = t.shape[0]
        piece = reshape(t, tuple(view))
        out.append(piece if sparse else broadcast_to(piece, tuple(shape)))
    return tuple(out)
