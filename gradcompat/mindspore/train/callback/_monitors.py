"""``LossMonitor``, ``TimeMonitor``, ``History``, ``LambdaCallback``, ``LearningRateScheduler``
and ``EarlyStopping``: MindSpore's bookkeeping callbacks, printing what MindSpore prints."""
from __future__ import annotations

import math
import time
from typing import Any, Callable

import numpy as np

from ... import dtype as mstype
from ...parameter import Parameter
from ...serialization import load_param_into_net
from ...tensor import Tensor
from .. import _validator as V
from ._callback import Callback, RunContext, _handle_loss


class LossMonitor(Callback):
    """``LossMonitor(per_print_times=1)``: prints ``epoch: E step: S, loss is L`` every
    ``per_print_times`` steps (0: never) and stops on a NaN / Inf loss with MindSpore's
    ValueError; in ``Model.fit`` prints the evaluation metrics at each epoch's end."""

    def __init__(self, per_print_times: int = 1) -> None:
        super().__init__()
        V.check_int(per_print_times, 0, strict=False)
        self._per_print_times = per_print_times
        self._last_print_time = 0

    def step_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        epoch = cb_params.get("cur_epoch_num", 1)
        loss = _handle_loss(cb_params.net_outputs)
        step_in_epoch = (cb_params.cur_step_num - 1) % cb_params.batch_num + 1
        if isinstance(loss, float) and (np.isnan(loss) or np.isinf(loss)):
            raise ValueError(f"In epoch: {epoch} step: {step_in_epoch}, loss is NAN or INF, training process cannot "
                             "continue, terminating training.")
        every = self._per_print_times
        if every != 0 and cb_params.cur_step_num <= self._last_print_time:
            while cb_params.cur_step_num <= self._last_print_time:  # the step count went back (a restart)
                self._last_print_time -= max(every, cb_params.batch_num if cb_params.dataset_sink_mode else 1)
        if every != 0 and cb_params.cur_step_num - self._last_print_time >= every:
            self._last_print_time = cb_params.cur_step_num
            print("epoch: %s step: %s, loss is %s" % (epoch, step_in_epoch, loss), flush=True)

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        metrics = cb_params.get("metrics")
        if metrics:
            print("Eval result: epoch %d, metrics: %s" % (cb_params.cur_epoch_num, metrics))


class TimeMonitor(Callback):
    """``TimeMonitor(data_size=None, data_time=False)``: prints ``Train epoch time: T ms, per
    step time: S ms`` at each epoch's end (``Eval ...`` in evaluation)."""

    def __init__(self, data_size: int | None = None, data_time: bool = False) -> None:
        super().__init__()
        self.data_size = data_size
        self.epoch_time = time.time()
        self.data_time = data_time
        self.data_time_sum = 0.0
        self.data_time_start = 0.0
        V.check_bool(data_time, "data_time")

    def on_train_step_begin(self, run_context: RunContext) -> None:
        if self.data_time:
            self.data_time_sum += time.time() - self.data_time_start

    def on_train_step_end(self, run_context: RunContext) -> None:
        if self.data_time:
            self.data_time_start = time.time()

    def epoch_begin(self, run_context: RunContext) -> None:
        self.epoch_time = time.time()
        if self.data_time:
            self.data_time_sum = 0.0
            self.data_time_start = time.time()

    def epoch_end(self, run_context: RunContext) -> None:
        epoch_ms = (time.time() - self.epoch_time) * 1000
        cb_params = run_context.original_args()
        steps = self.data_size
        batch_num = cb_params.get("batch_num")
        if isinstance(batch_num, int) and batch_num > 0:
            steps = batch_num
        V.check_int(steps, 0, strict=True)
        line = "{} epoch time: {:5.3f} ms, per step time: {:5.3f} ms".format(
            cb_params.get("mode", "").title(), epoch_ms, epoch_ms / steps)
        if self.data_time:
            line += " (data time: {:5.3f} ms)".format(self.data_time_sum * 1000 / steps)
        print(line, flush=True)


class History(Callback):
    """``History()``: ``history`` maps ``'net_output'`` (the mean loss of each epoch's last
    step) and each evaluation metric (in ``Model.fit``) to its per-epoch values; ``epoch``
    holds the epoch numbers."""

    def __init__(self) -> None:
        super().__init__()
        self.history: dict[str, list] = {}
        self.epoch: dict[str, list] | None = None

    def begin(self, run_context: RunContext) -> None:
        self.epoch = {"epoch": []}

    def epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        self.epoch["epoch"].append(cb_params.get("cur_epoch_num", 1))
        output = cb_params.net_outputs
        if isinstance(output, (tuple, list)) and output and isinstance(output[0], Tensor):
            output = output[0]
        if isinstance(output, Tensor):
            output = np.mean(output.asnumpy())
        record = {"net_output": output}
        record.update(cb_params.get("metrics") or {})
        for key, value in record.items():
            self.history.setdefault(key, []).append(value)


_NEW_STYLE = [f"on_{phase}_{stage}" for phase in ("train", "eval")
              for stage in ("epoch_begin", "epoch_end", "step_begin", "step_end", "begin", "end")]


class LambdaCallback(Callback):
    """``LambdaCallback(on_train_epoch_begin=None, ...)``: a callback from functions of the run context."""

    def __init__(self, **stages: Callable | None) -> None:
        super().__init__()
        for name in stages:
            if name not in _NEW_STYLE:
                raise TypeError(f"LambdaCallback.__init__() got an unexpected keyword argument '{name}'")
        for name in _NEW_STYLE:
            setattr(self, name, stages.get(name) or (lambda run_context: None))


class LearningRateScheduler(Callback):
    """``LearningRateScheduler(learning_rate_function)``: after each step, sets the optimizer's
    learning rate to ``learning_rate_function(lr, cur_step_num)``."""

    def __init__(self, learning_rate_function: Callable[[float, int], float]) -> None:
        super().__init__()
        self.learning_rate_function = learning_rate_function

    def step_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        rate = cb_params.optimizer.learning_rate
        lr = float(np.array2string(rate.asnumpy()))
        new_lr = self.learning_rate_function(lr, cb_params.cur_step_num)
        if not math.isclose(lr, new_lr, rel_tol=1e-10):
            rate.set_data(Tensor(new_lr, mstype.float32))


_SMALLER_IS_BETTER = ["hausdorff_distance", "mae", "mse", "loss", "perplexity", "mean_surface_distance",
                      "root_mean_square_distance", "eval_loss"]


class EarlyStopping(Callback):
    """``EarlyStopping(monitor='eval_loss', min_delta=0, patience=0, verbose=False, mode='auto',
    baseline=None, restore_best_weights=False)``: stops ``Model.fit`` when the monitored value
    (``'loss'``, or an evaluation result) stops improving."""

    def __init__(self, monitor: str = "eval_loss", min_delta: float = 0, patience: int = 0, verbose: bool = False,
                 mode: str = "auto", baseline: float | None = None, restore_best_weights: bool = False) -> None:
        super().__init__()
        if not isinstance(monitor, str):
            raise TypeError(f"The 'monitor' must be str, but got {type(monitor).__name__}.")
        self.monitor = monitor
        self.min_delta = abs(min_delta)
        self.patience = V.check_int(patience, 0, strict=False)
        self.verbose = V.check_bool(verbose)
        self.mode = mode
        self.baseline = min_delta if baseline else None  # MindSpore stores min_delta here
        self.restore_best_weights = V.check_bool(restore_best_weights)
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights_param_dict = None
        if self.mode not in ["auto", "min", "max"]:
            raise ValueError("mode should be 'auto', 'min' or 'max', but got %s." % self.mode)
        self._minimize = self.mode == "min" or (self.mode == "auto" and self.monitor in _SMALLER_IS_BETTER)
        self.best = np.inf if self._minimize else -np.inf

    def is_improvement(self, current: Any, best: Any) -> Any:
        if self._minimize:
            return np.less(current, best - self.min_delta)
        return np.greater(current, best + self.min_delta)

    def on_train_begin(self, run_context: RunContext) -> None:
        self.wait = 0
        self.stopped_epoch = 0
        self.best = np.inf if self._minimize else -np.inf
        self.best_weights_param_dict = None

    def on_train_epoch_end(self, run_context: RunContext) -> None:
        cb_params = run_context.original_args()
        current = self._monitor_value(cb_params)
        if current is None:
            return
        network = cb_params.train_network
        if self.restore_best_weights and self.best_weights_param_dict is None:
            self.best_weights_param_dict = _snapshot(network)
        self.wait += 1
        if self.is_improvement(current, self.best):
            self.best = current
            if self.restore_best_weights:
                self.best_weights_param_dict = _snapshot(network)
            if self.baseline is None or self.is_improvement(current, self.baseline):
                self.wait = 0
        if self.wait >= self.patience:
            self.stopped_epoch = cb_params.get("cur_epoch_num")
            run_context.request_stop()
            if self.restore_best_weights and self.best_weights_param_dict is not None:
                if self.verbose:
                    print("Restoring model weights from the end of the best epoch.")
                load_param_into_net(network, self.best_weights_param_dict)

    def on_train_end(self, run_context: RunContext) -> None:
        if self.stopped_epoch > 0 and self.verbose:
            print("Epoch %05d: early stopping" % self.stopped_epoch)

    def _monitor_value(self, cb_params: dict) -> Any:
        if self.monitor == "loss":
            value = _handle_loss(cb_params.get("net_outputs"))
            if isinstance(value, Tensor):
                value = value.asnumpy()
        else:
            value = cb_params.get("eval_results", {}).get(self.monitor)
        if isinstance(value, np.ndarray) and value.shape != ():
            raise ValueError("EarlyStopping only supports scalar monitor now.")
        return np.array(value) if value else None


def _snapshot(network: Any) -> dict:
    """A copy of every parameter's value, by name (what ``load_param_into_net`` restores)."""
    return {p.name: Parameter(Tensor(p.asnumpy().copy()), name=p.name) for p in network.get_parameters()}
