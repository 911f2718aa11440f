"""Grad modes: ``no_grad``, ``enable_grad``, ``set_grad_enabled``, ``inference_mode``.

Each works as a context manager and as a decorator (``@torch.no_grad`` with or without
parentheses, as in torch 2.x). Grad mode lives in core's thread-local recording state;
inference mode is a thread-local flag here.
"""
from __future__ import annotations

import functools
import inspect

from ... import core
from ..tensor import inference_state as _inference


class _GradMode:
    """Base of the grad-mode context managers; each also works as a decorator."""

    enabled = True

    def __new__(cls, orig_func=None, *args, **kwargs):
        # ``@torch.no_grad`` without parentheses: torch returns the decorated function
        if cls in (no_grad, enable_grad) and callable(orig_func) and not args and not kwargs:
            return cls()(orig_func)
        return super().__new__(cls)

    def __enter__(self) -> None:
        self._previous = core.recording.grad_enabled()
        core.recording.set_grad_enabled(self.enabled)

    def __exit__(self, *exc) -> None:
        core.recording.set_grad_enabled(self._previous)

    def clone(self) -> "_GradMode":
        return type(self)()

    def __call__(self, fn):
        if inspect.isgeneratorfunction(fn):
            @functools.wraps(fn)
            def generator(*args, **kwargs):
                # each step of the wrapped generator (send, throw, close) runs in the mode,
                # the caller's code between steps in its own mode, as torch's decorator
                gen = fn(*args, **kwargs)
                try:
                    with self.clone():
                        item = gen.send(None)
                    while True:
                        try:
                            value = yield item
                        except GeneratorExit:
                            with self.clone():
                                gen.close()
                            raise
                        except BaseException as exc:
                            with self.clone():
                                item = gen.throw(exc)
                        else:
                            with self.clone():
                                item = gen.send(value)
                except StopIteration as stop:
                    return stop.value
            return generator

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.clone():
                return fn(*args, **kwargs)
        return wrapper


class no_grad(_GradMode):
    """``torch.no_grad()``: ops inside record no graph; results do not require grad."""

    enabled = False


class enable_grad(_GradMode):
    """``torch.enable_grad()``: turn recording back on (inside ``no_grad``)."""

    enabled = True


class set_grad_enabled(_GradMode):
    """``torch.set_grad_enabled(mode)``: sets grad mode at once; as a context manager it
    restores the previous mode on exit, as a decorator it applies ``mode`` per call."""

    def __init__(self, mode: bool) -> None:
        self.enabled = bool(mode)
        self._previous = core.recording.grad_enabled()
        core.recording.set_grad_enabled(self.enabled)

    def __call__(self, fn):
        core.recording.set_grad_enabled(self._previous)  # torch undoes the constructor's switch
        return super().__call__(fn)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc) -> None:
        core.recording.set_grad_enabled(self._previous)

    def clone(self) -> "set_grad_enabled":
        return set_grad_enabled(self.enabled)


class inference_mode(_GradMode):
    """``torch.inference_mode(mode=True)``: no_grad, and tensors made inside are inference
    tensors (see ``autograd.inference``); ``inference_mode(False)`` switches both back on
    and off inside an inference block."""

    def __new__(cls, mode=True):
        self = object.__new__(cls)
        if callable(mode):  # ``@torch.inference_mode`` without parentheses
            self.mode = True
            return self(mode)
        return self

    def __init__(self, mode: bool = True) -> None:
        self.mode = bool(mode)

    def __enter__(self) -> None:
        self._previous = (core.recording.grad_enabled(), _inference.enabled)
        if self.mode:
            core.recording.set_grad_enabled(False)
            _inference.enabled = True
        else:  # torch's InferenceMode(false): grad mode on, inference off
            core.recording.set_grad_enabled(True)
            _inference.enabled = False

    def __exit__(self, *exc) -> None:
        core.recording.set_grad_enabled(self._previous[0])
        _inference.enabled = self._previous[1]

    def clone(self) -> "inference_mode":
        return inference_mode(self.mode)


def is_grad_enabled() -> bool:
    """``torch.is_grad_enabled()`` (thread-local)."""
    return core.recording.grad_enabled()


def is_inference_mode_enabled() -> bool:
    """``torch.is_inference_mode_enabled()`` (thread-local)."""
    return _inference.enabled
