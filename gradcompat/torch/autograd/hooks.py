"""Tensor hooks (``register_hook``) and ``retain_grad``, keyed by the tensor's node."""
from __future__ import annotations

import contextlib
import itertools
import threading
import weakref
from typing import Callable, Iterator

import numpy as np

from ... import core

_HOOKS: "weakref.WeakKeyDictionary[core.Node, dict[int, Callable]]" = weakref.WeakKeyDictionary()
_RETAIN: "weakref.WeakSet[core.Node]" = weakref.WeakSet()
_ids = itertools.count()
_LOCK = threading.Lock()  # the tables are shared by threads running backward passes


class RemovableHandle:
    """What ``register_hook`` returns: ``remove()`` unregisters the hook."""

    def __init__(self, node: core.Node, key: int) -> None:
        self._node = weakref.ref(node)
        self.id = key

    def remove(self) -> None:
        with _LOCK:
            for table in list(_HOOKS.values()):
                table.pop(self.id, None)

    def __enter__(self) -> "RemovableHandle":
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


def register(node: core.Node, hook: Callable) -> RemovableHandle:
    with _LOCK:
        key = next(_ids)
        _HOOKS.setdefault(node, {})[key] = hook
    return RemovableHandle(node, key)


def retain(node: core.Node) -> None:
    _RETAIN.add(node)


def retains(node: core.Node) -> bool:
    return node in _RETAIN


def has_hooks(node: core.Node) -> bool:
    return bool(_HOOKS.get(node)) or node in _RETAIN


def move(old: core.Node, new: core.Node) -> None:
    """An in-place op replaced a leaf's node: its hooks follow it."""
    with _LOCK:
        if old in _HOOKS:
            _HOOKS[new] = _HOOKS.pop(old)
    if old in _RETAIN:
        _RETAIN.add(new)


class _Undefined(threading.local):
    on = False


_UNDEFINED = _Undefined()


@contextlib.contextmanager
def undefined_grads() -> Iterator[None]:
    """Backward passes inside run with undefined output gradients (gradcheck's
    check_undefined_grad): a hook whose incoming gradient is all zeros sees None, as in torch."""
    previous, _UNDEFINED.on = _UNDEFINED.on, True
    try:
        yield
    finally:
        _UNDEFINED.on = previous


def run(node: core.Node, grad):
    """Apply the node's hooks in registration order; a hook returning a tensor replaces the grad."""
    for hook in list(_HOOKS.get(node, {}).values()):
        undefined = _UNDEFINED.on and grad is not None and not bool(np.any(np.asarray(grad._value)))
        result = hook(None if undefined else grad)
        if result is not None:
            grad = result
    return grad
