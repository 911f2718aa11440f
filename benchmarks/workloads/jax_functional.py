"""Hand-written JAX for torch_functional.py: ``jax.jit`` of ``jax.jacrev`` and ``jax.hessian``
of the same small functions of an 8-vector."""
import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_enable_x64", True)  # the workload is float64, as torch.tensor of float64 numpy

N = 8


def vector(x, w):
    return jnp.tanh(x * w) * x.sum()


def scalar(x, w):
    return (jnp.sin(x * w) * x).sum()


@jax.jit
def both(x, w):
    return jax.jacrev(vector)(x, w).sum() + jax.hessian(scalar)(x, w).sum()


def build(mode: str):
    if mode != "jit":
        raise ValueError(f"unknown mode {mode!r}")
    x = jnp.asarray(np.linspace(-1.0, 1.0, N))
    w = jnp.asarray(np.linspace(0.5, 1.5, N))
    return lambda: float(both(x, w))
