"""What the hand-written JAX references share: mean cross-entropy, and one ``jax.jit`` of
``jax.value_and_grad`` plus SGD with momentum as torch's (``v = m v + g; p -= lr v``)."""
import jax
import jax.numpy as jnp

LR, MOMENTUM = 0.01, 0.9


def cross_entropy(logits, labels):
    return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), labels[:, None], axis=1))


def momentum_training(loss_fn, params, x, y):
    """A step function: one compiled training step on (x, y), returning the loss."""
    @jax.jit
    def train_step(params, velocity, x, y):  # data as arguments, not baked-in constants
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        velocity = jax.tree.map(lambda v, g: MOMENTUM * v + g, velocity, grads)
        params = jax.tree.map(lambda p, v: p - LR * v, params, velocity)
        return params, velocity, loss

    state = {"params": params, "velocity": jax.tree.map(jnp.zeros_like, params)}

    def step():
        state["params"], state["velocity"], loss = train_step(state["params"], state["velocity"], x, y)
        return float(loss)
    return step
