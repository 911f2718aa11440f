"""torch's creation functions beyond ``tensor/zeros/ones``: full, empty, arange, linspace,
eye, as_tensor, from_numpy, the ``*_like`` family, and seeded random numbers.

Random numbers are torch's own CPU stream (``gradcompat.random.torch_stream``): after
``manual_seed`` they are the numbers torch draws, bit for bit.
"""
from __future__ import annotations

import builtins
import math
from typing import Any

import numpy as np

from ..random import torch_stream as _ts
from . import devices, dtypes
from .generator import Generator, default_generator, impl as _gen, initial_seed, manual_seed, seed
from .functions import _leaf, _size, ones, tensor, zeros
from .tensor import Tensor


def _dtype_or(dtype, default: dtypes.dtype) -> dtypes.dtype:
    return dtypes.to_dtype(dtype) if dtype is not None else default


@devices.creation
def as_tensor(data: Any, dtype: dtypes.dtype | None = None, device=None) -> Tensor:
    """``torch.as_tensor``: a tensor is returned as is (cast if ``dtype`` differs)."""
    if isinstance(data, Tensor):
        return data if dtype is None or dtypes.to_dtype(dtype) is data.dtype else data.to(dtype)
    return tensor(data, dtype=dtype)


@devices.creation
def from_numpy(ndarray: np.ndarray) -> Tensor:
    """``torch.from_numpy``: the array's dtype is kept (a copy: JAX arrays are immutable,
    so later writes to the numpy array are not seen, unlike torch)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    return _leaf(ndarray, dtypes.from_numpy(ndarray.dtype), False)


@devices.creation
def full(size, fill_value, *, dtype: dtypes.dtype | None = None, device=None,
         requires_grad: bool = False) -> Tensor:
    """``torch.full``: the dtype follows ``fill_value`` (bool, int64 or float32) unless given."""
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    dtype = _dtype_or(dtype, dtypes.scalar_dtype(fill_value))
    return _leaf(np.full(_size((size,)), fill_value, dtype.np), dtype, requires_grad)


@devices.creation
def empty(*size, dtype: dtypes.dtype | None = None, device=None, requires_grad: bool = False) -> Tensor:
    """``torch.empty``: zeros here (torch leaves the memory uninitialized)."""
    return zeros(*size, dtype=dtype, requires_grad=requires_grad)


def _like(input: Tensor, dtype) -> tuple[tuple, dtypes.dtype]:
    return tuple(input.shape), _dtype_or(dtype, input.dtype)


@devices.creation(like=True)
def full_like(input: Tensor, fill_value, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    """``torch.full_like``: the input's shape and dtype."""
    shape, dtype = _like(input, dtype)
    return full(shape, fill_value, dtype=dtype, requires_grad=requires_grad)


@devices.creation(like=True)
def empty_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    shape, dtype = _like(input, dtype)
    return zeros(*shape, dtype=dtype, requires_grad=requires_grad)


@devices.creation
def arange(start=0, end=None, step=1, *, dtype: dtypes.dtype | None = None, device=None,
           requires_grad: bool = False) -> Tensor:
    """``torch.arange``: int64 when all of start/end/step are ints, else float32."""
    if end is None:
        start, end = 0, start
    values = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    start, end, step = values
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    integral = builtins.all(isinstance(v, (int, np.integer)) for v in values)
    dtype = _dtype_or(dtype, dtypes.int64 if integral else dtypes.default_float)
    if dtype is dtypes.bool_:
        raise NotImplementedError('"arange_cpu" not implemented for \'Bool\'')
    if dtype is dtypes.int64 and not integral:  # torch reads the three bounds as int64 first
        start, end, step = int(start), int(end), int(step)
        if step == 0:
            raise ValueError("step must be nonzero")
    n = math.ceil((end - start) / step)
    if not dtype.is_floating_point:  # torch: the length in double, the values from int64 start and step
        return _leaf((int(start) + int(step) * np.arange(n, dtype=np.int64)).astype(dtype.np), dtype,
                     requires_grad)
    # computed in double, as torch does, then cast
    return _leaf((start + step * np.arange(n, dtype=np.float64)).astype(dtype.np), dtype, requires_grad)


@devices.creation
def linspace(start, end, steps: int, *, dtype: dtypes.dtype | None = None, device=None,
             requires_grad: bool = False) -> Tensor:
    """``torch.linspace``: float32 by default; symmetric about the midpoint as torch computes it."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    dtype = _dtype_or(dtype, dtypes.default_float)
    if dtype is dtypes.bool_ and steps > 1:
        raise NotImplementedError('"linspace_cpu" not implemented for \'Bool\'')
    if not dtype.is_floating_point:  # torch: integer bounds, then the float steps truncated
        start, end = int(start), int(end)
    if steps == 1:
        return _leaf(np.array([start], dtype.np), dtype, requires_grad)
    # floating dtypes compute in their own precision, as torch's kernel does
    work = np.dtype(dtype.np if dtype.is_floating_point else np.float64)
    start, end = work.type(start), work.type(end)
    step = (end - start) / work.type(steps - 1)
    i = np.arange(steps, dtype=work)
    halfway = steps // 2
    values = np.where(i < halfway, start + step * i, end - step * (steps - i - 1))
    return _leaf(values.astype(dtype.np), dtype, requires_grad)


@devices.creation
def eye(n: int, m: int | None = None, *, dtype: dtypes.dtype | None = None, device=None,
        requires_grad: bool = False) -> Tensor:
    """``torch.eye``: float32 by default."""
    dtype = _dtype_or(dtype, dtypes.default_float)
    return _leaf(np.eye(n, n if m is None else m, dtype=dtype.np), dtype, requires_grad)


# ----- random numbers -------------------------------------------------------------------------

def _drawn(values: np.ndarray, shape: tuple, dtype: dtypes.dtype, requires_grad: bool) -> Tensor:
    return _leaf(np.asarray(values).reshape(shape).astype(dtype.np), dtype, requires_grad)


def _float_dtype(dtype, name: str) -> dtypes.dtype:
    dtype = _dtype_or(dtype, dtypes.default_float)
    if not dtype.is_floating_point:
        raise RuntimeError(f"\"{name}\" not implemented for '{dtypes.SCALAR_TYPE_NAMES[dtype.name]}'")
    return dtype


@devices.creation
def rand(*size, generator: Generator | None = None, dtype=None, device=None,
         requires_grad: bool = False) -> Tensor:
    """``torch.rand``: uniform on [0, 1), torch's CPU stream (24-bit draws for float32, 53-bit
    for float64)."""
    dtype, shape = _float_dtype(dtype, "check_uniform_bounds"), _size(size)
    n = math.prod(shape)
    return _drawn(_ts.uniform(_gen(generator), n, dtype.name), shape, dtype, requires_grad)


@devices.creation
def randn(*size, generator: Generator | None = None, dtype=None, device=None,
          requires_grad: bool = False) -> Tensor:
    """``torch.randn``: standard normal, torch's CPU stream (Box-Muller; the 16-lane path for
    16+ elements, the cached scalar path below)."""
    dtype, shape = _float_dtype(dtype, "normal_kernel_cpu"), _size(size)
    n = math.prod(shape)
    return _drawn(_ts.normal(_gen(generator), n, dtype.name), shape, dtype, requires_grad)


@devices.creation
def randint(low, high=None, size=None, *, generator: Generator | None = None, dtype=None, device=None,
            requires_grad: bool = False) -> Tensor:
    """``torch.randint(low=0, high, size)``: int64 by default."""
    if size is None:
        low, high, size = 0, low, high
    if size is None:
        raise TypeError("randint() missing required argument 'size'")
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    dtype = _dtype_or(dtype, dtypes.int64)
    shape = _size((size,))
    values = _ts.random_from_to(_gen(generator), math.prod(shape), dtype.name, int(low), int(high))
    return _drawn(values, shape, dtype, requires_grad)


@devices.creation(like=True)
def rand_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    shape, dtype = _like(input, dtype)
    return rand(*shape, dtype=dtype, requires_grad=requires_grad)


@devices.creation(like=True)
def randn_like(input: Tensor, *, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
    shape, dtype = _like(input, dtype)
    return randn(*shape, dtype=dtype, requires_grad=requires_grad)


@devices.creation(like=True)
def randint_like(input: Tensor, low=0, high=None, *, dtype=None, device=None,
                 requires_grad: bool = False) -> Tensor:
    if high is None:
        low, high = 0, low
    shape, dtype = _like(input, dtype)
    return randint(low, high, shape, dtype=dtype, requires_grad=requires_grad)


@devices.creation
def randperm(n: int, *, generator: Generator | None = None, dtype=None, device=None) -> Tensor:
    """``torch.randperm``: torch's CPU permutation of range(n) (its Fisher-Yates shuffle), int64
    by default."""
    if n < 0:
        raise RuntimeError(f"n must be non-negative, got{n}")
    dtype = _dtype_or(dtype, dtypes.int64)
    return _leaf(_ts.randperm(_gen(generator), int(n)).astype(dtype.np), dtype, False)


__all__ = ["Generator", "arange", "as_tensor", "default_generator", "empty", "empty_like", "eye",
           "from_numpy", "full", "full_like", "initial_seed", "linspace", "manual_seed", "ones",
           "rand", "rand_like", "randint", "randint_like", "randn", "randn_like", "randperm", "seed"]
