"""``keras.metrics``: ``Mean`` and ``SparseCategoricalAccuracy``, the running averages a custom
training loop reports. State lives in variables (``total``, ``count``) updated with
``assign_add``, so updates inside ``tf.function`` are part of the compiled step."""
from __future__ import annotations

import jax.numpy as jnp

from .. import dtypes as _dt
from ..math_ops import cast
from ..tensor import Tensor, convert_to_tensor, make_op
from . import naming
from .initializers import Zeros
from .variables import Variable


def _weighted_sums_kernel(values, weights):
    weights = jnp.broadcast_to(weights, values.shape)
    return jnp.stack([jnp.sum(values * weights), jnp.sum(weights)])


def _ratio_kernel(total, count):
    return jnp.where(count == 0, jnp.zeros_like(total), total / jnp.where(count == 0, 1, count))


def _sparse_accuracy_kernel(labels, predictions):
    if labels.ndim == predictions.ndim:  # labels of shape (n, 1)
        labels = labels[..., 0]
    hits = labels.astype(jnp.int64) == jnp.argmax(predictions, axis=-1)
    return hits.astype(jnp.float32)


class Mean:
    """``keras.metrics.Mean(name='mean')``: the (weighted) mean of every value seen since
    ``reset_state``; calling it updates and returns the result."""

    def __init__(self, name: str = "mean", dtype=None):
        self.name = name
        with naming.scope(name):
            self.total = Variable(Zeros(), shape=(), dtype="float32", trainable=False, name="total")
            self.count = Variable(Zeros(), shape=(), dtype="float32", trainable=False, name="count")

    @property
    def variables(self) -> list[Variable]:
        return [self.total, self.count]

    def update_state(self, values, sample_weight=None) -> None:
        values = cast(convert_to_tensor(values), _dt.float32)
        weights = (convert_to_tensor(1.0) if sample_weight is None
                   else cast(convert_to_tensor(sample_weight), _dt.float32))
        sums = make_op(_weighted_sums_kernel, [values, weights], op_type="Sum")
        self.total.assign_add(sums[0])
        self.count.assign_add(sums[1])

    def result(self) -> Tensor:
        return make_op(_ratio_kernel, [convert_to_tensor(self.total), convert_to_tensor(self.count)],
                       op_type="DivNoNan")

    def reset_state(self) -> None:
        self.total.assign(0.0)
        self.count.assign(0.0)

    def __call__(self, *args, **kwargs) -> Tensor:
        self.update_state(*args, **kwargs)
        return self.result()


class SparseCategoricalAccuracy(Mean):
    """``keras.metrics.SparseCategoricalAccuracy()``: how often the integer label is the argmax."""

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype=None):
        super().__init__(name)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        hits = make_op(_sparse_accuracy_kernel, [convert_to_tensor(y_true), convert_to_tensor(y_pred)],
                       op_type="Equal")
        super().update_state(hits, sample_weight)


__all__ = ["Mean", "SparseCategoricalAccuracy"]
