"""Pure JAX kernels whose gradients at ties and kinks are TensorFlow's, not JAX's.

JAX splits a tie of ``maximum``/``minimum`` evenly; TF's gradient goes all to ``x``
(``x >= y`` for Maximum, ``x <= y`` for Minimum), so ``clip_by_value`` passes the
gradient at its bounds. TF's Pow gradient is ``y * x**(y-1)`` (nan at ``x == y == 0``)
and uses ``log(x)`` only where ``x > 0``. Abs has gradient 0 at 0; SqrtGrad is 0
wherever the incoming gradient is 0 (so an unused ``where`` branch through sqrt stays 0).
Xlogy's gradient is 0 in x where x == 0.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp
import jax.scipy.special


def _chooser(choose, x_wins):
    """``choose(x, y)`` whose gradient goes all to ``x`` where ``x_wins(x, y)``, else to ``y``."""
    @jax.custom_jvp
    def op(x, y):
        return choose(x, y)

    @op.defjvp
    def _jvp(primals, tangents):
        x, y = primals
        tx, ty = tangents
        return op(x, y), jnp.where(x_wins(x, y), tx, ty)
    return op


maximum = _chooser(jnp.maximum, jnp.greater_equal)
minimum = _chooser(jnp.minimum, jnp.less_equal)


def clip(x, lo, hi):
    """TF2's clip_by_value: ``maximum(minimum(x, hi), lo)`` with TF's tie gradients."""
    return maximum(minimum(x, hi), lo)


@jax.custom_jvp
def power(x, y):
    return jnp.power(x, y)


@power.defjvp
def _power_jvp(primals, tangents):
    x, y = primals
    tx, ty = tangents
    z = power(x, y)
    log_x = jnp.where(x > 0, jnp.log(jnp.where(x > 0, x, 1)), 0)
    return z, tx * y * power(x, y - 1) + ty * z * log_x


@jax.custom_jvp
def abs(x):  # noqa: A001 - TF's name
    return jnp.abs(x)


@abs.defjvp
def _abs_jvp(primals, tangents):
    # TF's Abs gradient is sign(x) * dy: 0 at x == 0 (JAX's is 1)
    (x,), (tx,) = primals, tangents
    return abs(x), jnp.sign(x) * tx


@jax.custom_vjp
def sqrt(x):
    return jnp.sqrt(x)


def _sqrt_fwd(x):
    y = jnp.sqrt(x)
    return y, y


def _sqrt_bwd(y, g):
    # TF's SqrtGrad gives 0 where the incoming gradient is 0, even at sqrt(0) or nan
    return (jnp.where(g == 0, jnp.zeros_like(g), g * 0.5 / y),)


sqrt.defvjp(_sqrt_fwd, _sqrt_bwd)


@jax.custom_jvp
def xlogy(x, y):
    return jax.scipy.special.xlogy(x, y)


@xlogy.defjvp
def _xlogy_jvp(primals, tangents):
    # TF's XlogyGrad: d/dx is xlogy(x != 0, y) (0 where x == 0, even at y == 0), d/dy is xdivy(x, y)
    x, y = primals
    tx, ty = tangents
    nonzero = x != 0
    d_x = jax.scipy.special.xlogy(nonzero.astype(x.dtype), y)
    d_y = jnp.where(nonzero, x / jnp.where(nonzero, y, 1), 0)
    return xlogy(x, y), tx * d_x + ty * d_y
