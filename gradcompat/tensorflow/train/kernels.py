"""The update rules of TF1's training ops (``ApplyGradientDescent``, ``ApplyMomentum``,
``ApplyAdam``), written as TF's kernels compute them so float32 rounding matches.

Module-level pure JAX functions (stable identities for the compile cache); hyperparameters
are inputs, not static attributes, so a changing learning rate does not recompile.
"""
from __future__ import annotations

import jax.numpy as jnp


def gradient_descent_step(var, grad, lr):
    """``var -= grad * lr``."""
    return var - grad * lr


def momentum_step(var, accum, grad, lr, momentum, *, use_nesterov: bool):
    """``accum = accum * momentum + grad``; ``var -= accum * lr`` (Nesterov:
    ``var -= grad * lr + accum * momentum * lr``). Returns (var, accum)."""
    accum = accum * momentum + grad
    if use_nesterov:
        return var - (grad * lr + accum * momentum * lr), accum
    return var - accum * lr, accum


def sparse_momentum_step(var, accum, values, indices, lr, momentum, *, use_nesterov: bool):
    """TF's SparseApplyMomentum after the optimizer sums duplicate indices: only the
    gathered rows of var and accum change. Returns (var, accum)."""
    grad = jnp.zeros_like(var).at[indices].add(values)
    touched = jnp.zeros(var.shape[:1], bool).at[indices].set(True).reshape((-1,) + (1,) * (var.ndim - 1))
    new_var, new_accum = momentum_step(var, accum, grad, lr, momentum, use_nesterov=use_nesterov)
    return jnp.where(touched, new_var, var), jnp.where(touched, new_accum, accum)


def adam_step(var, m, v, grad, lr, beta1, beta2, epsilon, beta1_power, beta2_power, *, use_nesterov: bool):
    """TF's ApplyAdam: the bias correction folded into the step size. Returns (var, m, v)."""
    alpha = lr * jnp.sqrt(1 - beta2_power) / (1 - beta1_power)
    m = m + (grad - m) * (1 - beta1)
    v = v + (grad * grad - v) * (1 - beta2)
    if use_nesterov:
        return var - ((grad * (1 - beta1) + beta1 * m) * alpha) / (jnp.sqrt(v) + epsilon), m, v
    return var - (m * alpha) / (jnp.sqrt(v) + epsilon), m, v


def scale(x, factor):
    """``x * factor`` (the beta powers' update)."""
    return x * factor
