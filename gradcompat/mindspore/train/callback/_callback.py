"""``Callback``, ``RunContext`` and the manager that calls a list of callbacks, as in MindSpore 2.x.

Each stage has a new-style method (``on_train_step_end``, ``on_eval_begin``, ...) whose
default calls the old-style one (``step_end``, ``begin``, ...), so subclasses may override
either. ``RunContext.original_args()`` is the model's callback parameters: a dict whose
keys also read as attributes (``cb_params.cur_step_num``).
"""
from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import numpy as np

from ...tensor import Tensor

_STAGES = ("begin", "epoch_begin", "epoch_end", "step_begin", "step_end", "end")


class Callback:
    """Base class of training / evaluation callbacks; also a context manager that ``Model``
    enters for the duration of a run."""

    def __enter__(self) -> "Callback":
        return self

    def __exit__(self, *err: Any) -> None:
        return None

    # old-style stages (shared by train and eval)
    def begin(self, run_context: "RunContext") -> None:
        """Called once before the network runs."""

    def epoch_begin(self, run_context: "RunContext") -> None:
        """Called before each epoch."""

    def epoch_end(self, run_context: "RunContext") -> None:
        """Called after each epoch."""

    def step_begin(self, run_context: "RunContext") -> None:
        """Called before each step."""

    def step_end(self, run_context: "RunContext") -> None:
        """Called after each step."""

    def end(self, run_context: "RunContext") -> None:
        """Called once after the network ran."""

    # new-style stages: default to the old-style ones
    def on_train_begin(self, run_context: "RunContext") -> None:
        self.begin(run_context)

    def on_train_epoch_begin(self, run_context: "RunContext") -> None:
        self.epoch_begin(run_context)

    def on_train_epoch_end(self, run_context: "RunContext") -> None:
        self.epoch_end(run_context)

    def on_train_step_begin(self, run_context: "RunContext") -> None:
        self.step_begin(run_context)

    def on_train_step_end(self, run_context: "RunContext") -> None:
        self.step_end(run_context)

    def on_train_end(self, run_context: "RunContext") -> None:
        self.end(run_context)

    def on_eval_begin(self, run_context: "RunContext") -> None:
        self.begin(run_context)

    def on_eval_epoch_begin(self, run_context: "RunContext") -> None:
        self.epoch_begin(run_context)

    def on_eval_epoch_end(self, run_context: "RunContext") -> None:
        self.epoch_end(run_context)

    def on_eval_step_begin(self, run_context: "RunContext") -> None:
        self.step_begin(run_context)

    def on_eval_step_end(self, run_context: "RunContext") -> None:
        self.step_end(run_context)

    def on_eval_end(self, run_context: "RunContext") -> None:
        self.end(run_context)


def _broadcast(stage: str):
    def call(self: "CallbackManager", run_context: "RunContext") -> None:
        for callback in self._callbacks:
            getattr(callback, stage)(run_context)
    call.__name__ = stage
    return call


class CallbackManager(Callback):
    """Calls each of a list of callbacks at every stage, in order; entering it enters them all."""

    def __init__(self, callbacks: Any) -> None:
        self._callbacks: list[Callback] = []
        self._stack: ExitStack | None = None
        if isinstance(callbacks, Callback):
            self._callbacks.append(callbacks)
        elif isinstance(callbacks, list):
            for callback in callbacks:
                if not isinstance(callback, Callback):
                    raise TypeError("When the 'callbacks' is a list, the elements in 'callbacks' must be Callback "
                                    "functions.")
                self._callbacks.append(callback)
        elif callbacks is not None:
            raise TypeError("The 'callbacks' is not a Callback or a list of Callback.")

    def __enter__(self) -> "CallbackManager":
        if self._stack is None:
            self._stack = ExitStack().__enter__()
            entered = []
            for callback in self._callbacks:
                target = self._stack.enter_context(callback)
                entered.append(target if isinstance(target, Callback) else callback)
            self._callbacks = entered
        return self

    def __exit__(self, *err: Any) -> Any:
        return self._stack.__exit__(*err) if self._stack is not None else None

    for _stage in _STAGES:
        locals()[_stage] = _broadcast(_stage)
    for _phase in ("train", "eval"):
        for _stage in _STAGES:
            _name = f"on_{_phase}_{_stage}"
            locals()[_name] = _broadcast(_name)
    del _stage, _phase, _name


class _MissingKey(KeyError, AttributeError):
    """A missing callback parameter: a KeyError as in MindSpore, which ``hasattr`` also understands."""


class InternalCallbackParam(dict):
    """The callback parameters: a dict whose keys read and write as attributes."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise _MissingKey(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


class RunContext:
    """``RunContext(original_args)``: what callbacks see of a run (``original_args()``) and
    how they stop it (``request_stop()``)."""

    def __init__(self, original_args: dict) -> None:
        if not isinstance(original_args, dict):
            raise TypeError("The argument 'original_args' of RunContext should be dict type, "
                            f"but got {type(original_args)}.")
        self._original_args = original_args
        self._stop_requested = False

    def original_args(self) -> dict:
        """The model's callback parameters (cur_epoch_num, cur_step_num, net_outputs, ...)."""
        return self._original_args

    def request_stop(self) -> None:
        """Ask the model to stop after the current step."""
        self._stop_requested = True

    def get_stop_requested(self) -> bool:
        return self._stop_requested


def _handle_loss(loss: Any) -> Any:
    """The loss a callback reports: the first of a tuple of outputs (a Tensor), or a Tensor's
    mean as a Python float."""
    if isinstance(loss, (tuple, list)):
        if loss and isinstance(loss[0], Tensor):
            loss = loss[0]
    elif isinstance(loss, Tensor):
        loss = float(np.mean(loss.asnumpy()))
    return loss
