"""Keras 3's merging layers: ``Concatenate``, ``Add``, ``Subtract``, ``Multiply``, ``Average``,
``Maximum``, ``Minimum``, ``Dot`` is not here. Inputs are a list of tensors; shapes broadcast
(Keras's rule) except along a ``Concatenate``'s axis."""
from __future__ import annotations

from functools import reduce

from ...array_ops import concat
from ...math_ops import maximum, minimum
from .base import Layer


def _check_list(layer: Layer, inputs, minimum_count: int = 2) -> None:
    if not isinstance(inputs, (list, tuple)) or len(inputs) < minimum_count:
        raise ValueError(f"A merge layer should be called on a list of inputs. Received: "
                         f"inputs={inputs} (not a list of tensors)")


def _broadcast_shapes(a: tuple, b: tuple) -> tuple:
    if len(a) < len(b):
        a, b = b, a
    b = (1,) * (len(a) - len(b)) + tuple(b)
    out = []
    for x, y in zip(a, b):
        if x is None or y is None:
            out.append(None)
        elif x == 1:
            out.append(y)
        elif y == 1 or x == y:
            out.append(x)
        else:
            raise ValueError(f"Inputs have incompatible shapes. Received shapes {a[1:]} and {b[1:]}")
    return tuple(out)


class _Merge(Layer):
    def build(self, input_shape) -> None:
        if not isinstance(input_shape[0], (list, tuple)):
            raise ValueError(f"A merge layer should be called on a list of inputs. Received: "
                             f"input_shape={input_shape} (not a list of shapes)")
        if len(input_shape) < 1:
            raise ValueError(f"A merge layer should be called on a list of at least 1 input. "
                             f"Got {len(input_shape)} inputs. Full input_shape received: {input_shape}")
        self.compute_output_shape(input_shape)
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        return reduce(_broadcast_shapes, [tuple(s) for s in input_shape])

    def call(self, inputs):
        _check_list(self, inputs, 1)
        return self._merge(list(inputs))


class Add(_Merge):
    """``keras.layers.Add()``: the elementwise sum of a list of tensors."""

    def _merge(self, xs):
        return reduce(lambda a, b: a + b, xs)


class Subtract(_Merge):
    """``keras.layers.Subtract()``: ``inputs[0] - inputs[1]``."""

    def _merge(self, xs):
        if len(xs) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs. Received: inputs={xs}")
        return xs[0] - xs[1]


class Multiply(_Merge):
    """``keras.layers.Multiply()``: the elementwise product."""

    def _merge(self, xs):
        return reduce(lambda a, b: a * b, xs)


class Average(_Merge):
    """``keras.layers.Average()``: the elementwise mean."""

    def _merge(self, xs):
        return reduce(lambda a, b: a + b, xs) / float(len(xs))


class Maximum(_Merge):
    def _merge(self, xs):
        return reduce(maximum, xs)


class Minimum(_Merge):
    def _merge(self, xs):
        return reduce(minimum, xs)


class Concatenate(_Merge):
    """``keras.layers.Concatenate(axis=-1)``: shapes must match except along ``axis``."""

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)
        self.supports_masking = True

    def build(self, input_shape) -> None:
        if not isinstance(input_shape[0], (list, tuple)) or len(input_shape) < 1:
            raise ValueError(f"A `Concatenate` layer should be called on a list of at least 1 input. "
                             f"Received: input_shape={input_shape}")
        self.compute_output_shape(input_shape)
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        shapes = [tuple(s) for s in input_shape]
        rank = len(shapes[0])
        error = ValueError(f"A `Concatenate` layer requires inputs with matching shapes except for the "
                           f"concatenation axis. Received: input_shape={shapes}")
        if any(len(s) != rank for s in shapes):
            raise error
        axis = self.axis % rank
        out = list(shapes[0])
        for s in shapes[1:]:
            for i, (a, b) in enumerate(zip(out, s)):
                if i == axis:
                    out[i] = None if a is None or b is None else a + b
                elif a is not None and b is not None and a != b:
                    raise error
                elif a is None:
                    out[i] = b
        return tuple(out)

    def call(self, inputs):
        self.compute_output_shape([x.shape.dims for x in inputs])
        return concat(list(inputs), axis=self.axis)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def add(inputs, **kwargs):
    """``keras.layers.add(inputs)``."""
    return Add(**kwargs)(inputs)


def concatenate(inputs, axis: int = -1, **kwargs):
    """``keras.layers.concatenate(inputs, axis=-1)``."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def multiply(inputs, **kwargs):
    return Multiply(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    return Subtract(**kwargs)(inputs)


def average(inputs, **kwargs):
    return Average(**kwargs)(inputs)
