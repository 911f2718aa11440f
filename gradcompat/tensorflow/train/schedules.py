"""TF1's learning-rate schedules on the global step, as graph tensors an optimizer takes."""
from __future__ import annotations

import jax.numpy as jnp

from ..tensor import Tensor, convert_to_tensor, make_op


def exponential_decay_kernel(learning_rate, step, *, decay_steps: float, decay_rate: float, staircase: bool):
    """``lr * decay_rate ** (step / decay_steps)`` in the rate's dtype (the exponent floored
    with ``staircase``), as TF's ExponentialDecay computes it."""
    dtype = learning_rate.dtype
    p = step.astype(dtype) / jnp.asarray(decay_steps, dtype)
    if staircase:
        p = jnp.floor(p)
    return learning_rate * jnp.power(jnp.asarray(decay_rate, dtype), p)


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase: bool = False,
                      name: str | None = None) -> Tensor:
    """``tf.compat.v1.train.exponential_decay``: a tensor of the decayed rate at ``global_step``."""
    if global_step is None:
        raise ValueError("None values not supported.")
    rate = convert_to_tensor(learning_rate)
    step = convert_to_tensor(global_step)
    static = {"decay_steps": float(decay_steps), "decay_rate": float(decay_rate), "staircase": bool(staircase)}
    return make_op(exponential_decay_kernel, [rate, step], static, op_type="ExponentialDecay", name=name)
