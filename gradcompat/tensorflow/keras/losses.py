"""``keras.losses``: ``MeanSquaredError`` and ``SparseCategoricalCrossentropy`` objects (and
their functions), with Keras 3's default reduction: the mean over all per-sample losses
(``sum_over_batch_size``), weighted by ``sample_weight`` when given."""
from __future__ import annotations

import jax
import jax.numpy as jnp

from ..math_ops import cast, reshape
from ..tensor import Tensor, convert_to_tensor, make_op

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


def _reduce_kernel(values, weights, *, reduction: str):
    values = values * weights
    if reduction == "sum":
        return jnp.sum(values)
    if reduction in ("none", None):
        return values
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


def sparse_categorical_crossentropy(y_true, y_pred, from_logits: bool = False, ignore_class=None,
                                    axis: int = -1) -> Tensor:
    """``keras.losses.sparse_categorical_crossentropy`` (integer labels, one per sample)."""
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
        return make_op(_reduce_kernel, [values, weights], {"reduction": self.reduction}, op_type="Mean")


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


MSE = mse = mean_squared_error

__all__ = ["Loss", "MSE", "MeanSquaredError", "SparseCategoricalCrossentropy", "mean_squared_error", "mse",
           "sparse_categorical_crossentropy"]
