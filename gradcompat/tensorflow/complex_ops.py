"""Complex numbers: ``tf.complex``, ``tf.math.real`` / ``imag`` / ``conj`` / ``angle``."""
from __future__ import annotations

import jax.numpy as jnp

from . import dtypes as _dt
from .tensor import Tensor, convert_to_tensor, make_op


def _complex(real, imag, *, dtype):
    return jax_complex(real, imag).astype(dtype)


def jax_complex(real, imag):
    return real + 1j * imag


def complex(real, imag, name: str | None = None) -> Tensor:  # noqa: A001 - TF's name
    """``tf.complex``: float32 parts make complex64, float64 parts complex128."""
    real, imag = convert_to_tensor(real), convert_to_tensor(imag)
    if real.dtype != imag.dtype or real.dtype not in (_dt.float32, _dt.float64):
        raise TypeError(f"real and imag must be float32 or float64 of one dtype, got {real.dtype.name} "
                        f"and {imag.dtype.name}")
    target = _dt.complex64 if real.dtype == _dt.float32 else _dt.complex128
    return make_op(_complex, [real, imag], {"dtype": target.np}, op_type="Complex", name=name)


def _part(fn, op_type: str):
    def op(input, name: str | None = None) -> Tensor:  # noqa: A002 - TF's name
        x = convert_to_tensor(input)
        if not x.dtype.is_complex and op_type in ("Real", "ConjugateTranspose", "Conj"):
            return x  # TF returns real tensors unchanged here
        return make_op(fn, [x], op_type=op_type, name=name)
    op.__name__ = op_type.lower()
    op.__doc__ = f"``tf.math.{op_type.lower()}`` (TF op {op_type})."
    return op


real = _part(jnp.real, "Real")
imag = _part(jnp.imag, "Imag")
conj = _part(jnp.conj, "Conj")
angle = _part(jnp.angle, "Angle")
