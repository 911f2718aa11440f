"""Hand-written JAX for torch_deep_backward.py: the 20,000-step chain and the 2,000-step RNN as
``jax.jit(jax.grad(...))`` of a ``lax.fori_loop`` / ``lax.scan``."""
import jax
import jax.numpy as jnp
import numpy as np

CHAIN_DEPTH = 20000
RNN_STEPS = 2000
RNN_BATCH, RNN_IN, RNN_HIDDEN = 4, 8, 16


def _chain(x):
    return jax.lax.fori_loop(0, CHAIN_DEPTH, lambda _, y: y + y * 1e-6, x).sum()


def _rnn(w, u, b, xs):
    def cell(h, x):
        return jnp.tanh(x @ w + h @ u + b), None
    h, _ = jax.lax.scan(cell, jnp.zeros((RNN_BATCH, RNN_HIDDEN), jnp.float32), xs)
    return h.sum()


def build(mode: str):
    if mode == "chain":
        grad = jax.jit(jax.grad(_chain))
        x = jnp.asarray(np.array([0.5], np.float32))
        return lambda: float(grad(x)[0])
    if mode == "rnn":
        rng = np.random.default_rng(11)
        w = jnp.asarray((rng.normal(size=(RNN_IN, RNN_HIDDEN)) * 0.3).astype(np.float32))
        u = jnp.asarray((rng.normal(size=(RNN_HIDDEN, RNN_HIDDEN)) * 0.3).astype(np.float32))
        b = jnp.zeros(RNN_HIDDEN, jnp.float32)
        xs = jnp.asarray(rng.normal(size=(RNN_STEPS, RNN_BATCH, RNN_IN)).astype(np.float32))
        grad = jax.jit(jax.grad(_rnn))
        return lambda: float(grad(w, u, b, xs)[0, 0])
    raise ValueError(f"unknown mode {mode!r}")
