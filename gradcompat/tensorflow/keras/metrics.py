"""``keras.metrics``: ``Mean``, ``MeanMetricWrapper`` and the accuracies / errors that ``compile``
takes by name (``'accuracy'``, ``'mse'``, ``'mae'`` ...), as Keras 3 computes them. State lives in
variables (``total``, ``count``) updated with ``assign_add``, so updates inside ``tf.function``
(a compiled ``fit`` step) are part of the step."""
from __future__ import annotations

import jax.numpy as jnp
import numpy as np

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


def _samplewise_kernel(values):
    # Keras reduces values of rank > 1 to one value per sample before averaging
    return jnp.mean(values, axis=tuple(range(1, values.ndim))) if values.ndim > 1 else values


def _accuracy_kernel(y_true, y_pred):
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    elif y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        y_pred = y_pred[..., 0]
    return (y_true.astype(y_pred.dtype) == y_pred).astype(jnp.float32)


def _binary_accuracy_kernel(y_true, y_pred, *, threshold: float):
    if y_true.ndim == y_pred.ndim + 1 and y_true.shape[-1] == 1:
        y_true = y_true[..., 0]
    elif y_pred.ndim == y_true.ndim + 1 and y_pred.shape[-1] == 1:
        y_pred = y_pred[..., 0]
    return (y_true == (y_pred > threshold).astype(y_true.dtype)).astype(jnp.float32)


def _categorical_accuracy_kernel(y_true, y_pred):
    return (jnp.argmax(y_true, axis=-1) == jnp.argmax(y_pred, axis=-1)).astype(jnp.float32)


def _sparse_accuracy_kernel(labels, predictions):
    if labels.ndim == predictions.ndim:  # labels of shape (n, 1)
        labels = labels[..., 0]
    hits = labels.astype(jnp.int64) == jnp.argmax(predictions, axis=-1)
    return hits.astype(jnp.float32)


class Metric:
    """``keras.metrics.Metric``: subclasses define ``update_state``, ``result`` and ``reset_state``
    and create their state with ``add_variable``."""

    def __init__(self, name: str | None = None, dtype=None):
        self.name = name or naming.snake_case(type(self).__name__)
        self.dtype = dtype or "float32"
        self._variables: list[Variable] = []

    def add_variable(self, shape=(), initializer="zeros", dtype=None, aggregation="sum",
                     name: str | None = None) -> Variable:
        from . import initializers
        with naming.scope(self.name):
            variable = Variable(initializers.get(initializer), shape=tuple(shape), dtype=dtype or self.dtype,
                                trainable=False, name=name, aggregation=aggregation)
        self._variables.append(variable)
        return variable

    add_weight = add_variable

    @property
    def variables(self) -> list[Variable]:
        return list(self._variables)

    def update_state(self, *args, **kwargs) -> None:
        raise NotImplementedError

    def result(self):
        raise NotImplementedError

    def reset_state(self) -> None:
        for variable in self.variables:
            variable.assign(np.zeros(variable.shape, variable.dtype))

    def __call__(self, *args, **kwargs):
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


class Mean(Metric):
    """``keras.metrics.Mean(name='mean')``: the (weighted) mean of every value seen since
    ``reset_state``; calling it updates and returns the result."""

    def __init__(self, name: str = "mean", dtype=None):
        self.name = name
        self.dtype = dtype or "float32"
        with naming.scope(name):
            self.total = Variable(Zeros(), shape=(), dtype="float32", trainable=False, name="total", aggregation="sum")
            self.count = Variable(Zeros(), shape=(), dtype="float32", trainable=False, name="count", aggregation="sum")

    @property
    def variables(self) -> list[Variable]:
        return [self.total, self.count]

    def update_state(self, values, sample_weight=None) -> None:
        values = cast(convert_to_tensor(values), _dt.float32)
        if values.shape.rank and values.shape.rank > 1:
            values = make_op(_samplewise_kernel, [values], op_type="Mean")
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



class MeanMetricWrapper(Mean):
    """``keras.metrics.MeanMetricWrapper(fn, name=None, **kwargs)``: the running mean of
    ``fn(y_true, y_pred, **kwargs)`` per sample."""

    def __init__(self, fn, name: str | None = None, dtype=None, **kwargs):
        super().__init__(name or getattr(fn, "__name__", "mean_metric_wrapper"), dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        super().update_state(self._fn(y_true, y_pred, **self._fn_kwargs), sample_weight)


def accuracy(y_true, y_pred) -> Tensor:
    """``keras.metrics.accuracy``: 1.0 where ``y_true == y_pred``."""
    return make_op(_accuracy_kernel, [convert_to_tensor(y_true), convert_to_tensor(y_pred)], op_type="Equal")


def binary_accuracy(y_true, y_pred, threshold: float = 0.5) -> Tensor:
    """``keras.metrics.binary_accuracy``: 1.0 where ``(y_pred > threshold) == y_true``."""
    y_true, y_pred = convert_to_tensor(y_true), convert_to_tensor(y_pred)
    return make_op(_binary_accuracy_kernel, [y_true, y_pred], {"threshold": float(threshold)}, op_type="Equal")


def categorical_accuracy(y_true, y_pred) -> Tensor:
    """``keras.metrics.categorical_accuracy``: 1.0 where the one-hot target's argmax is the prediction's."""
    return make_op(_categorical_accuracy_kernel, [convert_to_tensor(y_true), convert_to_tensor(y_pred)],
                   op_type="Equal")


def sparse_categorical_accuracy(y_true, y_pred) -> Tensor:
    """``keras.metrics.sparse_categorical_accuracy``: 1.0 where the integer label is the argmax."""
    return make_op(_sparse_accuracy_kernel, [convert_to_tensor(y_true), convert_to_tensor(y_pred)],
                   op_type="Equal")


class Accuracy(MeanMetricWrapper):
    """``keras.metrics.Accuracy()``: how often predictions equal labels."""

    def __init__(self, name: str = "accuracy", dtype=None):
        super().__init__(accuracy, name, dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """``keras.metrics.BinaryAccuracy(threshold=0.5)``."""

    def __init__(self, name: str = "binary_accuracy", dtype=None, threshold: float = 0.5):
        super().__init__(binary_accuracy, name, dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """``keras.metrics.CategoricalAccuracy()``: one-hot targets."""

    def __init__(self, name: str = "categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name, dtype)


class MeanSquaredError(MeanMetricWrapper):
    """``keras.metrics.MeanSquaredError()``."""

    def __init__(self, name: str = "mean_squared_error", dtype=None):
        from .losses import mean_squared_error
        super().__init__(mean_squared_error, name, dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """``keras.metrics.MeanAbsoluteError()``."""

    def __init__(self, name: str = "mean_absolute_error", dtype=None):
        from .losses import mean_absolute_error
        super().__init__(mean_absolute_error, name, dtype)


class SparseCategoricalAccuracy(Mean):
    """``keras.metrics.SparseCategoricalAccuracy()``: how often the integer label is the argmax."""

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype=None):
        super().__init__(name)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        hits = make_op(_sparse_accuracy_kernel, [convert_to_tensor(y_true), convert_to_tensor(y_pred)],
                       op_type="Equal")
        super().update_state(hits, sample_weight)


def _by_name() -> dict:
    from . import losses
    return {"accuracy": Accuracy, "acc": Accuracy, "binary_accuracy": BinaryAccuracy,
            "categorical_accuracy": CategoricalAccuracy, "sparse_categorical_accuracy": SparseCategoricalAccuracy,
            "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError,
            "mae": MeanAbsoluteError, "mean_absolute_error": MeanAbsoluteError,
            "Accuracy": Accuracy, "BinaryAccuracy": BinaryAccuracy, "CategoricalAccuracy": CategoricalAccuracy,
            "SparseCategoricalAccuracy": SparseCategoricalAccuracy, "MeanSquaredError": MeanSquaredError,
            "MeanAbsoluteError": MeanAbsoluteError, "Mean": Mean,
            "binary_crossentropy": losses.binary_crossentropy,
            "categorical_crossentropy": losses.categorical_crossentropy,
            "sparse_categorical_crossentropy": losses.sparse_categorical_crossentropy}


def get(identifier):
    """``keras.metrics.get``: a metric object (or function) from a name, a class or an object."""
    if isinstance(identifier, str):
        obj = _by_name().get(identifier)
        if obj is not None:
            return obj() if isinstance(obj, type) else obj
    elif isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    elif isinstance(identifier, Metric) or callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret metric identifier: {identifier}")


__all__ = ["Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "Mean", "MeanAbsoluteError", "MeanMetricWrapper",
           "MeanSquaredError", "Metric", "SparseCategoricalAccuracy", "accuracy", "binary_accuracy",
           "categorical_accuracy", "get", "sparse_categorical_accuracy"]
