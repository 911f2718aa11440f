"""``keras.losses``: mean squared / absolute error and the binary, categorical and sparse
categorical crossentropies, as functions and ``Loss`` objects, with Keras 3's default reduction:
the mean over all per-sample losses (``sum_over_batch_size``), weighted by ``sample_weight``.

Probabilities are clipped to ``[epsilon, 1 - epsilon]`` before their log, as Keras does on
TensorFlow; but a Keras softmax / sigmoid output carries its logits (``_keras_logits``) and
the crossentropies start from them, as Keras does. Known difference: Keras also reads the
logits behind a ``tf.nn.softmax`` inside a traced step; here only Keras activations carry them."""
from __future__ import annotations

import warnings

import jax
import jax.numpy as jnp

from ..math_ops import cast, reshape
from ..tensor import Tensor, convert_to_tensor, make_op
from ..distribute import distribute_lib, sharding

from .backend import epsilon

EPSILON = epsilon()


def _mse_kernel(y_true, y_pred):
    return jnp.mean(jnp.square(y_pred - y_true), axis=-1)


def _sparse_ce_kernel(labels, logits, *, from_logits: bool):
    if not from_logits:  # Keras clips probabilities and takes their log as logits
        logits = jnp.log(jnp.clip(logits, EPSILON, 1 - EPSILON))
    log_probs = jax.nn.log_softmax(logits, axis=-1)
    picked = jnp.take_along_axis(log_probs, labels[..., None].astype(jnp.int32), axis=-1)
    return -picked[..., 0]


def _mae_kernel(y_true, y_pred):
    return jnp.mean(jnp.abs(y_pred - y_true), axis=-1)


def _categorical_ce_kernel(target, output, *, from_logits: bool, label_smoothing: float):
    if label_smoothing:
        target = target * (1 - label_smoothing) + label_smoothing / target.shape[-1]
    if from_logits:
        return -jnp.sum(target * jax.nn.log_softmax(output, axis=-1), axis=-1)
    output = output / jnp.sum(output, axis=-1, keepdims=True)
    output = jnp.clip(output, EPSILON, 1 - EPSILON)
    return -jnp.sum(target * jnp.log(output), axis=-1)


def _binary_ce_kernel(target, output, *, from_logits: bool, label_smoothing: float):
    if label_smoothing:
        target = target * (1 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:  # TF's sigmoid_cross_entropy_with_logits, the stable form
        values = jnp.maximum(output, 0) - output * target + jnp.log1p(jnp.exp(-jnp.abs(output)))
    else:
        output = jnp.clip(output, EPSILON, 1 - EPSILON)
        values = -(target * jnp.log(output) + (1 - target) * jnp.log(1 - output))
    return jnp.mean(values, axis=-1)


def _reduce_kernel(values, weights, *, reduction: str):
    values = values * weights
    if reduction == "sum":
        return jnp.sum(values)
    if reduction in ("none", None):
        return values
    if values.size == 0:  # an empty replica's batch: Keras's divide_no_nan gives 0
        return jnp.zeros((), values.dtype)
    return jnp.sum(values) / jnp.asarray(values.size, values.dtype)


def _same_rank(y_true: Tensor, y_pred: Tensor) -> tuple[Tensor, Tensor]:
    """Keras squeezes a trailing 1 so that (n,) targets meet (n, 1) predictions."""
    t, p = y_true.shape.as_list(), y_pred.shape.as_list()
    if len(t) == len(p) + 1 and t[-1] == 1:
        y_true = reshape(y_true, t[:-1])
    elif len(p) == len(t) + 1 and p[-1] == 1:
        y_pred = reshape(y_pred, p[:-1])
    return y_true, y_pred


def mean_squared_error(y_true, y_pred) -> Tensor:
    """``keras.losses.mean_squared_error``: mean of squared errors over the last axis."""
    y_pred = convert_to_tensor(y_pred)
    y_true = cast(convert_to_tensor(y_true), y_pred.dtype)
    y_true, y_pred = _same_rank(y_true, y_pred)
    return make_op(_mse_kernel, [y_true, y_pred], op_type="Mean")


def mean_absolute_error(y_true, y_pred) -> Tensor:
    """``keras.losses.mean_absolute_error``: mean of absolute errors over the last axis."""
    y_pred = convert_to_tensor(y_pred)
    y_true = cast(convert_to_tensor(y_true), y_pred.dtype)
    y_true, y_pred = _same_rank(y_true, y_pred)
    return make_op(_mae_kernel, [y_true, y_pred], op_type="Mean")


def _keras_logits(y_pred, from_logits: bool, fn_name: str, op_type: str):
    """Keras's ``_get_logits``: a softmax / sigmoid output of a traced step carries its logits."""
    logits = getattr(y_pred, "_keras_logits", None)
    if logits is None:
        return y_pred, from_logits
    if from_logits:
        warnings.warn(f'"`{fn_name}` received `from_logits=True`, but the `output` argument was produced by a '
                      f'{op_type} activation and thus does not represent logits. Was this intended?', stacklevel=3)
    return logits, True


def _check_same_shape(target: Tensor, output: Tensor, what: str) -> None:
    t, o = target.shape.as_list(), output.shape.as_list()
    if len(t) != len(o):
        raise ValueError(f"Arguments `target` and `output` must have the same rank (ndim). Received: "
                         f"target.shape={target.shape}, output.shape={output.shape}")
    for a, b in zip(t, o):
        if a is not None and b is not None and a != b:
            raise ValueError(f"Arguments `target` and `output` must have the same shape. Received: "
                             f"target.shape={target.shape}, output.shape={output.shape}")


def categorical_crossentropy(y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0,
                             axis: int = -1) -> Tensor:
    """``keras.losses.categorical_crossentropy`` (one-hot targets; probabilities renormalized and
    clipped unless ``from_logits``)."""
    y_pred, from_logits = _keras_logits(y_pred, from_logits, "categorical_crossentropy", "Softmax")
    y_pred = convert_to_tensor(y_pred)
    y_true = cast(convert_to_tensor(y_true), y_pred.dtype)
    _check_same_shape(y_true, y_pred, "categorical_crossentropy")
    return make_op(_categorical_ce_kernel, [y_true, y_pred],
                   {"from_logits": bool(from_logits), "label_smoothing": float(label_smoothing)},
                   op_type="SoftmaxCrossEntropyWithLogits")


def binary_crossentropy(y_true, y_pred, from_logits: bool = False, label_smoothing: float = 0.0,
                        axis: int = -1) -> Tensor:
    """``keras.losses.binary_crossentropy``: elementwise, then the mean over the last axis."""
    y_pred, from_logits = _keras_logits(y_pred, from_logits, "binary_crossentropy", "Sigmoid")
    y_pred = convert_to_tensor(y_pred)
    y_true = cast(convert_to_tensor(y_true), y_pred.dtype)
    y_true, y_pred = _same_rank(y_true, y_pred)
    _check_same_shape(y_true, y_pred, "binary_crossentropy")
    return make_op(_binary_ce_kernel, [y_true, y_pred],
                   {"from_logits": bool(from_logits), "label_smoothing": float(label_smoothing)},
                   op_type="Mean")


def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False, ignore_class=None,
                                    axis: int = -1) -> Tensor:
    """``keras.losses.sparse_categorical_crossentropy`` (integer labels, one per sample)."""
    y_pred, from_logits = _keras_logits(y_pred, from_logits, "sparse_categorical_crossentropy", "Softmax")
    y_pred = convert_to_tensor(y_pred)
    labels = convert_to_tensor(y_true)
    if labels.shape.rank == y_pred.shape.rank:  # labels of shape (n, 1)
        labels = reshape(labels, labels.shape.as_list()[:-1])
    return make_op(_sparse_ce_kernel, [labels, y_pred], {"from_logits": bool(from_logits)},
                   op_type="SparseSoftmaxCrossEntropyWithLogits")


class Loss:
    """``keras.losses.Loss``: ``loss(y_true, y_pred, sample_weight=None)`` reduces per-sample losses."""

    def __init__(self, name: str | None = None, reduction: str = "sum_over_batch_size", dtype=None):
        self.name = name
        self.reduction = reduction

    def call(self, y_true, y_pred) -> Tensor:
        raise NotImplementedError

    def __call__(self, y_true, y_pred, sample_weight=None) -> Tensor:
        values = self.call(y_true, y_pred)
        weights = (convert_to_tensor(1.0, dtype=values.dtype) if sample_weight is None
                   else cast(convert_to_tensor(sample_weight), values.dtype))
        loss = make_op(_reduce_kernel, [values, weights], {"reduction": self.reduction}, op_type="Mean")
        return scale_loss_for_distribution(loss) if self.reduction == "sum_over_batch_size" else loss


def scale_loss_for_distribution(value: Tensor) -> Tensor:
    """Keras's loss scaling under ``tf.distribute``: divided by the replica count (the replicas'
    gradients are summed)."""
    replicas = 1 if sharding.in_global_batch_step() else distribute_lib.get_strategy().num_replicas_in_sync
    return value * cast(1.0 / replicas, value.dtype) if replicas > 1 else value


def unscale_loss_for_distribution(value: Tensor) -> Tensor:
    """The inverse of ``scale_loss_for_distribution`` (what Keras's loss tracker records)."""
    replicas = 1 if sharding.in_global_batch_step() else distribute_lib.get_strategy().num_replicas_in_sync
    return value * cast(replicas, value.dtype) if replicas > 1 else value


class LossFunctionWrapper(Loss):
    """``keras.losses.LossFunctionWrapper(fn, name=..., **kwargs)``: a loss function as a ``Loss``."""

    def __init__(self, fn, reduction: str = "sum_over_batch_size", name: str | None = None, dtype=None,
                 **kwargs):
        super().__init__(name or getattr(fn, "__name__", None), reduction)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred) -> Tensor:
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction, **self._fn_kwargs}


class MeanSquaredError(Loss):
    """``keras.losses.MeanSquaredError()``."""

    def __init__(self, reduction: str = "sum_over_batch_size", name: str = "mean_squared_error", dtype=None):
        super().__init__(name, reduction)

    def call(self, y_true, y_pred) -> Tensor:
        return mean_squared_error(y_true, y_pred)


class SparseCategoricalCrossentropy(Loss):
    """``keras.losses.SparseCategoricalCrossentropy(from_logits=False)``."""

    def __init__(self, from_logits: bool = False, ignore_class=None, reduction: str = "sum_over_batch_size",
                 name: str = "sparse_categorical_crossentropy", dtype=None):
        super().__init__(name, reduction)
        self.from_logits = from_logits

    def call(self, y_true, y_pred) -> Tensor:
        return sparse_categorical_crossentropy(y_true, y_pred, from_logits=self.from_logits)


class MeanAbsoluteError(Loss):
    """``keras.losses.MeanAbsoluteError()``."""

    def __init__(self, reduction: str = "sum_over_batch_size", name: str = "mean_absolute_error", dtype=None):
        super().__init__(name, reduction)

    def call(self, y_true, y_pred) -> Tensor:
        return mean_absolute_error(y_true, y_pred)


class CategoricalCrossentropy(Loss):
    """``keras.losses.CategoricalCrossentropy(from_logits=False, label_smoothing=0.0)``."""

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
                 reduction: str = "sum_over_batch_size", name: str = "categorical_crossentropy", dtype=None):
        super().__init__(name, reduction)
        self.from_logits, self.label_smoothing = from_logits, label_smoothing

    def call(self, y_true, y_pred) -> Tensor:
        return categorical_crossentropy(y_true, y_pred, self.from_logits, self.label_smoothing)


class BinaryCrossentropy(Loss):
    """``keras.losses.BinaryCrossentropy(from_logits=False, label_smoothing=0.0)``."""

    def __init__(self, from_logits: bool = False, label_smoothing: float = 0.0, axis: int = -1,
                 reduction: str = "sum_over_batch_size", name: str = "binary_crossentropy", dtype=None):
        super().__init__(name, reduction)
        self.from_logits, self.label_smoothing = from_logits, label_smoothing

    def call(self, y_true, y_pred) -> Tensor:
        return binary_crossentropy(y_true, y_pred, self.from_logits, self.label_smoothing)


MSE = mse = mean_squared_error
MAE = mae = mean_absolute_error

_BY_NAME = {
    "mean_squared_error": mean_squared_error, "mse": mean_squared_error, "MSE": mean_squared_error,
    "mean_absolute_error": mean_absolute_error, "mae": mean_absolute_error, "MAE": mean_absolute_error,
    "categorical_crossentropy": categorical_crossentropy, "binary_crossentropy": binary_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
    "MeanSquaredError": MeanSquaredError, "MeanAbsoluteError": MeanAbsoluteError,
    "CategoricalCrossentropy": CategoricalCrossentropy, "BinaryCrossentropy": BinaryCrossentropy,
    "SparseCategoricalCrossentropy": SparseCategoricalCrossentropy,
}


def get(identifier):
    """``keras.losses.get``: a loss function or ``Loss`` from a name, an object or a config dict."""
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = _BY_NAME.get(identifier.get("class_name"))
        if isinstance(obj, type):
            return obj(**identifier.get("config", {}))
    elif isinstance(identifier, str):
        obj = _BY_NAME.get(identifier)
        if obj is not None:
            return obj() if isinstance(obj, type) else obj
    elif callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret loss identifier: {identifier}")


__all__ = ["BinaryCrossentropy", "CategoricalCrossentropy", "Loss", "LossFunctionWrapper", "MAE", "MSE",
           "MeanAbsoluteError", "MeanSquaredError", "SparseCategoricalCrossentropy", "binary_crossentropy",
           "categorical_crossentropy", "get", "mae", "mean_absolute_error", "mean_squared_error", "mse",
           "sparse_categorical_crossentropy"]
