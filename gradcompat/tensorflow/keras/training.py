"""``Model.compile`` / ``fit`` / ``evaluate`` / ``predict`` / ``train_on_batch`` as Keras 3 runs
them on TensorFlow: a mixin of ``keras.Model``.

``compile`` resolves the optimizer, losses and metrics by name or object (``'accuracy'`` becomes
the binary, sparse or categorical accuracy from the shapes of the first batch, as Keras does).
Each step is ``train_step(data)`` (overridable, the Keras 3 TF-backend idiom: ``GradientTape``,
``compute_loss``, ``optimizer.apply``, ``compute_metrics``) wrapped in ``tf.function`` (one
compiled program per batch shape: forward, backward, optimizer and metric updates), or called
as is with ``run_eagerly=True``. Logs, ``History``, the callbacks and the progress lines follow
Keras 3. ``jit_compile`` and ``steps_per_execution`` are accepted (every step is compiled by XLA).
"""
from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..function import function as tf_function
from ..math_ops import cast
from ..more_math_ops import add_n
from ..nest import flatten, map_structure, pack_sequence_as
from ..tensor import Tensor, convert_to_tensor
from .. import dtypes as _dt
from . import callbacks as callbacks_module
from . import losses as losses_module
from . import metrics as metrics_module
from . import optimizers as optimizers_module
from .callbacks import pythonify_logs
from ..distribute.distribute_lib import get_strategy
from .distributed import distributed_step, strategy_scope
from .trainer_data import EpochIterator, map_data, pack_x_y_sample_weight, to_tensor, train_validation_split, unpack_x_y_sample_weight


def _is_binary_or_sparse_categorical(y_true, y_pred) -> tuple[bool, bool]:
    t, p = list(y_true.shape), list(y_pred.shape)
    is_binary = p[-1] == 1
    is_sparse = len(t) < len(p) or (t[-1] == 1 and p[-1] > 1)
    return is_binary, is_sparse


def _object_name(obj: Any) -> str:
    if hasattr(obj, "name") and isinstance(obj.name, str):
        return obj.name
    return getattr(obj, "__name__", type(obj).__name__.lower())


def get_metric(identifier, y_true, y_pred) -> metrics_module.Metric:
    """Keras's ``compile_utils.get_metric``: ``'accuracy'`` / ``'acc'`` by the shapes, others by name."""
    if identifier is None:
        raise ValueError("Expected metric, received `None`")
    if str(identifier).lower() not in ("accuracy", "acc"):
        metric = metrics_module.get(identifier)
    else:
        is_binary, is_sparse = _is_binary_or_sparse_categorical(y_true, y_pred)
        cls = (metrics_module.BinaryAccuracy if is_binary else metrics_module.SparseCategoricalAccuracy
               if is_sparse else metrics_module.CategoricalAccuracy)
        metric = cls(name=str(identifier))
    name = identifier if isinstance(identifier, str) else _object_name(metric)
    if not isinstance(metric, metrics_module.Metric):
        metric = metrics_module.MeanMetricWrapper(metric)
    metric.name = name
    return metric


def get_loss(identifier, y_true, y_pred):
    """Keras's ``compile_utils.get_loss``: a ``Loss`` (functions are wrapped, named by their identifier)."""
    if identifier is None:
        return None
    if str(identifier).lower() not in ("crossentropy", "ce"):
        loss = losses_module.get(identifier)
    else:
        is_binary, is_sparse = _is_binary_or_sparse_categorical(y_true, y_pred)
        loss = (losses_module.binary_crossentropy if is_binary else losses_module.sparse_categorical_crossentropy
                if is_sparse else losses_module.categorical_crossentropy)
    if not isinstance(loss, losses_module.Loss):
        name = identifier if isinstance(identifier, str) else _object_name(loss)
        loss = losses_module.LossFunctionWrapper(loss, name=name)
    return loss


def _align_targets(y, output_names, count: int) -> list:
    """``y`` as a flat list in output order (a dict keyed by the model's output names is reordered)."""
    if isinstance(y, dict) and output_names and set(y) == set(output_names):
        return [y[name] for name in output_names]
    flat = flatten(y) if y is not None else [None]
    return flat if len(flat) >= count else flat + [flat[0]] * (count - len(flat))


class CompileMetrics(metrics_module.Metric):
    """The metrics given to ``compile`` (and ``weighted_metrics``): built from the first batch's
    shapes; ``result()`` is a dict by metric name. With several outputs, ``metrics`` is a list
    (one entry per output) or a dict keyed by output names, and each result is named
    ``<output name>_<metric name>`` (Keras 3's ``CompileMetrics``)."""

    def __init__(self, metrics, weighted_metrics, output_names=None, name: str = "compile_metrics"):
        self.name, self.dtype, self._variables = name, "float32", []
        self._user_metrics, self._user_weighted = metrics, weighted_metrics
        self._output_names = list(output_names) if output_names else None
        self._per_output: list = []  # per output: None or (output name, [metrics])
        self._per_output_weighted: list = []
        self.built = False

    @property
    def metrics(self) -> list:
        return [m for entry in (*self._per_output, *self._per_output_weighted) if entry for m in entry[1]]

    @property
    def variables(self) -> list:
        return [v for m in self.metrics for v in m.variables]

    def _build_set(self, spec, argument: str, targets: list, outputs: list, y_pred) -> list:
        count = len(outputs)
        if not spec:
            return [None] * count
        if count == 1:
            return [(None, [get_metric(m, targets[0], outputs[0]) for m in flatten(spec)])]
        names = self._output_names
        if isinstance(spec, (list, tuple)) and len(spec) == count:
            per_output = list(spec)
        elif names and isinstance(spec, dict) and set(spec) <= set(names):
            per_output = [spec.get(name) for name in names]
        else:
            structure = map_structure(lambda _: "X", y_pred)
            where = (f"either be a dict or a list matching the output names of the functional model {names} or "
                     if names else "")
            raise ValueError(f"Invalid `{argument}`. `{argument}` should contain metrics objects and {where}match "
                             f"the output structure of the model: {structure}.\nReceived: {argument}={spec}")
        entries = []
        for i, (entry, t, p) in enumerate(zip(per_output, targets, outputs)):
            if entry is None:
                entries.append(None)
                continue
            listed = list(entry) if isinstance(entry, (list, tuple)) else [entry]
            entries.append((names[i] if names else None, [get_metric(m, t, p) for m in listed]))
        return entries

    def build(self, y_true, y_pred) -> None:
        outputs = flatten(y_pred)
        targets = _align_targets(y_true, self._output_names, len(outputs))
        self._per_output = self._build_set(self._user_metrics, "metrics", targets, outputs, y_pred)
        self._per_output_weighted = self._build_set(self._user_weighted, "weighted_metrics", targets, outputs,
                                                    y_pred)
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        if not self.built:
            self.build(y_true, y_pred)
        outputs = flatten(y_pred)
        targets = _align_targets(y_true, self._output_names, len(outputs))
        weights = (_align_targets(sample_weight, self._output_names, len(outputs)) if sample_weight is not None
                   else [None] * len(outputs))
        for entry, t, p in zip(self._per_output, targets, outputs):
            for metric in (entry[1] if entry else []):
                metric.update_state(t, p)
        for entry, t, p, w in zip(self._per_output_weighted, targets, outputs, weights):
            for metric in (entry[1] if entry else []):
                metric.update_state(t, p, sample_weight=w)

    def result(self) -> dict:
        """Results by name: ``<output>_<metric>``; a repeated name gets ``_1``, ``_2`` (a repeated
        weighted one ``weighted_<metric>``), as Keras."""
        results: dict = {}
        counters: dict = {}
        for weighted, entries in ((False, self._per_output), (True, self._per_output_weighted)):
            for entry in entries:
                if not entry:
                    continue
                prefix = f"{entry[0]}_" if entry[0] else ""
                for metric in entry[1]:
                    name = prefix + metric.name
                    if name not in counters:
                        counters[name] = 1
                    elif not weighted:
                        counters[name] += 1
                        name = f"{name}_{counters[name] - 1}"
                    else:
                        name = f"{prefix}weighted_{metric.name}"
                        if name not in counters:
                            counters[name] = 1
                        else:
                            counters[name] += 1
                            name = f"{name}_{counters[name] - 1}"
                    results[name] = metric.result()
        return results

    def reset_state(self) -> None:
        for metric in self.metrics:
            metric.reset_state()


class CompileLoss:
    """The loss(es) given to ``compile``, with ``loss_weights``: one per output (a list, a dict
    keyed by output names, or one loss used for every output; ``None`` skips an output), summed
    weighted. With more than one loss, each output's unweighted loss is tracked by a ``Mean``
    named ``<output name>_loss`` (Keras 3's ``CompileLoss``)."""

    def __init__(self, loss, loss_weights=None, output_names=None):
        if loss_weights is not None and not isinstance(loss_weights, (list, tuple, dict, float, int)):
            raise TypeError(f"Expected `loss_weights` argument to be a float (single output case) or a list / dict "
                            f"(multiple output case). Received instead: loss_weights={loss_weights} of type "
                            f"{type(loss_weights)}")
        self._user_loss, self._user_weights = loss, loss_weights
        self._output_names = list(output_names) if output_names else None
        self.losses: list = []
        self.weights: list = []
        self.built = False
        self.metrics: list = []

    def build(self, y_true, y_pred) -> None:
        outputs = flatten(y_pred)
        targets = _align_targets(y_true, self._output_names, len(outputs))
        spec, weights, names = self._user_loss, self._user_weights, self._output_names
        if isinstance(spec, dict):
            if names:
                if set(names) != set(spec):
                    raise ValueError(f"Expected keys {names} in loss dict, but found loss.keys()={list(spec.keys())}")
                spec = [spec[name] for name in names]
                if isinstance(weights, dict):
                    weights = [weights[name] for name in names]
            else:
                spec = list(spec.values())
        specs = list(spec) if isinstance(spec, (list, tuple)) else [spec] * len(outputs)
        if len(specs) != len(outputs):
            raise ValueError(f"For a model with multiple outputs, when providing the `loss` argument as a list, it "
                             f"should have as many entries as the model has outputs. Received:\nloss={self._user_loss}"
                             f"\nof length {len(specs)} whereas the model has {len(outputs)} outputs.")
        self.losses = [get_loss(s, t, p) for s, t, p in zip(specs, targets, outputs)]
        if weights is None:
            self.weights = [1.0] * len(outputs)
        elif isinstance(weights, (int, float)):
            self.weights = [float(weights)] * len(outputs)
        else:
            weights = list(weights.values()) if isinstance(weights, dict) else list(weights)
            if len(weights) != len(outputs):
                raise ValueError(f"`loss_weights` must match the number of losses, got {len(outputs)} losses and "
                                 f"{len(weights)} weights.")
            self.weights = [float(w) for w in weights]
        active = [i for i, loss in enumerate(self.losses) if loss is not None]
        if len(active) > 1:
            self.metrics = [metrics_module.Mean(name=f"{names[i] if names else self.losses[i].name}_loss")
                            for i in active]
        self.built = True

    def __call__(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        outputs = flatten(y_pred)
        targets = _align_targets(y_true, self._output_names, len(outputs))
        totals = []
        weights = flatten(sample_weight) if sample_weight is not None else [None]
        trackers = iter(self.metrics)
        for i, (loss, weight, t, p) in enumerate(zip(self.losses, self.weights, targets, outputs)):
            if loss is None:
                continue
            value = loss(t, p, sample_weight=weights[i] if i < len(weights) else weights[0])
            tracker = next(trackers, None)
            if tracker is not None:  # the unweighted loss of this output
                tracker.update_state(losses_module.unscale_loss_for_distribution(value), sample_weight=_batch_size(p))
            totals.append(value * weight if weight != 1.0 else value)
        if not totals:
            return None
        return totals[0] if len(totals) == 1 else add_n(totals)


class Trainer:
    """The training half of ``keras.Model`` (Keras 3's ``Trainer`` on the TensorFlow backend)."""

    compiled = False
    optimizer = None
    _compile_loss = None
    _compile_metrics = None
    _loss_tracker = None
    stop_training = False
    stop_evaluating = False
    stop_predicting = False
    history = None
    train_function = None
    test_function = None
    predict_function = None
    _run_eagerly = False
    loss = None
    _jit_compile = None

    # -- compile ------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None, weighted_metrics=None,
                run_eagerly: bool = False, steps_per_execution: int = 1, jit_compile="auto",
                auto_scale_loss: bool = True) -> None:
        """``Model.compile``: optimizer, loss(es), ``loss_weights``, metrics by name or object."""
        self.optimizer = optimizers_module.get(optimizer)
        if loss is not None:  # as Keras: compiling again without a loss / metrics keeps the previous ones
            self._compile_loss = CompileLoss(loss, loss_weights, getattr(self, "output_names", None))
            self.loss = loss
        if metrics is not None or weighted_metrics is not None:
            self._compile_metrics = CompileMetrics(metrics, weighted_metrics, getattr(self, "output_names", None))
        if jit_compile and jit_compile != "auto" and run_eagerly:
            warnings.warn("If `run_eagerly` is True, then `jit_compile` cannot also be True. Disabling "
                          "`jit_compile`.", stacklevel=2)
            jit_compile = False
        self._jit_compile = False if run_eagerly else (jit_compile if jit_compile != "auto" else True)
        self._run_eagerly = run_eagerly
        self.stop_training = False
        self.compiled = True
        self._loss_tracker = metrics_module.Mean(name="loss")
        self.steps_per_execution = steps_per_execution
        self.train_function = self.test_function = self.predict_function = None
        self._compile_config = {"optimizer": optimizer, "loss": loss, "loss_weights": loss_weights,
                                "metrics": metrics, "weighted_metrics": weighted_metrics, "run_eagerly": run_eagerly,
                                "steps_per_execution": steps_per_execution, "jit_compile": self._jit_compile}

    @property
    def distribute_strategy(self):
        """The strategy whose scope the model was made in, else the current one (Keras 3 on TF)."""
        return getattr(self, "_distribute_strategy", None) or get_strategy()

    @property
    def run_eagerly(self) -> bool:
        return self._run_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value: bool) -> None:
        self._run_eagerly = value
        self.train_function = self.test_function = self.predict_function = None

    @property
    def jit_compile(self) -> bool:
        return bool(self._jit_compile)

    @jit_compile.setter
    def jit_compile(self, value) -> None:
        self._jit_compile = value

    def get_compile_config(self) -> dict | None:
        return getattr(self, "_compile_config", None) if self.compiled else None

    def compile_from_config(self, config: dict) -> None:
        config = dict(config)
        optimizer = config.get("optimizer")
        if isinstance(optimizer, dict):
            config["optimizer"] = optimizers_module.get(optimizer)
        loss = config.get("loss")
        if isinstance(loss, dict) and "class_name" in loss:
            config["loss"] = losses_module.get(loss)
        self.compile(**{k: v for k, v in config.items() if k in (
            "optimizer", "loss", "loss_weights", "metrics", "weighted_metrics", "run_eagerly",
            "steps_per_execution", "jit_compile")})

    def save(self, filepath, overwrite: bool = True, zipped=None, **kwargs) -> None:
        """``Model.save("x.keras")``: Keras 3's ``.keras`` file (see ``saving.save_model``)."""
        from .saving import save_model
        save_model(self, filepath, overwrite=overwrite, **kwargs)

    def export(self, filepath, format: str = "tf_saved_model", verbose=None, input_signature=None,  # noqa: A002
               **kwargs) -> None:
        """``Model.export(filepath)``: a SavedModel with the ``serve`` endpoint (see ``keras.export``)."""
        from .export import export
        export(self, filepath, format=format, verbose=verbose, input_signature=input_signature, **kwargs)

    def _default_save_signature(self):
        """The ``serving_default`` that ``tf.saved_model.save(model)`` gives a Keras model."""
        from .export import default_save_signature
        return default_save_signature(self)

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested: bool = False,
                show_trainable: bool = False, layer_range=None) -> None:
        """``Model.summary()``: Keras 3's table of layers, output shapes and parameter counts."""
        from .summary import print_summary
        print_summary(self, line_length, positions, print_fn, expand_nested, show_trainable, layer_range)

    # -- metrics ------------------------------------------------------------------------
    @property
    def metrics(self) -> list:
        """The loss tracker, the compiled metrics, then metrics held in attributes (Keras's order)."""
        out = []
        if self.compiled:
            if self._loss_tracker is not None:
                out.append(self._loss_tracker)
            if self._compile_metrics is not None:
                out.append(self._compile_metrics)
            if self._compile_loss is not None:  # per-output loss trackers (several losses)
                out.extend(self._compile_loss.metrics)
        for name, value in vars(self).items():
            if isinstance(value, metrics_module.Metric) and name not in ("_loss_tracker", "_compile_metrics") \
                    and not any(value is m for m in out):
                out.append(value)
        return out

    @property
    def metrics_names(self) -> list[str]:
        return [m.name for m in self.metrics]

    def reset_metrics(self) -> None:
        for metric in self.metrics:
            metric.reset_state()

    def get_metrics_result(self) -> dict:
        """Every metric's result by name (the compiled metrics' dict merged in)."""
        out = {}
        for metric in self.metrics:
            result = metric.result()
            if isinstance(result, dict):
                out.update(result)
            else:
                out[metric.name] = result
        return out

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training: bool = True):
        """The compiled loss of ``(y, y_pred)`` plus the model's added losses."""
        losses = []
        if self._compile_loss is not None:
            value = self._compile_loss(y, y_pred, sample_weight)
            if value is not None:
                losses.append(value)
        for extra in getattr(self, "losses", None) or []:
            extra = convert_to_tensor(extra)
            if not extra.dtype.is_floating:
                extra = cast(extra, _dt.float32)
            from ..reduction_ops import reduce_sum
            losses.append(reduce_sum(extra))
        if not losses:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`.")
        return losses[0] if len(losses) == 1 else add_n(losses)

    def compute_metrics(self, x, y, y_pred, sample_weight=None) -> dict:
        """Update the compiled metrics and return every metric's result."""
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    # -- steps --------------------------------------------------------------------------
    def train_step(self, data) -> dict:
        """One optimizer step on a batch, Keras 3's TensorFlow ``train_step``."""
        from ..tape import GradientTape
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=True)
        self._loss_tracker.update_state(losses_module.unscale_loss_for_distribution(loss),
                                        sample_weight=_batch_size(x))
        if self.trainable_weights:
            variables = self.trainable_weights
            self.optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        else:
            warnings.warn("The model does not have any trainable weights.", stacklevel=2)
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def test_step(self, data) -> dict:
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x=x, y=y, y_pred=y_pred, sample_weight=sample_weight, training=False)
        self._loss_tracker.update_state(losses_module.unscale_loss_for_distribution(loss),
                                        sample_weight=_batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def predict_step(self, data):
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _wrap(self, step):
        return step if self.run_eagerly else tf_function(step)

    def make_train_function(self, force: bool = False):
        if self.train_function is None or force:
            self.train_function = self._wrap(distributed_step(self, self.train_step))
        return self.train_function

    def make_test_function(self, force: bool = False):
        if self.test_function is None or force:
            self.test_function = self._wrap(distributed_step(self, self.test_step, training=False))
        return self.test_function

    def make_predict_function(self, force: bool = False):
        if self.predict_function is None or force:
            self.predict_function = self._wrap(lambda data: self.predict_step(data))
        return self.predict_function

    def _assert_compile_called(self, method_name: str | None = None) -> None:
        if not self.compiled:
            raise ValueError("You must call `compile()` before using the model.")

    def _prepare(self, batch: tuple, training: bool) -> None:
        """Build what a traced step must not create: the model, the compiled loss and metrics
        (they need the first batch's shapes) and the optimizer's slots."""
        with strategy_scope(self):
            self._prepare_in_scope(batch, training)

    def _prepare_in_scope(self, batch: tuple, training: bool) -> None:
        x, y, _ = unpack_x_y_sample_weight(batch)
        needs_outputs = (not self.built or (self._compile_loss is not None and not self._compile_loss.built)
                         or (self._compile_metrics is not None and not self._compile_metrics.built))
        if needs_outputs:
            carried = [(v, v.numpy()) for v in _rnn_state_variables(self)]
            y_pred = self(x, training=False)
            for variable, value in carried:  # building must not advance a stateful RNN
                variable.assign(value)
            if y is not None:
                if self._compile_loss is not None and not self._compile_loss.built:
                    self._compile_loss.build(y, y_pred)
                if self._compile_metrics is not None and not self._compile_metrics.built:
                    self._compile_metrics.build(y, y_pred)
        if training and self.optimizer is not None and not self.optimizer.built and self.trainable_weights:
            self.optimizer.build(self.trainable_weights)

    def _get_metrics_result_or_logs(self, logs) -> dict:
        results = self.get_metrics_result()
        if isinstance(logs, dict) and set(logs) == set(results):  # nested dicts not flattened, as Keras
            return results
        return logs

    def _flatten_metrics_in_order(self, logs: dict):
        names = []
        for metric in self.metrics:
            if isinstance(metric, CompileMetrics):
                names += [m.name for m in metric.metrics]
            else:
                names.append(metric.name)
        results = [logs[name] for name in names if name in logs]
        results += [logs[key] for key in sorted(logs) if key not in names]
        return results[0] if len(results) == 1 else results

    # -- fit / evaluate / predict -------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs: int = 1, verbose="auto", callbacks=None,
            validation_split: float = 0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch: int = 0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq: int = 1):
        """``Model.fit``: returns the ``History``."""
        self._assert_compile_called("fit")
        if validation_split and validation_data is None:
            (x, y, sample_weight), validation_data = train_validation_split((x, y, sample_weight), validation_split)
        if validation_data is not None:
            val_x, val_y, val_sample_weight = unpack_x_y_sample_weight(validation_data)
        iterator = EpochIterator(x, y, sample_weight, batch_size=batch_size, steps_per_epoch=steps_per_epoch,
                                 shuffle=shuffle, class_weight=class_weight)
        if not isinstance(callbacks, callbacks_module.CallbackList):
            callbacks = callbacks_module.CallbackList(callbacks, add_history=True, add_progbar=verbose != 0,
                                                      verbose=verbose, epochs=epochs, steps=iterator.num_batches,
                                                      model=self)
        self.stop_training = False
        train_function = self.make_train_function()
        callbacks.on_train_begin()
        training_logs = None
        logs: Any = {}
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callbacks.on_epoch_begin(epoch)
            for step, batch in iterator.epoch():
                self._prepare(batch, training=True)
                callbacks.on_train_batch_begin(step)
                logs = train_function(batch)
                callbacks.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            epoch_logs = dict(self._get_metrics_result_or_logs(logs))
            if validation_data is not None and _should_eval(epoch, validation_freq):
                val_logs = self.evaluate(val_x, val_y, sample_weight=val_sample_weight,
                                         batch_size=validation_batch_size or batch_size, steps=validation_steps,
                                         callbacks=callbacks, return_dict=True, verbose=0)
                epoch_logs.update({f"val_{name}": value for name, value in val_logs.items()})
            callbacks.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if self.stop_training:
                break
        callbacks.on_train_end(logs=training_logs)
        return self.history

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, return_dict: bool = False, **kwargs):
        """``Model.evaluate``: the loss then the metrics (a list, or a dict with ``return_dict``)."""
        self._assert_compile_called("evaluate")
        iterator = EpochIterator(x, y, sample_weight, batch_size=batch_size, steps_per_epoch=steps, shuffle=False)
        if not isinstance(callbacks, callbacks_module.CallbackList):
            callbacks = callbacks_module.CallbackList(callbacks, add_progbar=verbose != 0, verbose=verbose,
                                                      epochs=1, steps=iterator.num_batches, model=self)
        test_function = self.make_test_function()
        self.stop_evaluating = False
        callbacks.on_test_begin()
        logs: Any = {}
        self.reset_metrics()
        for step, batch in iterator.epoch():
            self._prepare(batch, training=False)
            callbacks.on_test_batch_begin(step)
            logs = test_function(batch)
            callbacks.on_test_batch_end(step, logs)
            if self.stop_evaluating:
                break
        logs = pythonify_logs(self._get_metrics_result_or_logs(logs))
        callbacks.on_test_end(logs)
        if return_dict:
            return logs
        return self._flatten_metrics_in_order(logs)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """``Model.predict``: the outputs of every batch, concatenated, as numpy arrays."""
        iterator = EpochIterator(x, batch_size=batch_size, steps_per_epoch=steps, shuffle=False)
        if not isinstance(callbacks, callbacks_module.CallbackList):
            callbacks = callbacks_module.CallbackList(callbacks, add_progbar=verbose != 0, verbose=verbose,
                                                      epochs=1, steps=iterator.num_batches, model=self)
        predict_function = self.make_predict_function()
        self.stop_predicting = False
        callbacks.on_predict_begin()
        outputs = None
        for step, batch in iterator.epoch():
            if not self.built:
                self._prepare(batch, training=False)
            callbacks.on_predict_batch_begin(step)
            batch_outputs = map_structure(lambda t: np.asarray(t.numpy()), predict_function(batch))
            outputs = ([batch_outputs] if outputs is None else outputs + [batch_outputs])
            callbacks.on_predict_batch_end(step, {"outputs": batch_outputs})
            if self.stop_predicting:
                break
        if outputs is None:
            raise ValueError("Unexpected result of `predict_function` (Empty batch_outputs). Please use "
                             "`Model.compile(..., run_eagerly=True)`, or `tf.config.run_functions_eagerly(True)` "
                             "for more information of where went wrong, or file a issue/bug to `tf.keras`.")
        callbacks.on_predict_end()
        leaves = [flatten(o) for o in outputs]
        return pack_sequence_as(outputs[0], [np.concatenate(parts, axis=0) for parts in zip(*leaves)])

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict: bool = False):
        """``Model.train_on_batch``: one step (metrics reset first, as Keras 3 does)."""
        self._assert_compile_called("train_on_batch")
        if class_weight is not None:
            if sample_weight is not None:
                raise ValueError(f"Arguments `sample_weight` and `class_weight` cannot be specified at the same "
                                 f"time. Received: sample_weight={sample_weight}, class_weight={class_weight}")
            from .trainer_data import _class_weights
            sample_weight = _class_weights(y, class_weight)
        batch = pack_x_y_sample_weight(*map_data(to_tensor, (x, y, sample_weight)))
        self._prepare(batch, training=True)
        self.reset_metrics()
        logs = pythonify_logs(self.make_train_function()(batch))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict: bool = False):
        """``Model.test_on_batch``: the loss and metrics of one batch."""
        self._assert_compile_called("test_on_batch")
        batch = pack_x_y_sample_weight(*map_data(to_tensor, (x, y, sample_weight)))
        self._prepare(batch, training=False)
        self.reset_metrics()
        logs = pythonify_logs(self.make_test_function()(batch))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    def predict_on_batch(self, x):
        """``Model.predict_on_batch``: numpy outputs of one batch."""
        batch = map_data(to_tensor, x)
        outputs = self.make_predict_function()(batch)
        return map_structure(lambda t: np.asarray(t.numpy()), outputs)


def _rnn_state_variables(layer, seen=None) -> list:
    """The carried-state variables of the ``stateful=True`` RNNs inside ``layer``."""
    seen = set() if seen is None else seen
    if id(layer) in seen:
        return []
    seen.add(id(layer))
    found = list(getattr(layer, "states", None) or []) if getattr(layer, "stateful", False) else []
    for sub in layer._sublayers() if hasattr(layer, "_sublayers") else []:
        found += _rnn_state_variables(sub, seen)
    return found


def _batch_size(x) -> int:
    first = next(t for t in flatten(x) if t is not None)
    size = first.shape[0]
    return int(size) if size is not None else 1


def _should_eval(epoch: int, validation_freq) -> bool:
    epoch += 1
    if isinstance(validation_freq, int):
        return epoch % validation_freq == 0
    if isinstance(validation_freq, list):
        return epoch in validation_freq
    raise ValueError(f"Expected `validation_freq` to be a list or int. Received: validation_freq={validation_freq} "
                     f"of the type {type(validation_freq)}.")


__all__ = ["CompileLoss", "CompileMetrics", "Trainer", "get_loss", "get_metric"]
