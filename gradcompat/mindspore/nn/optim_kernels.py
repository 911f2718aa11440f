"""Pure JAX update rules of MindSpore's optimizer primitives (ApplyMomentum, SGD, Adam,
AdamWeightDecay), one call per parameter, and ``for_each_parameter`` that applies one to
every parameter as a single op; module-level for stable compile-cache identities.

Every hyper-parameter arrives as a float32 array (MindSpore keeps them in float32
Parameters/Tensors), so the arithmetic is float32 as in MindSpore.
"""
from __future__ import annotations

from typing import Callable

import jax.numpy as jnp


def for_each_parameter(*values, kernel: Callable, arity: int, statics: tuple) -> tuple:
    """``kernel`` on each parameter's ``arity`` consecutive inputs with that parameter's static
    attributes (``statics``, one frozen tuple each): the outputs of all, in order."""
    outputs = []
    for k, attributes in enumerate(statics):
        outputs.extend(kernel(*values[k * arity:(k + 1) * arity], **dict(attributes)))
    return tuple(outputs)


def learning_rate_at(table, step):
    """A dynamic learning rate: ``table[step]`` (MindSpore's Gather; 0 past the end)."""
    return jnp.take(table, step[0], mode="fill", fill_value=0).astype(table.dtype)


def decayed_gradient(grad, param, weight_decay):
    """``grad + param * weight_decay`` (Optimizer.decay_weight)."""
    return param * weight_decay.astype(param.dtype) + grad


def apply_momentum(param, moment, grad, lr, momentum):
    """ApplyMomentum: ``moment = moment * momentum + grad; param -= lr * moment`` (MindSpore
    2.x's CPU kernel applies no Nesterov correction even with ``use_nesterov=True``)."""
    moment = moment * momentum + grad
    return param - lr * moment, moment


def sgd(param, grad, lr, accum, momentum, stat, *, dampening: float, nesterov: bool):
    """MindSpore's SGD primitive: the first step (``stat`` 1) takes the gradient as the
    accumulation; later ones ``accum * momentum + (1 - dampening) * grad``."""
    accum = jnp.where(stat > 0, grad, accum * momentum + (1 - dampening) * grad)
    step = grad + accum * momentum if nesterov else accum
    step = jnp.where(momentum > 0, step, grad)  # no momentum: plain gradient descent
    return param - lr * step, accum, jnp.zeros_like(stat)


def adam(param, m, v, grad, lr, beta1_power, beta2_power, beta1, beta2, eps, *, nesterov: bool):
    """ApplyAdam: bias-corrected step size, ``m / (sqrt(v) + eps)``."""
    lr_t = lr * jnp.sqrt(1 - beta2_power) / (1 - beta1_power)
    m = m + (grad - m) * (1 - beta1)
    v = v + (grad * grad - v) * (1 - beta2)
    direction = (m * beta1 + grad * (1 - beta1)) if nesterov else m
    return param - lr_t * direction / (jnp.sqrt(v) + eps), m, v


def adam_weight_decay(param, m, v, grad, lr, weight_decay, beta1, beta2, eps, *, decay: bool):
    """AdamWeightDecay: no bias correction; ``update = m / (eps + sqrt(v)) (+ wd * param)``."""
    m = m + (grad - m) * (1.0 - beta1)
    v = v + (jnp.square(grad) - v) * (1.0 - beta2)
    update = m / (eps + jnp.sqrt(v))
    if decay:
        update = weight_decay * param + update
    return param - (lr * update).reshape(param.shape), m, v
