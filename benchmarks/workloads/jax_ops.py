"""Raw ``jax.numpy``: the reference of torch_ops.py (100 calls of one op, then one sync)."""
import jax.numpy as jnp

from data import operands

CALLS = 100


def build(mode: str):
    a, b = (jnp.asarray(m) for m in operands())
    op = {"add": lambda: jnp.add(a, b), "matmul": lambda: jnp.matmul(a, b)}[mode]

    def step():
        for _ in range(CALLS - 1):
            op()
        return float(op()[0, 0])
    return step
