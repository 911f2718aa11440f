"""Hand-written JAX: the small CNN's training step (see torch_cnn.py), one ``jax.jit``."""
import jax
import jax.numpy as jnp

from data import batch, cnn_weights

LR, MOMENTUM = 0.01, 0.9


def conv(x, w, b):
    out = jax.lax.conv_general_dilated(x, w, (1, 1), ((1, 1), (1, 1)),
                                       dimension_numbers=("NCHW", "OIHW", "NCHW"))
    return out + b[None, :, None, None]


def max_pool(x):
    return jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")


def loss_fn(p, x, y):
    x = max_pool(jax.nn.relu(conv(x, p["conv1_w"], p["conv1_b"])))
    x = max_pool(jax.nn.relu(conv(x, p["conv2_w"], p["conv2_b"])))
    logits = x.reshape(x.shape[0], -1) @ p["fc_w"] + p["fc_b"]
    return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), y[:, None], axis=1))


@jax.jit
def train_step(params, velocity, x, y):
    loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
    velocity = jax.tree.map(lambda v, g: MOMENTUM * v + g, velocity, grads)
    params = jax.tree.map(lambda p, v: p - LR * v, params, velocity)
    return params, velocity, loss


def build(mode: str):
    if mode != "jit":
        raise ValueError(f"unknown mode {mode!r}")
    x, y = (jnp.asarray(a) for a in batch((1, 28, 28)))
    params = {k: jnp.asarray(v) for k, v in cnn_weights().items()}
    state = {"params": params, "velocity": jax.tree.map(jnp.zeros_like, params)}

    def step():
        state["params"], state["velocity"], loss = train_step(state["params"], state["velocity"], x, y)
        return float(loss)
    return step
