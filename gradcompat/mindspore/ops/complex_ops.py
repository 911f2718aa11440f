"""``ops.Real`` / ``ops.Imag``: the parts of a complex Tensor, with MindSpore's gradients.

MindSpore's bprops build the input's gradient as ``complex(dout, 0)`` (Real) and
``complex(0, dout)`` (Imag); JAX's conjugate convention gives ``-1j * dout`` for ``imag``,
so the kernels carry their own backward. A real input's imaginary part is zeros (its
gradient too), as in MindSpore.
"""
from __future__ import annotations

import jax
import jax.numpy as jnp

from ..tensor import Tensor
from .primitives import Primitive, apply_kernel, as_tensor


@jax.custom_vjp
def imag_part(x):
    """``imag(x)``; zeros of x's dtype for a real input."""
    return jnp.imag(x) if jnp.iscomplexobj(x) else jnp.zeros_like(x)


def _imag_fwd(x):
    return imag_part(x), jnp.zeros((), x.dtype)


def _imag_bwd(like, dout):
    if jnp.iscomplexobj(like):
        return (jax.lax.complex(jnp.zeros_like(dout), dout).astype(like.dtype),)
    return (jnp.zeros_like(dout).astype(like.dtype),)


imag_part.defvjp(_imag_fwd, _imag_bwd)


def real_part(x):
    """``real(x)`` (x itself for a real input); JAX's gradient is MindSpore's here."""
    return jnp.real(x) if jnp.iscomplexobj(x) else x


class Imag(Primitive):
    """``ops.Imag()(input)``: the imaginary part (Float32 of Complex64, zeros for real input)."""

    name = "Imag"

    def __call__(self, input: Tensor) -> Tensor:  # noqa: A002
        return apply_kernel(imag_part, [as_tensor(input)], self.name)


class Real(Primitive):
    """``ops.Real()(input)``: the real part (the input itself when it is real)."""

    name = "Real"

    def __call__(self, input: Tensor) -> Tensor:  # noqa: A002
        return apply_kernel(real_part, [as_tensor(input)], self.name)


def imag(input: Tensor) -> Tensor:  # noqa: A002
    """``ops.imag(input)``."""
    return Imag()(input)


def real(input: Tensor) -> Tensor:  # noqa: A002
    """``ops.real(input)``."""
    return Real()(input)


__all__ = ["Imag", "Real", "imag", "real"]
