"""torch's creation functions beyond ``tensor/zeros/ones``: full, empty, arange, linspace,
eye, as_tensor, from_numpy, the ``*_like`` family, and seeded random numbers.

Random numbers come from a seeded stream of ``jax.random`` keys (``manual_seed``,
``Generator``): reproducible for a seed, but not the numbers torch draws.
"""
from __future__ import annotations

import builtins
import math
from typing import Any

import jax
import numpy as np

from . import devices, dtypes, ops
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

class Generator:
    """``torch.Generator``: a seeded stream of JAX PRNG keys (torch's numbers are not reproduced)."""

    def __init__(self, device="cpu") -> None:
        self.device = dtypes.device(device)
        self.manual_seed(67280421310721)  # torch's default_rng_seed_val

    def manual_seed(self, seed: int) -> "Generator":
        self._seed = int(seed)
        # the key is made at the first draw: importing torch must not start JAX's runtime, so
        # that DataLoader workers can fork from a server process that imported it
        self._key = None
        return self

    def initial_seed(self) -> int:
        return self._seed

    def seed(self) -> int:
        seed = int(np.random.SeedSequence().entropy) & 0x7FFFFFFFFFFFFFFF
        self.manual_seed(seed)
        return seed

    def next_key(self):
        if self._key is None:
            self._key = jax.random.key(self._seed & 0xFFFFFFFFFFFFFFFF)
        self._key, key = jax.random.split(self._key)
        return key


default_generator = Generator()


def manual_seed(seed: int) -> Generator:
    """``torch.manual_seed``: reseed the default generator (returns it, as torch)."""
    return default_generator.manual_seed(seed)


def initial_seed() -> int:
    return default_generator.initial_seed()


def seed() -> int:
    return default_generator.seed()


def _random(fn, size, generator, dtype: dtypes.dtype, requires_grad: bool, **static) -> Tensor:
    key = (generator or default_generator).next_key()
    value = fn(key, shape=_size(size), dtype=dtype.np, **static)
    return _leaf(value, dtype, requires_grad)


def _float_dtype(dtype, name: str) -> dtypes.dtype:
    dtype = _dtype_or(dtype, dtypes.default_float)
    if not dtype.is_floating_point:
        raise RuntimeError(f"\"{name}\" not implemented for '{dtypes.SCALAR_TYPE_NAMES[dtype.name]}'")
    return dtype


@devices.creation
def rand(*size, generator: Generator | None = None, dtype=None, device=None,
         requires_grad: bool = False) -> Tensor:
    """``torch.rand``: uniform on [0, 1)."""
    return _random(ops.random_uniform, size, generator, _float_dtype(dtype, "check_uniform_bounds"),
                   requires_grad)


@devices.creation
def randn(*size, generator: Generator | None = None, dtype=None, device=None,
          requires_grad: bool = False) -> Tensor:
    """``torch.randn``: standard normal."""
    return _random(ops.random_normal, size, generator, _float_dtype(dtype, "normal_kernel_cpu"),
                   requires_grad)


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
    return _random(ops.random_int, (size,), generator, dtype, requires_grad, low=int(low), high=int(high))


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
    """``torch.randperm``: a seeded permutation of range(n), int64 by default."""
    key = (generator or default_generator).next_key()
    dtype = _dtype_or(dtype, dtypes.int64)
    return _leaf(jax.random.permutation(key, n).astype(dtype.np), dtype, False)


__all__ = ["Generator", "arange", "as_tensor", "default_generator", "empty", "empty_like", "eye",
           "from_numpy", "full", "full_like", "initial_seed", "linspace", "manual_seed", "ones",
           "rand", "rand_like", "randint", "randint_like", "randn", "randn_like", "randperm", "seed"]
