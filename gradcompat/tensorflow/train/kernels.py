"""The update rules of TF1's training ops (``ApplyGradientDescent``, ``ApplyMomentum``,
``ApplyAdam``, ``ApplyRMSProp``, ``ApplyAdagrad``, ``ApplyAdadelta``, ``ApplyFtrl``), written as TF's kernels compute them so float32 rounding matches.

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


def rmsprop_step(var, ms, mom, grad, lr, rho, momentum, epsilon):
    """TF's ApplyRMSProp: ``ms = rho*ms + (1-rho)*g^2``; ``mom = momentum*mom + lr*g/sqrt(ms+eps)``;
    ``var -= mom``. Returns (var, ms, mom)."""
    ms = ms + (grad * grad - ms) * (1 - rho)
    mom = mom * momentum + lr * grad / jnp.sqrt(ms + epsilon)
    return var - mom, ms, mom


def centered_rmsprop_step(var, ms, mom, mg, grad, lr, rho, momentum, epsilon):
    """TF's ApplyCenteredRMSProp (the mean gradient ``mg`` subtracted). Returns (var, ms, mom, mg)."""
    ms = ms + (grad * grad - ms) * (1 - rho)
    mg = mg + (grad - mg) * (1 - rho)
    mom = mom * momentum + lr * grad / jnp.sqrt(ms - mg * mg + epsilon)
    return var - mom, ms, mom, mg


def adagrad_step(var, accum, grad, lr):
    """TF's ApplyAdagrad: ``accum += g^2``; ``var -= lr * g / sqrt(accum)``. Returns (var, accum)."""
    accum = accum + grad * grad
    return var - lr * grad / jnp.sqrt(accum), accum


def adadelta_step(var, accum, accum_update, grad, lr, rho, epsilon):
    """TF's ApplyAdadelta. Returns (var, accum, accum_update)."""
    accum = accum * rho + grad * grad * (1 - rho)
    update = jnp.sqrt(accum_update + epsilon) * grad / jnp.sqrt(accum + epsilon)
    accum_update = accum_update * rho + update * update * (1 - rho)
    return var - update * lr, accum, accum_update


def ftrl_step(var, accum, linear, grad, lr, l1, l2, l2_shrinkage, lr_power):
    """TF's ApplyFtrlV2 (``l2_shrinkage`` 0: ApplyFtrl). Returns (var, accum, linear)."""
    shrunk = grad + 2 * l2_shrinkage * var
    new_accum = accum + grad * grad
    linear = linear + shrunk - (jnp.power(new_accum, -lr_power) - jnp.power(accum, -lr_power)) / lr * var
    quadratic = jnp.power(new_accum, -lr_power) / lr + 2 * l2
    new_var = jnp.where(jnp.abs(linear) > l1, (jnp.sign(linear) * l1 - linear) / quadratic, jnp.zeros_like(var))
    return new_var, new_accum, linear
