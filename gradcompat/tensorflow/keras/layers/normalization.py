"""Keras 3's ``BatchNormalization`` and ``LayerNormalization`` on the dialect-free
``gradcompat.layers.normalization`` kernels (``moments``, ``normalize``)."""
from __future__ import annotations

from ....layers import normalization as K
from ...array_ops import reshape
from ...math_ops import square
from ...more_math_ops import rsqrt
from ...reduction_ops import reduce_mean
from ...tensor import convert_to_tensor, make_op
from .. import initializers
from .base import InputSpec, Layer, multi_op, serialize_initializer


def _axes(axis) -> list[int]:
    return [int(a) for a in axis] if isinstance(axis, (list, tuple)) else [int(axis)]


class BatchNormalization(Layer):
    """``keras.layers.BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001, center=True,
    scale=True)``: with ``training=True`` (and a trainable layer) normalizes by the batch's
    mean and biased variance and moves ``moving_mean`` / ``moving_variance`` towards them by
    ``1 - momentum``; otherwise normalizes by the moving statistics. Weights: gamma, beta
    (trainable), moving_mean, moving_variance."""

    def __init__(self, axis=-1, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, synchronized: bool = False,
                 renorm: bool = False, renorm_clipping=None, renorm_momentum: float = 0.99, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)
        self.momentum, self.epsilon = float(momentum), float(epsilon)
        self.center, self.scale = center, scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.synchronized, self.renorm = synchronized, renorm
        self.renorm_clipping, self.renorm_momentum = renorm_clipping, renorm_momentum
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None
        self.supports_masking = True

    def build(self, input_shape) -> None:
        rank = len(input_shape)
        axis = self.axis % rank if -rank <= self.axis < rank else self.axis
        if not 0 <= axis < rank:
            raise ValueError(f"Invalid axis: {self.axis}")
        size = input_shape[axis]
        if self.scale:
            self.gamma = self.add_weight((size,), self.gamma_initializer, name="gamma")
        if self.center:
            self.beta = self.add_weight((size,), self.beta_initializer, name="beta")
        self.moving_mean = self.add_weight((size,), self.moving_mean_initializer, name="moving_mean",
                                           trainable=False)
        self.moving_variance = self.add_weight((size,), self.moving_variance_initializer,
                                               name="moving_variance", trainable=False)
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: size})
        self._axis = axis
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        return tuple(input_shape)

    def _broadcast(self, v, rank: int):
        # a (C,) weight as (1, ..., C, ..., 1) for the channel axis
        shape = [1] * rank
        shape[self._axis] = -1
        return reshape(v, shape) if self._axis != rank - 1 else convert_to_tensor(v)

    def call(self, inputs, training=None, mask=None):
        rank = inputs.shape.ndims
        if training and self.trainable:
            axes = tuple(a for a in range(rank) if a != self._axis)
            mean, var = multi_op(K.moments, [inputs], {"axes": axes}, op_type="Moments")
            mean_flat = self._flat(mean)
            var_flat = self._flat(var)
            m = self.momentum
            self.moving_mean.assign(convert_to_tensor(self.moving_mean) * m + mean_flat * (1.0 - m))
            self.moving_variance.assign(convert_to_tensor(self.moving_variance) * m + var_flat * (1.0 - m))
        else:
            mean = self._broadcast(self.moving_mean, rank)
            var = self._broadcast(self.moving_variance, rank)
        affine = ([self._broadcast(self.gamma, rank)] if self.scale else []) + (
            [self._broadcast(self.beta, rank)] if self.center else [])
        return make_op(K.normalize, [inputs, mean, var, *affine],
                       {"eps": self.epsilon, "scale": self.scale, "center": self.center}, op_type="FusedBatchNormV3")

    def _flat(self, stat):
        return reshape(stat, [-1])

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "momentum": self.momentum, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale,
                "beta_initializer": serialize_initializer(self.beta_initializer),
                "gamma_initializer": serialize_initializer(self.gamma_initializer),
                "moving_mean_initializer": serialize_initializer(self.moving_mean_initializer),
                "moving_variance_initializer": serialize_initializer(self.moving_variance_initializer),
                "beta_regularizer": None, "gamma_regularizer": None, "beta_constraint": None,
                "gamma_constraint": None, "synchronized": self.synchronized, "renorm": self.renorm,
                "renorm_clipping": self.renorm_clipping, "renorm_momentum": self.renorm_momentum}


class LayerNormalization(Layer):
    """``keras.layers.LayerNormalization(axis=-1, epsilon=0.001, center=True, scale=True)``: each
    sample normalized over ``axis`` by its mean and biased variance; gamma and beta have the
    shape of those axes."""

    def __init__(self, axis=-1, epsilon: float = 1e-3, center: bool = True, scale: bool = True,
                 rms_scaling: bool = False, beta_initializer="zeros", gamma_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.axis = list(axis) if isinstance(axis, (list, tuple)) else int(axis)
        self.epsilon, self.center, self.scale, self.rms_scaling = float(epsilon), center, scale, rms_scaling
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.gamma = self.beta = None
        self.supports_masking = True

    def build(self, input_shape) -> None:
        rank = len(input_shape)
        axes = sorted(a % rank for a in _axes(self.axis))
        shape = tuple(input_shape[a] for a in axes)
        if self.scale:
            self.gamma = self.add_weight(shape, self.gamma_initializer, name="gamma")
        if self.center:
            self.beta = self.add_weight(shape, self.beta_initializer, name="beta")
        self._axes = tuple(axes)
        self.built = True

    def compute_output_shape(self, input_shape) -> tuple:
        for axis in _axes(self.axis):
            if axis >= len(input_shape) or axis < -len(input_shape):
                raise ValueError(f"Axis {axis} is out of bounds for input shape {tuple(input_shape)}. "
                                 f"Received: axis={self.axis}")
        return tuple(input_shape)

    def _broadcast(self, v, rank: int):
        shape = [1] * rank
        for a, d in zip(self._axes, v.shape):
            shape[a] = d
        return reshape(v, shape)

    def call(self, inputs):
        rank = inputs.shape.ndims
        mean, var = multi_op(K.moments, [inputs], {"axes": self._axes}, op_type="Moments")
        if self.rms_scaling:  # Keras's RMS form: x / sqrt(mean(x^2) + eps) * gamma
            y = inputs * rsqrt(reduce_mean(square(inputs), axis=list(self._axes), keepdims=True) + self.epsilon)
            return y * self._broadcast(self.gamma, rank) if self.scale else y
        affine = ([self._broadcast(self.gamma, rank)] if self.scale else []) + (
            [self._broadcast(self.beta, rank)] if self.center else [])
        return make_op(K.normalize, [inputs, mean, var, *affine],
                       {"eps": self.epsilon, "scale": self.scale, "center": self.center}, op_type="LayerNorm")

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon, "center": self.center,
                "scale": self.scale, "rms_scaling": self.rms_scaling,
                "beta_initializer": serialize_initializer(self.beta_initializer),
                "gamma_initializer": serialize_initializer(self.gamma_initializer), "beta_regularizer": None,
                "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None}
