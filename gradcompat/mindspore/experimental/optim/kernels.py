"""Pure JAX update rules of ``mindspore.experimental.optim`` (PyTorch's formulas, as MindSpore's
experimental optimizers use them); module-level for stable compile-cache identities. Every
hyper-parameter arrives as a float32 array, ``step`` is the number of steps taken before."""
from __future__ import annotations

import jax.numpy as jnp


def adam(param, grad, m, v, step, lr, beta1, beta2, eps, weight_decay, *, decoupled: bool, maximize: bool):
    """Adam (``decoupled``: AdamW's ``param *= 1 - lr * weight_decay`` instead of an L2 term)."""
    grad = -grad if maximize else grad
    if decoupled:
        param = param * (1 - lr * weight_decay)
    else:
        grad = grad + weight_decay * param
    t = (step + 1).astype(param.dtype)
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad * grad
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return param - lr * m_hat / (jnp.sqrt(v_hat) + eps), m, v, step + 1


def sgd(param, grad, buf, step, lr, momentum, dampening, weight_decay, *, nesterov: bool, maximize: bool,
        use_momentum: bool):
    """SGD with momentum (the first step's buffer is the gradient itself), dampening, Nesterov."""
    grad = -grad if maximize else grad
    grad = grad + weight_decay * param
    if use_momentum:
        buf = jnp.where(step == 0, grad, momentum * buf + (1 - dampening) * grad)
        grad = grad + momentum * buf if nesterov else buf
    return param - lr * grad, buf, step + 1
