"""Hand-written JAX for torch_custom_function.py: the 2,000-step chain ``y = scale(y, w)`` of a
``jax.custom_vjp`` function, as one ``jax.jit`` of a ``lax.fori_loop`` (mode ``apply``) and of
its ``jax.grad`` with respect to ``w`` (mode ``step``)."""
import jax
import jax.numpy as jnp
import numpy as np

DEPTH = 2000


@jax.custom_vjp
def scale(y, w):
    return y * w


def _fwd(y, w):
    return y * w, (y, w)


def _bwd(res, grad):
    y, w = res
    return grad * w, (grad * y).sum()


scale.defvjp(_fwd, _bwd)


def _chain(x, w):
    return jax.lax.fori_loop(0, DEPTH, lambda _, y: scale(y, w), x).sum()


def build(mode: str):
    x = jnp.asarray(np.linspace(0.5, 1.0, 8, dtype=np.float32))
    w = jnp.float32(1.0001)
    if mode == "apply":
        run = jax.jit(_chain)
        return lambda: float(run(x, w))
    if mode == "step":
        grad = jax.jit(jax.grad(_chain, argnums=1))
        return lambda: float(grad(x, w))
    raise ValueError(f"unknown mode {mode!r}")
