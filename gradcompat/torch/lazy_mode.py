"""Lazy execution for the torch dialect: ``torch.lazy()`` and ``torch.compile``.

In lazy mode torch code runs unchanged but computes nothing until a value is needed: ops
build deferred nodes, ``loss.backward()`` a deferred vjp, ``optimizer.step()`` deferred
updates of the parameters and optimizer state. ``optimizer.step()`` is a step boundary: the
whole step (forward, backward, update, and every live tensor still pending) then runs as
one XLA program through the core executor, compiled once per structure. Values are also
computed when Python needs them (``item()``, ``print``, ``bool()``, ``numpy()``): PyTorch/XLA's
lazy tensors behave this way.

``torch.compile(fn)`` runs the first call of ``fn`` in lazy mode and syncs when it returns, so a
training-step function is one program; later calls whose guards hold replay that program
without running the Python body (``guarded.py``, as Dynamo does). Known difference from
Dynamo: reading a value inside the function splits it into two programs (Dynamo's "graph
break") and such a function runs its Python, lazily, at every call.

Lazy mode itself has no function boundary to replay: the step's Python runs at every step and
each sync walks the step's graph again (``core.lazy.sync``); the program is compiled once per
structure. Python numbers the step hands its ops (learning rates, momenta) reach the program as
cached device scalars, so a synced step copies nothing from the host (``core.executor``).
"""
from __future__ import annotations

import functools
from typing import Any, Callable

from .. import core


class lazy:
    """Lazy mode as a context manager: ``with torch.lazy(): ...`` (gradcompat's own API;
    PyTorch's counterpart is the PyTorch/XLA lazy tensor device). Leaving the outermost
    context computes everything still pending."""

    def __enter__(self) -> "lazy":
        self._mode = core.lazy.lazy_mode().__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._mode.__exit__(*exc)

    @staticmethod
    def mark_step() -> None:
        """An explicit step boundary (PyTorch/XLA's ``xm.mark_step()``): compute everything
        pending now, as one program."""
        core.lazy.sync()

    sync = mark_step


def compile(model: Callable | None = None, *, fullgraph: bool = False, dynamic: bool | None = None,
            backend: str | Callable = "inductor", mode: str | None = None, options: dict | None = None,
            disable: bool = False) -> Any:
    """``torch.compile``: ``model`` (a function or a Module) with each call run lazily as one
    XLA program, compiled once per structure. Usable as ``@torch.compile`` or
    ``@torch.compile(mode=...)``; the Dynamo/Inductor options are accepted and ignored, and
    ``disable=True`` returns ``model`` itself, as in PyTorch."""
    if model is None:
        return functools.partial(compile, fullgraph=fullgraph, dynamic=dynamic, backend=backend, mode=mode,
                                 options=options, disable=disable)
    if not callable(model):
        raise RuntimeError("torch.compile: model must be callable")
    if disable:
        return model
    from .nn import Module
    if isinstance(model, Module):
        return OptimizedModule(model)
    return _compiled(model)


def _compiled(fn: Callable) -> Callable:
    from .guarded import GuardedFunction  # nn and optim stand above this module
    guarded = GuardedFunction(fn)

    @functools.wraps(fn)
    def run(*args, **kwargs):
        return guarded(*args, **kwargs)
    run._torchdynamo_orig_callable = fn
    return run


class OptimizedModule:
    """What ``torch.compile(module)`` returns: calls run the module's forward lazily as one
    program; everything else (parameters, state_dict, train/eval, attributes) is the
    original module's, reachable as ``_orig_mod`` as in PyTorch."""

    def __init__(self, module) -> None:
        object.__setattr__(self, "_orig_mod", module)
        object.__setattr__(self, "_call", _compiled(module.__call__))

    def __call__(self, *args, **kwargs):
        return self._call(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._orig_mod, name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self._orig_mod, name, value)

    def __repr__(self) -> str:
        inner = repr(self._orig_mod).replace("\n", "\n  ")
        return f"OptimizedModule(\n  (_orig_mod): {inner}\n)"
