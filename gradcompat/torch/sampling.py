"""torch's sampling functions: ``torch.normal`` (all overloads), ``torch.multinomial``,
``Tensor.normal_`` / ``uniform_``.

Draws come from gradcompat's seeded generators (``torch.Generator``; torch's own stream is
not reproduced, so programs check samples by their properties). As in torch, a sample is
not reparameterized: ``normal`` records NormalBackward1/2/3 and gives zero gradients to
``mean`` and ``std``.
"""
from __future__ import annotations

import numbers

import jax
import jax.numpy as jnp
import numpy as np

from .. import core
from . import creation, dtypes
from .functions import _check_broadcast, _size
from .tensor import Tensor, wrap

__all__ = ["multinomial", "normal"]


def _key(generator):
    return (generator or creation.default_generator).next_key()


def normal_kernel(mean, std, noise):
    """``mean + std * noise``; a sample carries no gradient (torch's zero NormalBackward)."""
    return jax.lax.stop_gradient(mean + std * noise)


def _check_float(dtype: dtypes.dtype) -> None:
    if not dtype.is_floating_point:
        raise NotImplementedError(f"\"normal_kernel_cpu\" not implemented for '{dtypes.SCALAR_TYPE_NAMES[dtype.name]}'")


def _noise(shape: tuple, dtype: dtypes.dtype, generator) -> core.Node:
    return core.Constant(jax.random.normal(_key(generator), shape, dtype=dtype.np))


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
        value = float(mean) + float(std) * jax.random.normal(_key(generator), shape, dtype=dt.np)
        result = wrap(core.Constant(value.astype(dt.np), traced=bool(requires_grad)))
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
    result = wrap(core.apply(normal_kernel, [m, s, _noise(shape, dt, generator)], name=name))
    return _into(out, result)


def normal_(self: Tensor, mean: float = 0.0, std: float = 1.0, *, generator=None) -> Tensor:
    """``Tensor.normal_``: fill with normal samples (in place, outside autograd's history)."""
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
    _check_float(self.dtype)
    noise = jax.random.normal(_key(generator), tuple(self.shape), dtype=self.dtype.np)
    return self._inplace(wrap(core.Constant((mean + std * noise).astype(self.dtype.np))))


def uniform_(self: Tensor, a: float = 0.0, b: float = 1.0, *, generator=None, **kwargs) -> Tensor:
    """``Tensor.uniform_(from=0, to=1)``: fill with uniform samples on [from, to)."""
    a, b = kwargs.get("from", a), kwargs.get("to", b)
    if a > b:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={a:g} > to={b:g}")
    u = jax.random.uniform(_key(generator), tuple(self.shape), dtype=self.dtype.np, minval=a, maxval=b)
    return self._inplace(wrap(core.Constant(u.astype(self.dtype.np))))


def multinomial_kernel(key, logits, *, num_samples, replacement):
    """Indices drawn per row: with replacement by categorical draws, without by the Gumbel
    top-k trick (the order of a draw without replacement)."""
    if replacement:
        draws = jax.random.categorical(key, logits, axis=-1, shape=(num_samples,) + logits.shape[:-1])
        return jnp.moveaxis(draws, 0, -1).astype(jnp.int64)
    gumbel = jax.random.gumbel(key, logits.shape, dtype=logits.dtype)
    return jax.lax.top_k(logits + gumbel, num_samples)[1].astype(jnp.int64)


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
    p = input._value
    logits = jnp.log(p.astype(jnp.promote_types(p.dtype, jnp.float32)))
    draws = multinomial_kernel(_key(generator), logits, num_samples=int(num_samples), replacement=bool(replacement))
    return _into(out, wrap(core.Constant(draws)))
