"""Hand-written JAX for torch_deep_graph.py: the 20,000-step chain ``y = y + y * 1e-6`` as one
``jax.jit`` of a ``lax.fori_loop`` (no graph to build or free; XLA fuses the multiply-add, so
the last digit of the result may differ from the op-by-op contenders)."""
import jax
import jax.numpy as jnp
import numpy as np

CHAIN_DEPTH = 20000


def build(mode: str):
    if mode != "chain":
        raise ValueError(f"unknown mode {mode!r}")
    chain = jax.jit(lambda x: jax.lax.fori_loop(0, CHAIN_DEPTH, lambda _, y: y + y * 1e-6, x))
    x = jnp.asarray(np.array([0.5], np.float32))
    return lambda: float(chain(x)[0])
