"""Hand-written JAX: the small CNN's training step (see torch_cnn.py), one ``jax.jit``."""
import jax
import jax.numpy as jnp

from data import batch, cnn_weights
from jax_training import cross_entropy, momentum_training


def conv(x, w, b):
    out = jax.lax.conv_general_dilated(x, w, (1, 1), ((1, 1), (1, 1)),
                                       dimension_numbers=("NCHW", "OIHW", "NCHW"))
    return out + b[None, :, None, None]


def max_pool(x):
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")


def loss_fn(p, x, y):
    x = max_pool(jax.nn.relu(conv(x, p["conv1_w"], p["conv1_b"])))
    x = max_pool(jax.nn.relu(conv(x, p["conv2_w"], p["conv2_b"])))
    return cross_entropy(x.reshape(x.shape[0], -1) @ p["fc_w"] + p["fc_b"], y)


def build(mode: str):
    if mode != "jit":
        raise ValueError(f"unknown mode {mode!r}")
    x, y = (jnp.asarray(a) for a in batch((1, 28, 28)))
    return momentum_training(loss_fn, {k: jnp.asarray(v) for k, v in cnn_weights().items()}, x, y)
