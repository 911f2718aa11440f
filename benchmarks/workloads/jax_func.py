"""Hand-written JAX for torch_func.py: ``jax.jit`` of ``jax.vmap(jax.grad(loss))`` (per-sample)
and of ``jax.grad(loss)`` on the same MLP and batch."""
import jax
import jax.numpy as jnp
import numpy as np

BATCH, IN, HIDDEN, OUT = 64, 32, 64, 10


def mlp(p, x):
    h = jax.nn.relu(x @ p["0.weight"].T + p["0.bias"])
    return h @ p["2.weight"].T + p["2.bias"]


def loss(p, x, y):
    logp = jax.nn.log_softmax(mlp(p, x))
    return -jnp.take_along_axis(logp, y[:, None], axis=1).mean()


def build(mode: str):
    rng = np.random.default_rng(0)
    shapes = {"0.weight": (HIDDEN, IN), "0.bias": (HIDDEN,), "2.weight": (OUT, HIDDEN), "2.bias": (OUT,)}
    p = {k: jnp.asarray(rng.normal(scale=0.1, size=s), jnp.float32) for k, s in shapes.items()}
    x = jnp.asarray(rng.normal(size=(BATCH, IN)), jnp.float32)
    y = jnp.asarray(rng.integers(0, OUT, size=BATCH))
    if mode == "per_sample":
        f = jax.jit(jax.vmap(jax.grad(lambda p, xi, yi: loss(p, xi[None], yi[None])), in_axes=(None, 0, 0)))
    elif mode == "grad":
        f = jax.jit(jax.grad(loss))
    else:
        raise ValueError(f"unknown mode {mode!r}")
    return lambda: float(f(p, x, y)["0.weight"].sum())
