"""The optimizers' update rules as pure functions ``(param, grad, state..., scalars) ->
(param, state...)``, transcribing torch's single-tensor (CPU default) implementations
operation by operation, so float32 results agree with torch's to rounding.

Hyperparameters that schedulers change (``lr``) and per-step scalars are values;
structural choices (momentum on/off, nesterov, amsgrad) are static attributes.
``Optimizer.step`` applies them as deferred ops: one program per step updates every parameter.
"""
from __future__ import annotations

import jax.numpy as jnp

from ...core.eager import compiled_kernel as _jit


def _lerp(start, end, weight):
    # torch's lerp formula (two branches keep the result exact at the ends)
    return jnp.where(weight < 0.5, start + weight * (end - start), end - (end - start) * (1 - weight))


@_jit
def count(step):
    return (step + 1,)


@_jit
def adam_scalars(step, lr, beta1, beta2, *, dtype: str):
    """Adam's ``lr / (1 - beta1 ** step)`` and ``sqrt(1 - beta2 ** step)`` from the step
    tensor, in double precision as torch's CPU path computes them in Python, then rounded to
    the parameter's dtype as a Python number is when it meets the parameter."""
    s = step.astype(jnp.float64)
    return (lr / (1 - beta1 ** s)).astype(dtype), jnp.sqrt(1 - beta2 ** s).astype(dtype)


@_jit
def adamax_scalars(step, lr, beta1, *, dtype: str):
    """Adamax's ``lr / (1 - beta1 ** step)`` from the step tensor (double, then the param's dtype)."""
    return ((lr / (1 - beta1 ** step.astype(jnp.float64))).astype(dtype),)


@_jit
def adagrad_scalars(step, lr, lr_decay, *, dtype: str):
    """Adagrad's ``lr / (1 + (step - 1) * lr_decay)`` from the step tensor."""
    return ((lr / (1 + (step.astype(jnp.float64) - 1) * lr_decay)).astype(dtype),)


@_jit
def nadam_scalars(step, mu_product, lr, beta1, beta2, decay, *, dtype: str):
    """NAdam's per-step scalars from the step and ``mu_product`` state tensors: the new
    float32 ``mu_product`` (a float32 tensor times a Python float, as torch), then
    ``1 - beta2 ** step`` and the two update coefficients (double, then the param's dtype)."""
    s = step.astype(jnp.float64)
    mu = beta1 * (1.0 - 0.5 * 0.96 ** (s * decay))
    mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((s + 1) * decay))
    product = mu_product * mu.astype(mu_product.dtype)
    prod = product.astype(jnp.float64)
    coef_g = -lr * (1.0 - mu) / (1.0 - prod)
    coef_m = (-lr * mu_next) / (1.0 - prod * mu_next)
    return product, (1 - beta2 ** s).astype(dtype), coef_g.astype(dtype), coef_m.astype(dtype)


@_jit
def radam_scalars(step, beta1, beta2, *, dtype: str):
    """RAdam's bias corrections, rectification term and whether to rectify (``rho_t > 5``),
    from the step tensor in double precision."""
    s = step.astype(jnp.float64)
    bc1 = 1 - beta1 ** s
    bc2 = 1 - beta2 ** s
    rho_inf = 2 / (1 - beta2) - 1
    rho_t = rho_inf - 2 * s * (beta2 ** s) / bc2
    rectify = rho_t > 5.0
    safe = jnp.where(rectify, rho_t, 5.0)
    rect = jnp.sqrt((safe - 4) * (safe - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * safe))
    return bc1.astype(dtype), jnp.sqrt(bc2).astype(dtype), jnp.where(rectify, rect, 0.0).astype(dtype), rectify


@_jit
def sgd(p, g, buf, lr, momentum, dampening, weight_decay, *, maximize: bool, use_momentum: bool,
        first: bool, nesterov: bool, decay: bool):
    if maximize:
        g = -g
    if decay:
        g = g + weight_decay * p
    if use_momentum:
        buf = g if first else buf * momentum + (1 - dampening) * g
        g = g + momentum * buf if nesterov else buf
    return p + (-lr) * g, buf


@_jit
def adam(p, g, m, v, vmax, lr, beta1, beta2, eps, weight_decay, step_size, bc2_sqrt, *, maximize: bool,
         decay: bool, decoupled: bool, amsgrad: bool):
    if maximize:
        g = -g
    if decay:
        if decoupled:
            p = p * (1 - lr * weight_decay)
        else:
            g = g + weight_decay * p
    m = _lerp(m, g, jnp.asarray(1 - beta1, m.dtype))
    v = v * beta2 + (1 - beta2) * g * g
    if amsgrad:
        vmax = jnp.maximum(vmax, v)
        denom = jnp.sqrt(vmax) / bc2_sqrt + eps
    else:
        denom = jnp.sqrt(v) / bc2_sqrt + eps
    return p + (-step_size) * (m / denom), m, v, vmax


@_jit
def rmsprop(p, g, sq, gavg, buf, lr, alpha, eps, weight_decay, momentum, *, maximize: bool, decay: bool,
            centered: bool, use_momentum: bool):
    if maximize:
        g = -g
    if decay:
        g = g + weight_decay * p
    sq = sq * alpha + (1 - alpha) * g * g
    if centered:
        gavg = _lerp(gavg, g, jnp.asarray(1 - alpha, gavg.dtype))
        avg = jnp.sqrt(sq + (-1) * gavg * gavg)
    else:
        avg = jnp.sqrt(sq)
    avg = avg + eps
    if use_momentum:
        buf = buf * momentum + g / avg
        p = p + (-lr) * buf
    else:
        p = p + (-lr) * (g / avg)
    return p, sq, gavg, buf


@_jit
def adagrad(p, g, total, clr, eps, weight_decay, *, maximize: bool, decay: bool):
    if maximize:
        g = -g
    if decay:
        g = g + weight_decay * p
    total = total + g * g
    std = jnp.sqrt(total) + eps
    return p + (-clr) * (g / std), total


def _decay(p, g, lr, weight_decay, decay: bool, decoupled: bool):
    """L2 weight decay added to the gradient, or decoupled (``p *= 1 - lr * wd``) as AdamW."""
    if decay:
        if decoupled:
            p = p * (1 - lr * weight_decay)
        else:
            g = g + weight_decay * p
    return p, g


@_jit
def nadam(p, g, m, v, lr, beta1, beta2, eps, weight_decay, bc2, coef_g, coef_m, *, maximize: bool, decay: bool,
          decoupled: bool):
    # coef_g = -lr (1 - mu) / (1 - mu_product), coef_m = -lr mu_next / (1 - mu_product mu_next): host floats
    if maximize:
        g = -g
    p, g = _decay(p, g, lr, weight_decay, decay, decoupled)
    m = _lerp(m, g, jnp.asarray(1 - beta1, m.dtype))
    v = v * beta2 + (1 - beta2) * g * g
    denom = jnp.sqrt(v / bc2) + eps
    p = p + coef_g * g / denom
    p = p + coef_m * m / denom
    return p, m, v


@_jit
def radam(p, g, m, v, lr, beta1, beta2, eps, weight_decay, bc1, bc2_sqrt, rect, rectify, *, maximize: bool,
          decay: bool, decoupled: bool):
    # rectify: the variance is tractable (rho_t > 5), computed from the step tensor (radam_scalars);
    # a value, not a static attribute, so that the warm-up steps and the later ones are one program
    if maximize:
        g = -g
    p, g = _decay(p, g, lr, weight_decay, decay, decoupled)
    m = _lerp(m, g, jnp.asarray(1 - beta1, m.dtype))
    v = v * beta2 + (1 - beta2) * g * g
    corrected = m / bc1
    adaptive = bc2_sqrt / (jnp.sqrt(v) + eps)
    p = jnp.where(rectify, p - corrected * lr * adaptive * rect, p - corrected * lr)
    return p, m, v


@_jit
def adamax(p, g, m, u, beta1, beta2, eps, weight_decay, clr, *, maximize: bool, decay: bool):
    if maximize:
        g = -g
    if decay:
        g = g + weight_decay * p
    m = _lerp(m, g, jnp.asarray(1 - beta1, m.dtype))
    u = jnp.maximum(u * beta2, jnp.abs(g) + eps)
    return p + (-clr) * m / u, m, u


@_jit
def adadelta(p, g, sq, acc, lr, rho, eps, weight_decay, *, maximize: bool, decay: bool):
    if maximize:
        g = -g
    if decay:
        g = g + weight_decay * p
    sq = sq * rho + (1 - rho) * g * g
    std = jnp.sqrt(sq + eps)
    delta = jnp.sqrt(acc + eps) / std * g
    acc = acc * rho + (1 - rho) * delta * delta
    return p + (-lr) * delta, sq, acc
