"""Hand-written JAX: ``jax.jit(jax.grad(...))`` of the 50-op scalar function of
torch_grad_api.py / tf_grad_api.py."""
import jax
import jax.numpy as jnp

from data import chain_input


def chain(x):
    for _ in range(10):
        x = jnp.exp(jnp.tanh(jnp.sin(x) * 1.1 + 0.2))
    return x.sum()


grad_chain = jax.jit(jax.grad(chain))


def build(mode: str):
    if mode != "jit":
        raise ValueError(f"unknown mode {mode!r}")
    x = jnp.asarray(chain_input())
    return lambda: float(grad_chain(x)[0])
