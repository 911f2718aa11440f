"""Whether user code handed to worker processes would run this dialect's operators there.

Workers are forks of this process (as MindSpore's are), and a fork of a process whose XLA
runtime runs deadlocks when it computes. MindSpore itself refuses to mix network operators into
forked workers ("decrease 'num_parallel_workers' into 1"); its check reads the source text, this
one reads the names the code refers to: any object or module of gradcompat (other than this
dataset package's transforms) makes the pipeline read in this process instead."""
from __future__ import annotations

import inspect
import types
import warnings
from typing import Any, Iterator

_SAFE = ("gradcompat.mindspore.dataset",)


def _functions(obj: Any) -> Iterator[types.FunctionType]:
    if isinstance(obj, types.MethodType):
        obj = obj.__func__
    if isinstance(obj, types.FunctionType):
        yield obj
        return
    for _, member in inspect.getmembers(type(obj), inspect.isfunction):
        yield member


def _is_framework(value: Any) -> bool:
    name = value.__name__ if isinstance(value, types.ModuleType) else (
        getattr(value, "__module__", None) if isinstance(value, (type, types.FunctionType))
        else type(value).__module__)
    return isinstance(name, str) and name.startswith("gradcompat.") and not name.startswith(_SAFE)


def uses_framework(*objects: Any) -> bool:
    """Whether a function, or a method of an object's class, refers to a gradcompat name."""
    for obj in objects:
        for fn in _functions(obj):
            if not fn.__module__ or str(fn.__module__).startswith("gradcompat."):
                continue
            try:
                names = inspect.getclosurevars(fn)
            except (TypeError, ValueError):
                continue
            if any(_is_framework(v) for v in (*names.nonlocals.values(), *names.globals.values())):
                return True
    return False


def warn_single_worker(what: str) -> None:
    warnings.warn(f"Input '{what}' includes network computing operators like in mindspore.nn, mindspore.ops, "
                  "mindspore.numpy module and etc, which do not support multi-thread compiling, recommend to replace "
                  "it with python implemented operator like numpy etc. Here decrease 'num_parallel_workers' into 1.",
                  stacklevel=3)
