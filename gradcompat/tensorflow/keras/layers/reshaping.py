"""Keras 3's reshaping layers, channels_last: ``ZeroPadding1D/2D``, ``Cropping1D/2D``,
``UpSampling1D/2D`` (nearest; bilinear through ``gradcompat.layers.resampling``), ``RepeatVector``,
``Permute``, and the ``TimeDistributed`` wrapper."""
from __future__ import annotations

from typing import Any

import jax.numpy as jnp
import numpy as np

from ....layers import resampling
from ...shapes import TensorShape
from ...tensor import make_op
from .. import naming
from .base import InputSpec, Layer
from .convolutional import _data_format


def _pairs(value, n: int, name: str) -> tuple:
    """Keras's ``padding`` / ``cropping`` forms: an int, n ints (symmetric) or n (before, after) pairs."""
    if isinstance(value, (int, np.integer)):
        return ((int(value), int(value)),) * n
    if n == 1:
        if len(value) != 2:
            raise ValueError(f"`{name}` should have two elements. Received: {name}={value}.")
        return ((int(value[0]), int(value[1])),)
    if len(value) != n:
        raise ValueError(f"`{name}` should have two elements. Received: {name}={value}.")
    out = []
    for v in value:
        if isinstance(v, (int, np.integer)):
            out.append((int(v), int(v)))
        else:
            if len(v) != 2:
                raise ValueError(f"`{name}` should have two elements. Received: {name}={value}.")
            out.append((int(v[0]), int(v[1])))
    return tuple(out)


def _pad_kernel(x, *, pads: tuple):
    return jnp.pad(x, ((0, 0), *pads, (0, 0)))


class _ZeroPadding(Layer):
    rank = 2

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.padding = _pairs(padding, self.rank, "padding")
        self.data_format = _data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def compute_output_shape(self, input_shape) -> tuple:
        s = tuple(input_shape)
        return (s[0], *[None if d is None else d + a + b for d, (a, b) in zip(s[1:-1], self.padding)], s[-1])

    def call(self, inputs):
        return make_op(_pad_kernel, [inputs], {"pads": self.padding}, op_type="Pad")

    def get_config(self) -> dict:
        padding = self.padding[0] if self.rank == 1 else self.padding
        config = {**super().get_config(), "padding": padding}
        return config if self.rank == 1 else {**config, "data_format": self.data_format}


class ZeroPadding1D(_ZeroPadding):
    """``keras.layers.ZeroPadding1D(padding=1)``: zeros before / after the steps axis."""
    rank = 1


class ZeroPadding2D(_ZeroPadding):
    """``keras.layers.ZeroPadding2D(padding=(1, 1))``: an int, two ints or two (before, after) pairs."""
    rank = 2


def _crop_kernel(x, *, crops: tuple):
    return x[(slice(None), *[slice(a, x.shape[1 + i] - b) for i, (a, b) in enumerate(crops)])]


class _Cropping(Layer):
    rank = 2

    def __init__(self, cropping=0, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.cropping = _pairs(cropping, self.rank, "cropping")
        self.data_format = _data_format(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def compute_output_shape(self, input_shape) -> tuple:
        s = tuple(input_shape)
        for d, (a, b) in zip(s[1:-1], self.cropping):
            if d is not None and a + b >= d:
                raise ValueError(f"Values in `cropping` argument should be smaller than the corresponding spatial "
                                 f"dimension of the input. Received: inputs.shape={s}, cropping={self.cropping}")
        return (s[0], *[None if d is None else d - a - b for d, (a, b) in zip(s[1:-1], self.cropping)], s[-1])

    def call(self, inputs):
        self.compute_output_shape(inputs.shape.dims)
        return make_op(_crop_kernel, [inputs], {"crops": self.cropping}, op_type="StridedSlice")

    def get_config(self) -> dict:
        cropping = self.cropping[0] if self.rank == 1 else self.cropping
        config = {**super().get_config(), "cropping": cropping}
        return config if self.rank == 1 else {**config, "data_format": self.data_format}


class Cropping1D(_Cropping):
    """``keras.layers.Cropping1D(cropping=(1, 1))``."""
    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(cropping, **kwargs)


class Cropping2D(_Cropping):
    """``keras.layers.Cropping2D(cropping=((0, 0), (0, 0)))``."""
    rank = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


def _upsample_kernel(x, *, size: tuple, interpolation: str):
    n = len(size)
    if interpolation == "nearest":
        for i, s in enumerate(size):
            x = jnp.repeat(x, s, axis=1 + i)
        return x
    # bilinear with half-pixel centres (TF's resize); resampling works on trailing axes
    moved = jnp.moveaxis(x, -1, 1)
    out = resampling.interpolate(moved, mode="bilinear", size=tuple(d * s for d, s in zip(x.shape[1:1 + n], size)),
                                 scales=(None,) * n, align_corners=False)
    return jnp.moveaxis(out, 1, -1)


class UpSampling1D(Layer):
    """``keras.layers.UpSampling1D(size=2)``: each step repeated ``size`` times."""

    def __init__(self, size: int = 2, **kwargs):
        super().__init__(**kwargs)
        self.size = int(size)
        self.input_spec = InputSpec(ndim=3)

    def compute_output_shape(self, input_shape) -> tuple:
        s = tuple(input_shape)
        return (s[0], None if s[1] is None else s[1] * self.size, s[2])

    def call(self, inputs):
        return make_op(_upsample_kernel, [inputs], {"size": (self.size,), "interpolation": "nearest"},
                       op_type="Repeat")

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size}


class UpSampling2D(Layer):
    """``keras.layers.UpSampling2D(size=(2, 2), interpolation='nearest')`` (also ``'bilinear'``)."""

    def __init__(self, size=(2, 2), data_format=None, interpolation: str = "nearest", **kwargs):
        super().__init__(**kwargs)
        self.size = (int(size),) * 2 if isinstance(size, (int, np.integer)) else tuple(int(s) for s in size)
        self.data_format = _data_format(data_format)
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(f"`interpolation` argument should be one of: \"nearest\", \"bilinear\". "
                             f"Received: \"{interpolation}\".")
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def compute_output_shape(self, input_shape) -> tuple:
        s = tuple(input_shape)
        return (s[0], *[None if d is None else d * f for d, f in zip(s[1:3], self.size)], s[3])

    def call(self, inputs):
        return make_op(_upsample_kernel, [inputs], {"size": self.size, "interpolation": self.interpolation},
                       op_type="ResizeNearestNeighbor")

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}


def _repeat_kernel(x, *, n: int):
    return jnp.repeat(x[:, None, :], n, axis=1)


class RepeatVector(Layer):
    """``keras.layers.RepeatVector(n)``: (batch, features) -> (batch, n, features)."""

    def __init__(self, n: int, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, (int, np.integer)):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        self.n = int(n)
        self.input_spec = InputSpec(ndim=2)

    def compute_output_shape(self, input_shape) -> tuple:
        return (input_shape[0], self.n, input_shape[1])

    def call(self, inputs):
        return make_op(_repeat_kernel, [inputs], {"n": self.n}, op_type="Tile")

    def get_config(self) -> dict:
        return {**super().get_config(), "n": self.n}


def _permute_kernel(x, *, dims: tuple):
    return jnp.transpose(x, (0, *dims))


class Permute(Layer):
    """``keras.layers.Permute(dims)``: permute the non-batch axes (``dims`` counts from 1)."""

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(int(d) for d in dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError(f"Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` "
                             f"must be consecutive and start from 1. Received dims={self.dims}")
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)

    def compute_output_shape(self, input_shape) -> tuple:
        s = tuple(input_shape)
        return (s[0], *[s[d] for d in self.dims])

    def call(self, inputs):
        return make_op(_permute_kernel, [inputs], {"dims": self.dims}, op_type="Transpose")

    def get_config(self) -> dict:
        return {**super().get_config(), "dims": self.dims}


def _merge_time(x):
    return x.reshape((-1, *x.shape[2:]))


def _split_time(y, x):
    return y.reshape((-1, x.shape[1], *y.shape[1:]))


class TimeDistributed(Layer):
    """``keras.layers.TimeDistributed(layer)``: ``layer`` applied to every step of (batch, steps, ...);
    the inner layer's weights are shared across steps (one call on batch * steps samples)."""

    def __init__(self, layer: Layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance. "
                             f"Received: {layer}")
        super().__init__(**kwargs)
        self.layer = layer

    def _check(self, input_shape) -> tuple:
        s = tuple(input_shape)
        if len(s) < 3:
            raise ValueError(f"`TimeDistributed` Layer should be passed an `input_shape` with at least 3 "
                             f"dimensions, received: {s}")
        return s

    def build(self, input_shape) -> None:
        s = self._check(input_shape)
        if not self.layer.built:
            with naming.scope(self.name):  # weights under <time_distributed>/<layer>/, as Keras's paths
                self.layer.build((s[0], *s[2:]))
            self.layer.built = True
        self.built = True

    def compute_output_shape(self, input_shape) -> Any:
        s = self._check(input_shape)
        inner = tuple(self.layer.compute_output_shape((s[0], *s[2:])))
        return (inner[0], s[1], *inner[1:])

    def call(self, inputs, training=None):
        self._check(inputs.shape.dims)
        flat = make_op(_merge_time, [inputs], op_type="Reshape")
        kwargs = {"training": training} if self.layer._call_accepts("training") else {}
        y = self.layer(flat, **kwargs)
        out = make_op(_split_time, [y, inputs], op_type="Reshape")
        if out.shape.dims is None and y.shape.dims is not None:  # an unknown batch: shape probing cannot split it
            out._shape = TensorShape((inputs.shape.dims[0], inputs.shape.dims[1], *y.shape.dims[1:]))
        return out

    def get_config(self) -> dict:
        from ..saving import serialize_keras_object
        return {**super().get_config(), "layer": serialize_keras_object(self.layer)}

    @classmethod
    def from_config(cls, config: dict) -> "TimeDistributed":
        from ..saving import deserialize_keras_object
        config = dict(config)
        config.pop("dtype", None)
        config["layer"] = deserialize_keras_object(config["layer"])
        return cls(**config)
