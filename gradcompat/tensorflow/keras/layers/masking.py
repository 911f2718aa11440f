"""Keras 3's ``Masking`` layer: marks the time steps whose features all equal ``mask_value`` as
padding. The mask rides on the output tensor (``_keras_mask``, as Keras on TF keeps it) and
reaches the recurrent layers through mask-preserving layers (``Dense``, ``Dropout``...)."""
from __future__ import annotations

import jax.numpy as jnp

from ...tensor import make_op
from .base import Layer


def _keep(x, *, mask_value: float):
    return jnp.any(x != mask_value, axis=-1)


def _masked(x, *, mask_value: float):
    return x * jnp.any(x != mask_value, axis=-1, keepdims=True).astype(x.dtype)


class Masking(Layer):
    """``keras.layers.Masking(mask_value=0.0)``: steps equal to ``mask_value`` in every feature are
    zeroed and masked out for the layers downstream (an LSTM keeps its state over them)."""

    def __init__(self, mask_value: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True

    def compute_mask(self, inputs, mask=None):
        return make_op(_keep, [inputs], {"mask_value": float(self.mask_value)}, op_type="Any")

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def call(self, inputs):
        out = make_op(_masked, [inputs], {"mask_value": float(self.mask_value)}, op_type="Mul")
        out._keras_mask = self.compute_mask(inputs)
        return out

    def get_config(self) -> dict:
        return {**super().get_config(), "mask_value": self.mask_value}
