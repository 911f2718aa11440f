"""Hand-written JAX: the MLP training step (CrossEntropyLoss, SGD with momentum as torch's),
one ``jax.jit`` of ``jax.value_and_grad`` plus the update; the reference of the MLP
workloads. Mode ``grad``: only the gradient with respect to the weights, the reference
of the gradient-API micro benchmarks on the MLP (GradOperation, GradientTape.gradient)."""
import jax
import jax.numpy as jnp

from data import batch, mlp_weights

LR, MOMENTUM = 0.01, 0.9


def forward(params, x):
    for i, (w, b) in enumerate(params):
        x = x @ w + b
        if i < len(params) - 1:
            x = jax.nn.relu(x)
    return x


def loss_fn(params, x, y):
    logits = forward(params, x)
    return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), y[:, None], axis=1))


@jax.jit
def train_step(params, velocity, x, y):
    loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
    velocity = jax.tree.map(lambda v, g: MOMENTUM * v + g, velocity, grads)
    params = jax.tree.map(lambda p, v: p - LR * v, params, velocity)
    return params, velocity, loss


grad_fn = jax.jit(jax.grad(loss_fn))


def build(mode: str):
    x, y = (jnp.asarray(a) for a in batch())
    params = [(jnp.asarray(w), jnp.asarray(b)) for w, b in mlp_weights()]
    if mode == "grad":
        return lambda: float(grad_fn(params, x, y)[0][1][0])
    if mode != "jit":
        raise ValueError(f"unknown mode {mode!r}")
    state = {"params": params, "velocity": jax.tree.map(jnp.zeros_like, params)}

    def step():
        state["params"], state["velocity"], loss = train_step(state["params"], state["velocity"], x, y)
        return float(loss)
    return step
