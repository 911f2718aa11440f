"""``torch.nn.utils``: gradient clipping and parameter/vector conversion."""
from __future__ import annotations

import math
from typing import Iterable

import jax.numpy as jnp

from .... import core
from ...tensor import Tensor, wrap
from .. import functional as F
from ..kernels import reshape
from ..parameter import set_value


def _grads(parameters) -> list[Tensor]:
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def _norm(x, norm_type: float):
    if norm_type == math.inf:
        return jnp.max(jnp.abs(x))
    if norm_type == -math.inf:
        return jnp.min(jnp.abs(x))
    if norm_type == 0:
        return jnp.sum(x != 0).astype(x.dtype)
    return jnp.sum(jnp.abs(x) ** norm_type) ** (1.0 / norm_type)


def clip_grad_norm_(parameters: Iterable[Tensor] | Tensor, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach=None) -> Tensor:
    """Scale all gradients in place so their joint norm is at most ``max_norm``; returns the
    norm before clipping (torch's formula: ``coef = min(max_norm / (norm + 1e-6), 1)``)."""
    grads = _grads(parameters)
    norm_type = float(norm_type)
    if not grads:
        return wrap(core.Constant(jnp.array(0.0, jnp.float32)))
    norms = jnp.stack([_norm(g._value, norm_type) for g in grads])
    total = _norm(norms, norm_type)
    if error_if_nonfinite and not bool(jnp.isfinite(total)):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, "
                           "so it cannot be clipped. To disable this error and scale the gradients by the "
                           "non-finite norm anyway, set `error_if_nonfinite=False`")
    coef = jnp.minimum(jnp.asarray(max_norm, total.dtype) / (total + jnp.asarray(1e-6, total.dtype)), 1.0)
    for g in grads:
        set_value(g, g._value * coef.astype(g._value.dtype))
    return wrap(core.Constant(total))


def clip_grad_value_(parameters: Iterable[Tensor] | Tensor, clip_value: float, foreach=None) -> None:
    """Clamp every gradient in place to ``[-clip_value, clip_value]``."""
    clip_value = float(clip_value)
    for g in _grads(parameters):
        set_value(g, jnp.clip(g._value, -clip_value, clip_value))


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All parameters flattened and concatenated (differentiable)."""
    flat = [F._apply(reshape, [p], "ViewBackward0", shape=(p.numel(),)) for p in parameters]
    return wrap(core.apply(_concat, [t.node for t in flat], name="CatBackward0"))


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of ``vec`` into the parameters (their values, in place)."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {type(vec).__name__}")
    values, start = vec._value, 0
    for p in parameters:
        n = p.numel()
        set_value(p, values[start:start + n].reshape(tuple(p.shape)))
        start += n


def _concat(*xs):
    return jnp.concatenate(xs)


__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector", "vector_to_parameters"]
