"""``torch.autograd``: ``backward``, ``grad`` and grad mode, on the one core vjp engine.

Torch's semantics translated here: the default cotangent only for scalar outputs,
several outputs summed with their ``grad_outputs``, ``.grad`` accumulation on leaves that
require grad, ``allow_unused``, ``create_graph`` (higher derivatives), differentiating with
respect to intermediate tensors, and torch's error texts. Saved tensors are freed after a
backward pass unless ``retain_graph``: a second pass through an op that saved tensors
raises torch's error.
"""
from __future__ import annotations

import functools
import weakref
from typing import Sequence

from .. import core
from .tensor import _GRADS, Tensor, wrap

__all__ = ["backward", "grad", "no_grad", "enable_grad", "set_grad_enabled", "is_grad_enabled"]

# ops whose backward needs no saved tensors: a second backward through them works in torch
_SAVES_NOTHING = {"AddBackward0", "SubBackward0", "RsubBackward1", "NegBackward0", "SumBackward0",
                  "SumBackward1", "MeanBackward0", "MeanBackward1", "PermuteBackward0", "ToCopyBackward0",
                  "CloneBackward0", "SelectBackward0", "SliceBackward0", "UnsqueezeBackward0",
                  "AliasBackward0", "ViewBackward0", "getitem", "grad"}
_freed: "weakref.WeakSet[core.Node]" = weakref.WeakSet()

_FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have "
    "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
    "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or "
    "if you need to access saved tensors after calling backward.")


class _GradMode:
    """Base of the grad-mode context managers; each also works as a decorator."""

    enabled = True

    def __enter__(self):
        self._previous = core.recording.grad_enabled()
        core.recording.set_grad_enabled(self.enabled)
        return None

    def __exit__(self, *exc) -> None:
        core.recording.set_grad_enabled(self._previous)

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with type(self)() if not isinstance(self, set_grad_enabled) else set_grad_enabled(self.enabled):
                return fn(*args, **kwargs)
        return wrapper


class no_grad(_GradMode):
    """``torch.no_grad()``: ops inside record no graph; results do not require grad."""

    enabled = False


class enable_grad(_GradMode):
    """``torch.enable_grad()``: turn recording back on (inside ``no_grad``)."""

    enabled = True


class set_grad_enabled(_GradMode):
    """``torch.set_grad_enabled(mode)``: sets grad mode now; as a context manager, restores it on exit."""

    def __init__(self, mode: bool) -> None:
        self.enabled = bool(mode)
        self._previous = core.recording.grad_enabled()
        core.recording.set_grad_enabled(self.enabled)

    def __enter__(self):
        return None

    def __exit__(self, *exc) -> None:
        core.recording.set_grad_enabled(self._previous)


def is_grad_enabled() -> bool:
    """``torch.is_grad_enabled()``."""
    return core.recording.grad_enabled()


def _as_tuple(x) -> tuple:
    if x is None:
        return ()
    if isinstance(x, Tensor):
        return (x,)
    return tuple(x)


def _recorded(outputs: Sequence[core.Node]) -> tuple[list[core.Node], list[core.Node]]:
    """The recorded graph behind ``outputs``: its op nodes, and its leaves that require
    grad in discovery order."""
    seen, stack, ops, leaves = set(), list(reversed(outputs)), [], []
    while stack:
        node = stack.pop()
        if node in seen or not node.traced:
            continue
        seen.add(node)
        if isinstance(node, core.Op):
            ops.append(node)
            stack.extend(reversed(node.inputs))
        elif not node.inputs:
            leaves.append(node)
    return ops, leaves


def _cotangents(outputs: Sequence[Tensor], grads: Sequence, create_graph: bool) -> list[core.Node]:
    if grads and len(grads) != len(outputs):
        raise RuntimeError(f"got {len(grads)} gradients for {len(outputs)} outputs")
    nodes = []
    for i, out in enumerate(outputs):
        g = grads[i] if grads else None
        if g is None:
            if out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            nodes.append(core.ones_for(out.node))
            continue
        if not isinstance(g, Tensor):
            from .functions import tensor
            g = tensor(g, dtype=out.dtype)
        if tuple(g.shape) != tuple(out.shape):
            raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and "
                               f"output[{i}] has a shape of {out.shape}.")
        if g.dtype is not out.dtype:
            g = g.to(out.dtype)
        nodes.append(g.node if create_graph else core.Constant(g._value))
    return nodes


def _check_outputs(outputs: Sequence[Tensor]) -> None:
    for i, out in enumerate(outputs):
        if not out.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")


def _run(outputs, wrt, cotangents, retain_graph, create_graph):
    nodes = [o.node for o in outputs]
    graph, _ = _recorded(nodes)
    if any(n in _freed for n in graph):
        raise RuntimeError(_FREED_MESSAGE)
    grads = core.vjp(nodes, wrt, cotangents, stop=lambda n: not n.traced, create_graph=create_graph)
    if not (create_graph if retain_graph is None else retain_graph):
        _freed.update(n for n in graph if n.name not in _SAVES_NOTHING)
    return grads


def backward(tensors, grad_tensors=None, retain_graph: bool | None = None, create_graph: bool = False,
             grad_variables=None, inputs=None) -> None:
    """``torch.autograd.backward``: accumulate the gradients of ``sum_i <grad_tensors[i],
    tensors[i]>`` into ``.grad`` of the leaves that require grad (or of ``inputs``)."""
    outputs = _as_tuple(tensors)
    grads = _as_tuple(grad_tensors if grad_tensors is not None else grad_variables)
    _check_outputs(outputs)
    cotangents = _cotangents(outputs, grads, create_graph)
    targets = ([t.node for t in _as_tuple(inputs)] if inputs is not None
               else _recorded([o.node for o in outputs])[1])
    if not targets:
        return
    results = _run(outputs, targets, cotangents, retain_graph, create_graph)
    for leaf, g in zip(targets, results):
        if g is None:
            continue
        new = wrap(g)
        old = _GRADS.get(leaf)
        if old is not None:
            with core.recording.grad_mode(create_graph):
                new = old + new
        elif not create_graph:
            new = wrap(core.Constant(g.value))
        _GRADS[leaf] = new


def grad(outputs, inputs, grad_outputs=None, retain_graph: bool | None = None, create_graph: bool = False,
         only_inputs: bool = True, allow_unused: bool | None = None, is_grads_batched: bool = False,
         materialize_grads: bool = False) -> tuple:
    """``torch.autograd.grad``: a tuple with the gradient of ``sum_i <grad_outputs[i],
    outputs[i]>`` for each input (None for unused inputs when ``allow_unused``)."""
    outs = _as_tuple(outputs)
    ins = _as_tuple(inputs)
    if allow_unused is None:
        allow_unused = materialize_grads
    _check_outputs(outs)
    for t in ins:
        if not isinstance(t, Tensor):
            raise RuntimeError(f"all inputs have to be Tensors or GradientEdges, but got {type(t).__name__}")
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    cotangents = _cotangents(outs, _as_tuple(grad_outputs), create_graph)
    results = _run(outs, [t.node for t in ins], cotangents, retain_graph, create_graph)
    out = []
    for i, (t, g) in enumerate(zip(ins, results)):
        if g is None:
            if materialize_grads:
                from .functions import zeros_like
                out.append(zeros_like(t))
                continue
            if not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have been used "
                                   "in the graph. Set allow_unused=True if this is the desired behavior.")
            out.append(None)
        else:
            out.append(wrap(g))
    return tuple(out)
