"""``mindspore.train.Model``: ``train``, ``fit``, ``eval`` and ``predict`` over a dataset, with
callbacks and metrics, as MindSpore 2.x runs them on CPU (non-sink mode).

The train network is ``build_train_network(network, optimizer, loss_fn, amp_level, ...)``
(``TrainOneStepCell`` around ``WithLossCell``), the eval network ``WithEvalCell`` (or the
one given). A dataset is anything with ``get_dataset_size()`` and
``create_tuple_iterator(num_epochs=..., do_copy=...)`` (``mindspore.dataset`` pipelines);
each epoch iterates it once. Callback parameters carry MindSpore's keys. Known differences:
``dataset_sink_mode=True`` runs non-sink (as MindSpore does on CPU), ``boost_level``,
parallel modes and ``predict(backend='lite')`` are not supported.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from .. import nn
from ..tensor import Tensor
from . import _validator as V
from .amp import build_train_network
from .callback._callback import CallbackManager, InternalCallbackParam, RunContext
from .metrics import Loss, get_metric_fn, get_metrics

_KWARGS = ["loss_scale_manager", "keep_batchnorm_fp32", "boost_config_dict", "acc_level"]
_INTERNAL_CALLBACKS = {"LossMonitor", "TimeMonitor", "ModelCheckpoint", "History", "EarlyStopping",
                       "LearningRateScheduler", "LambdaCallback", "SummaryCollector", "ReduceLROnPlateau"}


def _as_tuple(element: Any) -> tuple:
    if isinstance(element, Tensor):
        return (element,)
    return tuple(element)


class Model:
    """``Model(network, loss_fn=None, optimizer=None, metrics=None, eval_network=None,
    eval_indexes=None, amp_level='O0', boost_level='O0', **kwargs)`` (kwargs:
    ``loss_scale_manager``, ``keep_batchnorm_fp32``)."""

    def __init__(self, network: nn.Cell, loss_fn: Any = None, optimizer: Any = None, metrics: Any = None,
                 eval_network: Any = None, eval_indexes: list | None = None, amp_level: str = "O0",
                 boost_level: str = "O0", **kwargs: Any) -> None:
        self._network = network
        self._loss_fn = loss_fn
        self._optimizer = optimizer
        for key in kwargs:
            if key not in _KWARGS:
                raise ValueError("The argument in 'kwargs' should be 'loss_scale_manager' or 'keep_batchnorm_fp32' "
                                 f"or 'boost_config_dict' or 'acc_level', but got '{key}'.")
        self._amp_level = amp_level
        self._boost_level = boost_level
        self._keep_bn_fp32 = kwargs.get("keep_batchnorm_fp32")
        self._loss_scale_manager = kwargs.get("loss_scale_manager")
        self._loss_scale_manager_set = "loss_scale_manager" in kwargs
        self._metrics = metrics
        if optimizer is None and amp_level != "O0":
            raise ValueError("Auto mixed precision will not work because 'optimizer' is None.Please set "
                             "amp_level='O0' to disable auto mixed precision or set 'optimizer' not be None to use "
                             "auto mixed precision.")
        self._train_network = self._build_train_network()
        self._build_eval_network(metrics, eval_network, eval_indexes)
        self._predict_network = self._network
        self._current_epoch_num = 0
        self._current_step_num = 0
        self.epoch_iter = 0
        self.batch_num = -1
        self._backbone_is_train = True

    # -- networks ----------------------------------------------------------------------------------
    def _build_train_network(self) -> nn.Cell:
        network = self._network
        if not isinstance(network, nn.Cell):
            raise TypeError(f"The type of 'network' should be 'Cell', but got type '{type(network).__name__}'.")
        if self._loss_scale_manager is not None and self._optimizer is None:
            raise ValueError("The argument 'optimizer' can not be None when set 'loss_scale_manager'.")
        if self._optimizer:
            config = {}
            if self._loss_scale_manager_set:
                config["loss_scale_manager"] = self._loss_scale_manager
            if self._keep_bn_fp32 is not None:
                config["keep_batchnorm_fp32"] = self._keep_bn_fp32
            return build_train_network(network, self._optimizer, self._loss_fn, level=self._amp_level,
                                       boost_level=self._boost_level, **config)
        if self._loss_fn:
            return nn.WithLossCell(network, self._loss_fn)
        return network

    def _build_eval_network(self, metrics: Any, eval_network: Any, eval_indexes: Any) -> None:
        self._metric_fns = get_metrics(metrics)
        self._eval_network = eval_network
        self._eval_indexes = eval_indexes
        if not self._metric_fns:
            return
        if eval_network is not None:
            if eval_indexes is not None and not (isinstance(eval_indexes, list) and len(eval_indexes) == 3):
                raise ValueError("The argument 'eval_indexes' must be a list or None. If 'eval_indexes' is a list, "
                                 f"length of it must be three. But got 'eval_indexes' {eval_indexes}")
            return
        if self._loss_fn is None:
            raise ValueError("If `metrics` is set, `eval_network` must not be None. Do not set `metrics` if you don't "
                             "want an evaluation.\nIf evaluation is required, you need to specify `eval_network`, "
                             "which will be used in the framework to evaluate the model.\nFor the simple scenarios "
                             "with one data, one label and one logits, `eval_network` is optional, and then you can "
                             "set `eval_network` or `loss_fn`. For the latter case, framework will automatically "
                             "build an evaluation network with `network` and `loss_fn`.")
        self._eval_network = nn.WithEvalCell(self._network, self._loss_fn, self._amp_level in ["O2", "O3", "auto"])
        self._eval_indexes = [0, 1, 2]

    @property
    def train_network(self) -> nn.Cell:
        """The network ``train`` runs (loss, gradients and optimizer in one Cell)."""
        return self._train_network

    @property
    def eval_network(self) -> Any:
        """The network ``eval`` runs."""
        return self._eval_network

    @property
    def predict_network(self) -> nn.Cell:
        """The network ``predict`` runs (the backbone)."""
        return self._predict_network

    def _set_mode(self, network: nn.Cell, is_train: bool) -> None:
        if self._backbone_is_train != is_train:
            network.set_train(is_train)
            self._backbone_is_train = is_train
        if not is_train:
            network.set_grad(False)

    # -- metrics -----------------------------------------------------------------------------------
    def _clear_metrics(self) -> None:
        for metric in self._metric_fns.values():
            metric.clear()

    def _update_metrics(self, outputs: Any) -> None:
        if isinstance(outputs, Tensor):
            outputs = (outputs,)
        if not isinstance(outputs, tuple):
            raise ValueError(f"The argument 'outputs' should be tuple, but got {type(outputs)}.")
        if self._eval_indexes is not None and len(outputs) < 3:
            raise ValueError(f"The length of 'outputs' must be >= 3, but got {len(outputs)}")
        for metric in self._metric_fns.values():
            if self._eval_indexes is None:
                metric.update(*outputs)
            elif isinstance(metric, Loss):
                metric.update(outputs[self._eval_indexes[0]])
            else:
                metric.update(outputs[self._eval_indexes[1]], outputs[self._eval_indexes[2]])

    def _get_metrics(self) -> dict:
        return {name: metric.eval() for name, metric in self._metric_fns.items()}

    # -- train / fit -------------------------------------------------------------------------------
    @staticmethod
    def _transform_callbacks(callbacks: Any) -> list:
        if callbacks is None:
            return []
        if isinstance(callbacks, Iterable):
            return list(callbacks)
        return [callbacks]

    @staticmethod
    def _check_custom_callbacks(callbacks: Any, mode: str) -> None:
        old_style = {"begin", "end", "epoch_begin", "epoch_end", "step_begin", "step_end"}
        for cb in callbacks if isinstance(callbacks, list) else [callbacks]:
            name = type(cb).__name__
            if name in _INTERNAL_CALLBACKS:
                continue
            invalid = set(type(cb).__dict__) & old_style
            if invalid and mode == "fit":
                raise ValueError(f"For {name} callback, {invalid} methods may not be supported in later version, Use "
                                 "methods prefixed with 'on_train' or 'on_eval' instead when using customized "
                                 "callbacks.")

    def _check_train_args(self, api: str, epoch: int, train_dataset: Any, dataset_sink_mode: Any, sink_size: Any,
                          initial_epoch: int) -> int:
        V.check_bool(dataset_sink_mode)
        V.check_is_int(sink_size)
        V.check_int(epoch, 0, strict=True)
        V.check_int(initial_epoch, 0, strict=False)
        if initial_epoch >= epoch:
            raise ValueError(f"For '{api}', the parameter 'epoch' must bigger than parameter 'initial_epoch', but "
                             f"got the parameter 'epoch' is {epoch}, 'initial_epoch' is {initial_epoch}.")
        dataset_size = train_dataset.get_dataset_size()
        if dataset_size == 0:
            raise ValueError("There is no valid data in dataset, please check dataset file firstly.")
        if sink_size == -1:
            sink_size = dataset_size
        if sink_size < -1 or sink_size == 0:
            what = "argument" if api == "Model.train" else "parameter"
            raise ValueError(f"For '{api}', The {what} 'sink_size' must be -1 or positive, but got {sink_size}.")
        return sink_size

    def train(self, epoch: int, train_dataset: Any, callbacks: Any = None, dataset_sink_mode: bool = False,
              sink_size: int = -1, initial_epoch: int = 0) -> None:
        """Train for ``epoch`` epochs (from ``initial_epoch``) over ``train_dataset``, calling the
        callbacks at each stage."""
        sink_size = self._check_train_args("Model.train", epoch, train_dataset, dataset_sink_mode, sink_size,
                                           initial_epoch)
        if callbacks:
            self._check_custom_callbacks(callbacks, "train")
        self._train(epoch, train_dataset, callbacks, dataset_sink_mode, sink_size, initial_epoch)

    def fit(self, epoch: int, train_dataset: Any, valid_dataset: Any = None, valid_frequency: Any = 1,
            callbacks: Any = None, dataset_sink_mode: bool = False, valid_dataset_sink_mode: bool = False,
            sink_size: int = -1, initial_epoch: int = 0) -> None:
        """``train``, evaluating on ``valid_dataset`` every ``valid_frequency`` epochs (an int, or
        a list of epoch numbers); the results reach callbacks as ``metrics`` / ``eval_results``."""
        V.check_bool(valid_dataset_sink_mode)
        sink_size = self._check_train_args("Model.fit", epoch, train_dataset, dataset_sink_mode, sink_size,
                                           initial_epoch)
        if not isinstance(valid_frequency, (int, list)):
            raise TypeError("For 'Model.fit', the type of 'valid_frequency' must be a list or an integer, but got "
                            f"type {type(valid_frequency)}.")
        if valid_dataset and not self._metric_fns:
            raise ValueError("For 'Model.fit', if valid_dataset is not None, the model argument 'metrics' can not be"
                             "None or empty, you should set the argument 'metrics' for model.")
        if callbacks:
            self._check_custom_callbacks(callbacks, "fit")
        self._train(epoch, train_dataset, callbacks, dataset_sink_mode, sink_size, initial_epoch,
                    valid_dataset, valid_frequency)

    def _train(self, epoch: int, train_dataset: Any, callbacks: Any, dataset_sink_mode: bool, sink_size: int,
               initial_epoch: int, valid_dataset: Any = None, valid_frequency: Any = 1) -> None:
        cb_params = InternalCallbackParam()
        cb_params.cur_step_num = 0
        cb_params.train_network = self._train_network
        cb_params.epoch_num = epoch - initial_epoch
        cb_params.batch_num = sink_size if dataset_sink_mode and sink_size > 0 else train_dataset.get_dataset_size()
        self.batch_num = cb_params.batch_num
        cb_params.mode = "train"
        cb_params.loss_fn = self._loss_fn
        cb_params.optimizer = self._optimizer
        cb_params.parallel_mode = "stand_alone"
        cb_params.device_number = 1
        cb_params.train_dataset = train_dataset
        cb_params.list_callback = self._transform_callbacks(callbacks)
        cb_params.train_dataset_element = None
        cb_params.network = self._network
        cb_params.last_save_ckpt_step = None
        cb_params.latest_ckpt_file = None
        cb_params.loss_scale_mananger = self._loss_scale_manager  # MindSpore's spelling
        cb_params.initial_step = None
        with CallbackManager(cb_params.list_callback) as list_callback:
            self._train_process(epoch, train_dataset, list_callback, cb_params, initial_epoch,
                                (valid_dataset, valid_frequency))

    def _train_process(self, epoch: int, train_dataset: Any, list_callback: CallbackManager, cb_params: Any,
                       initial_epoch: int, valid_infos: tuple) -> None:
        network = self._train_network
        network.set_train(True)
        self._backbone_is_train = True
        cb_params.dataset_sink_mode = False
        run_context = RunContext(cb_params)
        list_callback.on_train_begin(run_context)
        for i in range(initial_epoch, epoch):
            cb_params.cur_epoch_num = i + 1
            self._current_epoch_num = i + 1
            self._current_step_num = 0
            list_callback.on_train_epoch_begin(run_context)
            for element in _epoch_iterator(train_dataset):
                count = len(element)
                element = _as_tuple(element)
                if self._loss_fn and count != 2:
                    raise ValueError("When 'loss_fn' is not None, 'train_dataset' should return two elements, but got "
                                     f"{count}, please check the number of elements returned by 'train_dataset'")
                cb_params.cur_step_num += 1
                self._current_step_num = int((cb_params.cur_step_num - 1) % cb_params.batch_num + 1)
                cb_params.train_dataset_element = element
                list_callback.on_train_step_begin(run_context)
                self._set_mode(network, True)
                outputs = network(*element)
                cb_params.net_outputs = outputs
                manager = self._loss_scale_manager
                if manager and manager.get_drop_overflow_update():
                    manager.update_loss_scale(bool(outputs[1].asnumpy().all()))
                list_callback.on_train_step_end(run_context)
                if run_context.get_stop_requested():
                    break
            self._eval_during_train(valid_infos, cb_params, list_callback)
            list_callback.on_train_epoch_end(run_context)
            cb_params.pop("metrics", None)
            cb_params.pop("eval_results", None)
            if run_context.get_stop_requested():
                break
        list_callback.on_train_end(run_context)

    @staticmethod
    def _should_eval(epoch: int, frequency: Any) -> bool:
        return epoch in frequency if isinstance(frequency, list) else epoch % frequency == 0

    def _eval_during_train(self, valid_infos: tuple, cb_params: Any, list_callback: CallbackManager) -> None:
        valid_dataset, frequency = valid_infos
        if not valid_dataset or not self._should_eval(cb_params.cur_epoch_num, frequency):
            return
        saved = {key: cb_params[key] for key in ("cur_step_num", "batch_num", "dataset_sink_mode", "net_outputs")}
        callbacks = [cb for cb in list_callback._callbacks
                     if type(cb).__name__ not in _INTERNAL_CALLBACKS or type(cb).__name__ == "TimeMonitor"]
        cb_params.eval_network = self._eval_network
        cb_params.valid_dataset = valid_dataset
        cb_params.batch_num = valid_dataset.get_dataset_size()
        cb_params.mode = "eval"
        cb_params.cur_step_num = 0
        self._clear_metrics()
        with CallbackManager(callbacks) as eval_callbacks:
            self._eval_process(valid_dataset, eval_callbacks, cb_params, add_eval_loss=True)
        cb_params.mode = "train"
        cb_params.update(saved)

    # -- eval / predict ----------------------------------------------------------------------------
    def eval(self, valid_dataset: Any, callbacks: Any = None, dataset_sink_mode: bool = False) -> dict:
        """Evaluate the metrics over ``valid_dataset``; returns ``{name: value}``."""
        V.check_bool(dataset_sink_mode)
        if not self._metric_fns:
            raise ValueError("For Model.eval, the model argument 'metrics' can not be None or empty, you should set "
                             "the argument 'metrics' for model.")
        if callbacks:
            self._check_custom_callbacks(callbacks, "eval")
        cb_params = InternalCallbackParam()
        cb_params.eval_network = self._eval_network
        cb_params.valid_dataset = valid_dataset
        cb_params.batch_num = valid_dataset.get_dataset_size()
        cb_params.mode = "eval"
        cb_params.cur_step_num = 0
        cb_params.list_callback = self._transform_callbacks(callbacks)
        cb_params.network = self._network
        self._clear_metrics()
        with CallbackManager(callbacks) as list_callback:
            return self._eval_process(valid_dataset, list_callback, cb_params)

    def _eval_process(self, valid_dataset: Any, list_callback: CallbackManager, cb_params: Any,
                      add_eval_loss: bool = False) -> dict:
        run_context = RunContext(cb_params)
        cb_params.dataset_sink_mode = False
        list_callback.on_eval_begin(run_context)
        network = self._eval_network
        network.set_train(False)
        self._backbone_is_train = False
        list_callback.on_eval_epoch_begin(run_context)
        eval_loss = get_metric_fn("loss") if add_eval_loss else None
        for element in _epoch_iterator(valid_dataset):
            cb_params.cur_step_num += 1
            element = _as_tuple(element)
            cb_params.eval_dataset_element = element
            list_callback.on_eval_step_begin(run_context)
            self._set_mode(network, False)
            outputs = network(*element)
            cb_params.net_outputs = outputs
            list_callback.on_eval_step_end(run_context)
            self._update_metrics(outputs)
            if eval_loss is not None:
                eval_loss.update(outputs[self._eval_indexes[0]])
            if run_context.get_stop_requested():
                break
        list_callback.on_eval_epoch_end(run_context)
        metrics = self._get_metrics()
        cb_params.metrics = metrics
        if eval_loss is not None:
            cb_params.eval_results = copy.deepcopy(metrics)
            cb_params.eval_results.update({"eval_loss": eval_loss.eval()})
        list_callback.on_eval_end(run_context)
        return metrics

    def predict(self, *predict_data: Any, backend: str | None = None, config: Any = None) -> Any:
        """The backbone's output for ``predict_data`` (evaluation mode)."""
        if backend not in ["lite", None]:
            raise ValueError(f"For Model.predict, `backend` should be 'lite' or None, but got {backend}")
        for item in predict_data:
            if item is None:
                continue
            if isinstance(item, Tensor):
                if item.size == 0:
                    raise ValueError("The input data can not be empty.")
                continue
            if not isinstance(item, (int, float, str)):
                kinds = "Tensor, None, int, float, str"
                raise TypeError(f"The types of input data must be in the Union({kinds}, tuple[{kinds}], "
                                f"list[{kinds}], dict[{kinds}]), but got type {type(item).__name__}.")
        self._set_mode(self._predict_network, False)
        return self._predict_network(*predict_data)


def _epoch_iterator(dataset: Any) -> Iterable:
    """One epoch of ``dataset``'s rows as tuples of Tensors (``create_tuple_iterator``), or the
    items of a plain iterable."""
    if hasattr(dataset, "create_tuple_iterator"):
        return dataset.create_tuple_iterator(num_epochs=1)
    return iter(dataset)


__all__ = ["Model"]
