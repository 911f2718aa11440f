"""Hand-written JAX: the MLP training step (CrossEntropyLoss, SGD with momentum as torch's),
one ``jax.jit`` of ``jax.value_and_grad`` plus the update; the reference of the MLP
workloads. Mode ``grad``: only the gradient with respect to the weights, the reference
of the gradient-API micro benchmarks on the MLP (GradOperation, GradientTape.gradient).
Mode ``jit16``: the training step at batch 16."""
import jax
import jax.numpy as jnp

from data import batch, mlp_weights
from jax_training import cross_entropy, momentum_training


def loss_fn(params, x, y):
    for i, (w, b) in enumerate(params):
        x = x @ w + b
        if i < len(params) - 1:
            x = jax.nn.relu(x)
    return cross_entropy(x, y)


grad_fn = jax.jit(jax.grad(loss_fn))


def build(mode: str):
    size = 16 if mode == "jit16" else 128  # jit16: the reference of the batch-16 MLP case
    x, y = (jnp.asarray(a) for a in batch(size=size))
    params = [(jnp.asarray(w), jnp.asarray(b)) for w, b in mlp_weights()]
    if mode == "grad":
        return lambda: float(grad_fn(params, x, y)[0][1][0])
    if mode not in ("jit", "jit16"):
        raise ValueError(f"unknown mode {mode!r}")
    return momentum_training(loss_fn, params, x, y)
