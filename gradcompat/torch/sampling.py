"""torch's sampling functions: ``torch.normal`` (all overloads), ``torch.multinomial``,
``torch.bernoulli``, and the in-place samplers ``normal_``, ``uniform_``, ``random_``,
``bernoulli_``, ``exponential_``, ``geometric_``, ``cauchy_``, ``log_normal_``.

Draws come from torch's own CPU stream (``gradcompat.random.torch_stream`` behind
``torch.Generator``): after ``torch.manual_seed`` the samples are torch's, bit for bit. As in
torch, a sample is not reparameterized: ``normal`` records NormalBackward1/2/3 and gives zero
gradients to ``mean`` and ``std``.
"""
from __future__ import annotations

import numbers

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from ..random import torch_stream as ts
from . import dtypes
from .generator import impl as _gen
from .functions import _check_broadcast, _size
from .tensor import Tensor, wrap

__all__ = ["bernoulli", "multinomial", "normal"]


def normal_kernel(mean, std, noise):
    """``noise * std + mean`` (torch's ``mul_(std).add_(mean)``); a sample carries no gradient
    (torch's zero NormalBackward)."""
    return jax.lax.stop_gradient(noise * std + mean)


def _check_float(dtype: dtypes.dtype, kernel: str = "normal_kernel_cpu") -> None:
    if not dtype.is_floating_point:
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{dtypes.SCALAR_TYPE_NAMES[dtype.name]}'")


def _normals(shape: tuple, dtype: dtypes.dtype, generator, mean: float = 0.0, std: float = 1.0) -> np.ndarray:
    """torch's ``normal_(mean, std)`` on a fresh contiguous tensor of ``shape``."""
    n = int(np.prod(shape, dtype=np.int64))
    return ts.normal(_gen(generator), n, dtype.name, mean, std).reshape(shape).astype(dtype.np)


def _noise(shape: tuple, dtype: dtypes.dtype, generator, std: float = 1.0) -> core.Node:
    return core.Constant(_normals(shape, dtype, generator, 0.0, std))


def _into(out: Tensor | None, result: Tensor) -> Tensor:
    """torch's ``out=``: the values written into ``out`` (resized when its shape differs)."""
    if out is None:
        return result
    value = wrap(core.Constant(result._value))
    if tuple(out.shape) == tuple(result.shape):
        out._assign(value)
    else:
        out.node = value.to(out.dtype).node
    return out


def normal(mean=0.0, std=1.0, size=None, *, generator=None, out: Tensor | None = None, dtype=None,
           layout=None, device=None, pin_memory: bool = False, requires_grad: bool = False) -> Tensor:
    """``torch.normal``: (Tensor mean, Tensor std), (Tensor mean, float std), (float mean,
    Tensor std) broadcast as torch; (float mean, float std, size) with ``dtype`` and
    ``requires_grad``; ``generator=`` and ``out=`` for all."""
    t_mean, t_std = isinstance(mean, Tensor), isinstance(std, Tensor)
    if not t_mean and not t_std:
        if size is None:
            raise TypeError(f"normal() received an invalid combination of arguments - got "
                            f"({type(mean).__name__}, {type(std).__name__}), but expected one of:\n"
                            " * (Tensor mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
                            " * (Tensor mean, float std = 1, *, torch.Generator generator = None, Tensor out = None)\n"
                            " * (float mean, Tensor std, *, torch.Generator generator = None, Tensor out = None)\n"
                            " * (float mean, float std, tuple of ints size, *, torch.Generator generator = None, "
                            "Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, torch.device "
                            "device = None, bool pin_memory = False, bool requires_grad = False)\n")
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
        dt = dtypes.to_dtype(dtype) if dtype is not None else (out.dtype if out is not None
                                                               else dtypes.default_float)
        _check_float(dt)
        shape = _size((size,) if not isinstance(size, (list, tuple)) else tuple(size))
        value = _normals(shape, dt, generator, float(mean), float(std))
        result = wrap(core.Constant(value, traced=bool(requires_grad)))
        return _into(out, result)
    dt = mean.dtype if t_mean else std.dtype
    _check_float(dt)
    if t_std:
        value = std.node.value
        if value is not None and not isinstance(value, jax.core.Tracer) and std.numel() \
                and bool(np.any(np.asarray(value) < 0)):
            raise RuntimeError("normal expects all elements of std >= 0.0")
    elif std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    if t_mean and t_std:
        _check_broadcast(mean, std)
        dt = dtypes.promote_types(mean.dtype, std.dtype)
        name = "NormalBackward3"
    else:
        name = "NormalBackward1" if t_mean else "NormalBackward2"
    m = mean.to(dt).node if t_mean else core.Constant(np.asarray(mean, dt.np))
    s = std.to(dt).node if t_std else core.Constant(np.asarray(std, dt.np))
    shape = tuple(jnp.broadcast_shapes(m.aval.shape, s.aval.shape))
    if t_mean and not t_std:  # torch: normal_(0, std), then add_(mean)
        noise = _noise(shape, dt, generator, float(std))
        s = core.Constant(np.asarray(1, dt.np))
    else:
        noise = _noise(shape, dt, generator)
    result = wrap(core.apply(normal_kernel, [m, s, noise], name=name))
    return _into(out, result)


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0, *, generator=None) -> Tensor:
    """``Tensor.normal_``: fill with normal samples (in place, outside autograd's history)."""
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    _check_float(self.dtype)
    return _fill(self, _normals(tuple(self.shape), self.dtype, generator, float(mean), float(std)))


def uniform_(self: Tensor, a: float = 0.0, b: float = 1.0, *, generator=None, **kwargs) -> Tensor:
    """``Tensor.uniform_(from=0, to=1)``: fill with uniform samples on [from, to)."""
    a, b = kwargs.get("from", a), kwargs.get("to", b)
    if a > b:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={a:g} > to={b:g}")
    if not self.dtype.is_floating_point:
        raise NotImplementedError(f"\"check_uniform_bounds\" not implemented for "
                                  f"'{dtypes.SCALAR_TYPE_NAMES[self.dtype.name]}'")
    u = ts.uniform(_gen(generator), self.numel(), self.dtype.name, float(a), float(b))
    return _fill(self, u)


def _fill(self: Tensor, values: np.ndarray) -> Tensor:
    """Write sampled values into ``self`` in place (outside autograd's history)."""
    values = np.asarray(values).reshape(tuple(self.shape)).astype(self.dtype.np)
    return self._inplace(wrap(core.Constant(values)))


def _n(self: Tensor) -> int:
    return int(self.numel())


def random_(self: Tensor, *args, generator=None, **kwargs) -> Tensor:
    """``Tensor.random_()``, ``random_(to)``, ``random_(from, to)``: torch's integer draws
    (``draw % range + from``; [0, 2^mantissa] or [0, max] without bounds)."""
    g, name = _gen(generator), self.dtype.name
    if not args and not kwargs:
        return _fill(self, ts.random_default(g, _n(self), name))
    if len(args) == 1 and not kwargs:
        low, high = 0, args[0]
    else:
        low = args[0] if args else kwargs.get("from", 0)
        high = args[1] if len(args) > 1 else kwargs.get("to")
    low = int(low)
    if high is None:
        if name == "int64" and low == -(1 << 63):
            return _fill(self, ts.random_full_range(g, _n(self)))
        top = (1 << ts._DIGITS[name]) if name in ts._DIGITS else (1 if name == "bool" else
                                                                   int(np.iinfo(self.dtype.np).max))
        high = top + 1
    high = int(high)
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    if name not in ts._DIGITS and name != "bool":
        info = np.iinfo(self.dtype.np)
        if high - 1 > info.max:
            raise RuntimeError(f"to - 1 is out of bounds for {dtypes.C_TYPE_NAMES[name]}")
        if low < info.min:
            raise RuntimeError(f"from is out of bounds for {dtypes.C_TYPE_NAMES[name]}")
    return _fill(self, ts.random_from_to(g, _n(self), name, low, high))


def bernoulli_(self: Tensor, p=0.5, *, generator=None) -> Tensor:
    """``Tensor.bernoulli_(p)``: a float p draws one 53-bit uniform per element; a tensor p
    (broadcast to self) one uniform per element in p's precision."""
    if isinstance(p, Tensor):
        probs = np.broadcast_to(np.asarray(p._value), tuple(self.shape))
        return _fill(self, ts.bernoulli_tensor(_gen(generator), np.ascontiguousarray(probs)))
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p:g}")
    return _fill(self, ts.bernoulli_scalar(_gen(generator), _n(self), float(p)))


def bernoulli(input: Tensor, p=None, *, generator=None, out: Tensor | None = None) -> Tensor:
    """``torch.bernoulli(input)``: 0/1 draws with the probabilities in ``input`` (or a float
    ``p`` for every element), in ``input``'s dtype."""
    from .functions import zeros
    result = zeros(*tuple(input.shape), dtype=input.dtype)
    if p is None:
        probs = np.asarray(input._value)
        if probs.size and (np.any(probs < 0) or np.any(probs > 1)):
            raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this "
                               "error message be improved?  If so, please report an enhancement request "
                               "to PyTorch.)")
        bernoulli_(result, input, generator=generator)
    else:
        bernoulli_(result, p, generator=generator)
    return _into(out, result)


def exponential_(self: Tensor, lambd: float = 1.0, *, generator=None) -> Tensor:
    """``Tensor.exponential_(lambd)``: ``-1/lambd * log1p(-u)`` in double, u a 53-bit uniform."""
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd:g}")
    _check_float(self.dtype, "exponential_cpu")
    return _fill(self, ts.exponential(_gen(generator), _n(self), float(lambd)))


def geometric_(self: Tensor, p: float, *, generator=None) -> Tensor:
    """``Tensor.geometric_(p)``: the number of Bernoulli trials to the first success."""
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p:g}")
    return _fill(self, ts.geometric(_gen(generator), _n(self), float(p)))


def cauchy_(self: Tensor, median: float = 0.0, sigma: float = 1.0, *, generator=None) -> Tensor:
    """``Tensor.cauchy_(median, sigma)``."""
    if not sigma > 0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma:g}")
    _check_float(self.dtype, "cauchy_cpu")
    return _fill(self, ts.cauchy(_gen(generator), _n(self), float(median), float(sigma)))


def log_normal_(self: Tensor, mean: float = 1.0, std: float = 2.0, *, generator=None) -> Tensor:
    """``Tensor.log_normal_(mean, std)``: exp of the scalar-path normals."""
    if not std > 0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std:g}")
    _check_float(self.dtype, "log_normal_cpu")
    return _fill(self, ts.log_normal(_gen(generator), _n(self), float(mean), float(std)))


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *, generator=None,
                out: Tensor | None = None) -> Tensor:
    """``torch.multinomial``: int64 category indices drawn from each row's (unnormalized)
    probabilities, 1-D or 2-D input; torch's errors for bad distributions."""
    if not isinstance(num_samples, numbers.Integral) or isinstance(num_samples, bool):
        raise TypeError(f"multinomial(): argument 'num_samples' (position 2) must be int, not "
                        f"{type(num_samples).__name__}")
    if input.dim() not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{dtypes.SCALAR_TYPE_NAMES[input.dtype.name]}")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    if not replacement and num_samples > input.shape[-1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    value = input.node.value
    if value is not None and not isinstance(value, jax.core.Tracer):
        probs = np.asarray(value, np.float64)
        if not np.all(np.isfinite(probs)) or np.any(probs < 0):
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if np.any(probs.reshape(-1, probs.shape[-1]).sum(-1) <= 0):
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    probs = np.asarray(input._value)
    draws = ts.multinomial(_gen(generator), probs.reshape(-1, probs.shape[-1]), int(num_samples), bool(replacement))
    return _into(out, wrap(core.Constant(draws.reshape(probs.shape[:-1] + (int(num_samples),)))))
