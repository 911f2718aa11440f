"""``Module.register_full_backward_hook`` / ``register_full_backward_pre_hook``.

As torch does (its BackwardHookFunction), a module call with backward hooks passes its
tensor inputs and outputs through identity nodes (grad_fn ``BackwardHookFunctionBackward``);
tensor hooks on them see the gradients: the pre hooks ``hook(module, grad_output)`` (may
return a new grad_output) when the outputs' gradients are known, the full hooks
``hook(module, grad_input, grad_output)`` (may return a new grad_input) when the inputs'
gradients are, or with ``grad_input`` all None (and torch's warning) when no input requires
grad. Hooks fire once per backward pass; a gradient computed with ``create_graph`` and
differentiated again does not fire them again. Known difference: with several inputs that
require grad, a replacement grad_input applies to the input whose gradient arrived last
(and to the others only if their gradients arrive together).
"""
from __future__ import annotations

import warnings
import weakref
from typing import Any, Callable

from ... import core
from ..autograd import hooks as tensor_hooks
from ..autograd import node as node_api
from ..tensor import Tensor, wrap


def _identity(x):
    return x


def _through(t: Tensor) -> Tensor:
    with core.recording.grad_mode(True):
        return wrap(core.apply(_identity, [t.node], name="BackwardHookFunctionBackward"))


def _replace(value: Any, fn: Callable[[Tensor], Tensor]) -> Any:
    if isinstance(value, Tensor):
        return fn(value)
    if isinstance(value, (tuple, list)):
        out = [_replace(v, fn) for v in value]
        return type(value)(out) if not hasattr(value, "_fields") else type(value)(*out)
    return value


def _check_result(result, expected: int, what: str):
    result = tuple(result) if isinstance(result, (tuple, list)) else (result,)
    if len(result) != expected:
        raise RuntimeError(f"Backward hook returned an invalid number of grad_{what} (expected {expected}, "
                           f"got {len(result)})")
    return result


class _Call:
    """One module call's hooks: collects the gradients of each backward pass."""

    def __init__(self, module, pre_hooks: list, full_hooks: list, n_in: int, n_out: int) -> None:
        self.module = weakref.ref(module)
        self.pre_hooks, self.full_hooks = pre_hooks, full_hooks
        self.n_in, self.n_out = n_in, n_out
        self.expected_in: set = set()
        self.passes: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

    def _state(self) -> dict:
        p = node_api.current_pass()
        key = p if p is not None else self
        state = self.passes.get(key) if p is not None else None
        if state is None:
            state = {"out": [None] * self.n_out, "in": [None] * self.n_in, "seen_in": set(), "fired": False}
            if p is not None:
                self.passes[key] = state
        return state

    def output_hook(self, i: int):
        def hook(grad):
            state = self._state()
            state["out"][i] = grad
            module = self.module()
            for h in self.pre_hooks:
                result = h(module, tuple(state["out"]))
                if result is not None:
                    state["out"] = list(_check_result(result, self.n_out, "output"))
            if not self.expected_in and not state["fired"]:
                state["fired"] = True
                if self.full_hooks:
                    warnings.warn("Full backward hook is firing when gradients are computed with respect to module "
                                  "outputs since no inputs require gradients. See https://docs.pytorch.org/docs/main/"
                                  "generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for "
                                  "more details.", UserWarning, stacklevel=2)
                for h in self.full_hooks:
                    h(module, (None,) * self.n_in, tuple(state["out"]))
            return state["out"][i]
        return hook

    def input_hook(self, j: int):
        def hook(grad):
            state = self._state()
            if self.n_out and all(g is None for g in state["out"]):
                return grad  # not a gradient of the module's outputs (a double backward): torch does not fire
            state["in"][j] = grad
            state["seen_in"].add(j)
            if state["seen_in"] >= self.expected_in and not state["fired"]:
                state["fired"] = True
                module = self.module()
                for h in self.full_hooks:
                    result = h(module, tuple(state["in"]), tuple(state["out"]))
                    if result is not None:
                        state["in"] = list(_check_result(result, self.n_in, "input"))
            return state["in"][j]
        return hook


def call_with_hooks(module, args: tuple, kwargs: dict, forward: Callable) -> Any:
    """Run ``forward(*args, **kwargs)`` with the module's backward hooks attached."""
    pre_hooks = list(module._backward_pre_hooks.values())
    full_hooks = list(module._backward_hooks.values())
    if not core.recording.grad_enabled():
        return forward(*args, **kwargs)
    tensor_args = [a for a in args if isinstance(a, Tensor)]
    call = _Call(module, pre_hooks, full_hooks, len(tensor_args), 0)
    counter = iter(range(len(tensor_args)))

    def wrap_input(t: Tensor) -> Tensor:
        j = next(counter)
        if not t.requires_grad:
            return t
        t2 = _through(t)
        call.expected_in.add(j)
        tensor_hooks.register(t2.node, call.input_hook(j))
        return t2

    args = tuple(wrap_input(a) if isinstance(a, Tensor) else a for a in args)
    out = forward(*args, **kwargs)
    outs = []

    def collect(t: Tensor) -> Tensor:
        outs.append(t)
        return t

    _replace(out, collect)
    call.n_out = len(outs)
    index = iter(range(len(outs)))

    def wrap_output(t: Tensor) -> Tensor:
        i = next(index)
        if not t.requires_grad:
            return t
        t2 = _through(t)
        tensor_hooks.register(t2.node, call.output_hook(i))
        return t2

    return _replace(out, wrap_output)
