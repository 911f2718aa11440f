"""Cell hooks: ``register_forward_pre_hook``, ``register_forward_hook``,
``register_backward_pre_hook``, ``register_backward_hook`` and their handles.

Forward hooks are Python around the call: a pre-hook may replace the arguments, a forward
hook the output, and what they compute is part of the differentiated graph, as in
MindSpore's PyNative mode. Backward hooks are gates, one core op each (``ops.hooks``): the
Cell's outputs pass through a gate whose backward hands ``grad_output`` to the backward
pre-hooks (which may replace it), its Tensor inputs through a gate whose backward hands
``(grad_input, grad_output)`` to the backward hooks (which may replace ``grad_input``).
Parameters' gradients are outside the input gate: backward hooks do not see or change them.
"""
from __future__ import annotations

import itertools
from collections import OrderedDict
from typing import Any, Callable

from ...core import apply, select
from ..ops.hooks import hooked_identity
from ..tensor import Tensor

_ids = itertools.count()


class HookHandle:
    """What ``register_*_hook`` returns: ``remove()`` unregisters the hook."""

    def __init__(self, registry: OrderedDict | None = None, handle_id: int | None = None) -> None:
        self._registry = registry
        self.handle_id = next(_ids) if handle_id is None else handle_id

    def remove(self) -> None:
        """Unregister the hook (again: nothing happens)."""
        if self._registry is not None:
            self._registry.pop(self.handle_id, None)


def check_hook_fn(hook_fn: Any) -> None:
    if not callable(hook_fn):
        raise TypeError(f"Expected a callable hook function, but got {type(hook_fn).__name__}.")


def register(cell: Any, kind: str, hook_fn: Callable, prepend: bool = False, **flags: bool) -> HookHandle:
    """Add ``hook_fn`` to the Cell's ``kind`` hooks (with its flags) and return its handle."""
    check_hook_fn(hook_fn)
    registry = cell._registry(kind)
    handle = HookHandle(registry)
    registry[handle.handle_id] = (hook_fn, flags)
    if prepend:
        registry.move_to_end(handle.handle_id, last=False)
    return handle


def run_forward_pre_hooks(cell: Any, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    for hook_fn, flags in list(cell._registry("_forward_pre_hooks").values()):
        if flags.get("with_kwargs"):
            ret = hook_fn(cell, args, kwargs)
            if ret is not None:
                if not (isinstance(ret, tuple) and len(ret) == 2):
                    raise RuntimeError("forward pre hook with kwargs must return None or a tuple of (new_args, "
                                       f"new_kwargs), but got {ret}")
                args, kwargs = ret
        else:
            ret = hook_fn(cell, args)
            if ret is not None:
                args = ret if isinstance(ret, tuple) else (ret,)
    return args, kwargs


def run_forward_hooks(cell: Any, args: tuple, kwargs: dict, output: Any) -> Any:
    for hook_fn, flags in list(cell._registry("_forward_hooks").values()):
        ret = hook_fn(cell, args, kwargs, output) if flags.get("with_kwargs") else hook_fn(cell, args, output)
        if ret is not None:
            output = ret
    return output


def _flat(value: Any, out: list) -> None:
    if isinstance(value, Tensor):
        out.append(value)
    elif isinstance(value, (tuple, list)):
        for v in value:
            _flat(v, out)


def _replace(value: Any, new: list) -> Any:
    if isinstance(value, Tensor):
        return new.pop(0)
    if isinstance(value, (tuple, list)):
        return type(value)(_replace(v, new) for v in value)
    return value


def _gate(tensors: list, hook: Callable, name: str) -> list:
    node = apply(hooked_identity, [t.node for t in tensors], {"hook": hook}, name=name)
    return [Tensor._from_node(select(node, i)) for i in range(len(tensors))]


class _OutputGate:
    """Backward of the output gate: the backward pre-hooks; keeps ``grad_output`` for the
    input gate (which runs after it in the backward pass)."""

    def __init__(self, cell: Any) -> None:
        self.cell = cell
        self.grad_output: tuple = ()

    def __call__(self, grads: tuple) -> tuple:
        for hook_fn, _ in list(self.cell._registry("_backward_pre_hooks").values()):
            ret = hook_fn(self.cell, grads)
            if ret is not None:
                ret = ret if isinstance(ret, tuple) else (ret,)
                if len(ret) != len(grads):
                    raise TypeError(f"The backward pre hook return value size is {len(ret)} not equal to output "
                                    f"size {len(grads)}")
                grads = ret
        self.grad_output = grads
        return grads


class _InputGate:
    """Backward of the input gate: the backward hooks, given ``(grad_input, grad_output)``."""

    def __init__(self, cell: Any, output_gate: _OutputGate) -> None:
        self.cell = cell
        self.output_gate = output_gate

    def __call__(self, grads: tuple) -> tuple:
        for hook_fn, _ in list(self.cell._registry("_backward_hooks").values()):
            ret = hook_fn(self.cell, grads, self.output_gate.grad_output)
            if ret is not None:
                ret = ret if isinstance(ret, tuple) else (ret,)
                if len(ret) != len(grads):
                    raise TypeError(f"The backward hook return value size is {len(ret)} not equal to expect grad "
                                    f"input size {len(grads)}")
                grads = ret
        return grads


def has_backward_hooks(cell: Any) -> bool:
    return bool(cell.__dict__.get("_backward_hooks")) or bool(cell.__dict__.get("_backward_pre_hooks"))


def call_with_backward_hooks(cell: Any, run: Callable, args: tuple, kwargs: dict) -> Any:
    """``run(*args, **kwargs)`` between an input gate and an output gate."""
    out_gate = _OutputGate(cell)
    inputs: list[Tensor] = []
    _flat(args, inputs)
    if inputs and cell.__dict__.get("_backward_hooks"):
        args = _replace(args, _gate(inputs, _InputGate(cell, out_gate), "BackwardHook"))
    out = run(*args, **kwargs)
    outputs: list[Tensor] = []
    _flat(out, outputs)
    if not outputs:
        return out
    return _replace(out, _gate(outputs, out_gate, "BackwardPreHook"))


__all__ = ["HookHandle", "call_with_backward_hooks", "has_backward_hooks", "register", "run_forward_hooks",
           "run_forward_pre_hooks"]
