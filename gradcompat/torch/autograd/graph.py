"""``torch.autograd.graph``: saved-tensor hooks, gradient edges, multi-grad hooks, ``Node``.

- ``saved_tensors_hooks(pack, unpack)``: every tensor an op recorded inside saves for its
  backward is packed (``pack(t)``, at record time, under no_grad) and unpacked when a
  backward pass or ``grad_fn._saved_*`` needs it; the gradient is computed from the
  unpacked value, as in torch. ``save_on_cpu``, ``disable_saved_tensors_hooks``.
- ``GradientEdge`` / ``get_gradient_edge``: ``autograd.grad`` / ``backward`` accept them as
  inputs (the gradient flowing into that node, even after the tensor changed in place).
- ``register_multi_grad_hook(tensors, fn, mode="all"|"any")``: once per backward pass.
- ``allow_mutation_on_saved_tensors``: in-place changes of saved tensors inside it do not
  make backward fail; gradients use the values the ops saw (gradcompat's graph keeps
  them: nothing is cloned, ``ctx.cloned`` counts the saved tensors torch would have cloned).
- ``Node``: the abstract class of grad_fn objects (``isinstance(t.grad_fn, Node)``).

Known differences: saved outputs (``_saved_result``) are packed and unpacked, but the
gradient uses the output's own value.
"""
from __future__ import annotations

import abc
import contextlib
import threading
import weakref
from typing import Any, Callable, Iterator, NamedTuple, Sequence

from ... import core
from ...core.graph import peek_notes, tap
from ..tensor import Node as _NodeImpl
from ..tensor import Tensor
from . import hooks
from . import node as _node
from .node import SavedTensor

__all__ = ["GradientEdge", "Node", "allow_mutation_on_saved_tensors", "disable_saved_tensors_hooks",
           "get_gradient_edge", "increment_version", "register_multi_grad_hook", "save_on_cpu",
           "saved_tensors_hooks"]


class Node(abc.ABC):
    """``torch.autograd.graph.Node``: every grad_fn object is an instance."""

    @abc.abstractmethod
    def name(self) -> str: ...

    @property
    @abc.abstractmethod
    def next_functions(self) -> tuple: ...

    @abc.abstractmethod
    def metadata(self) -> dict: ...

    @abc.abstractmethod
    def register_hook(self, fn: Callable): ...

    @abc.abstractmethod
    def register_prehook(self, fn: Callable): ...

    @classmethod
    def __subclasshook__(cls, C):
        if cls is Node and issubclass(C, _NodeImpl):
            return True
        return NotImplemented


class GradientEdge(NamedTuple):
    """``torch.autograd.graph.GradientEdge``: (node, output_nr) names where a gradient flows."""

    node: Any
    output_nr: int
    ownership_token: Any = None


def get_gradient_edge(tensor: Tensor) -> GradientEdge:
    """The edge of ``tensor``: its grad_fn (AccumulateGrad for a leaf) and output number."""
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that does not require "
                           "gradients")
    if tensor.is_leaf:
        _node.remember_tensor(tensor)
    return GradientEdge(_node.function_of(tensor.node), _node.output_nr(tensor.node))


def edge_node(edge: GradientEdge) -> core.Node:
    """The core node whose gradient an edge asks for (one output of a multi-output node)."""
    op = edge.node._op
    return _node.shared_output(op, edge.output_nr) if _node.is_shared(op) else op


def increment_version(tensor: Tensor) -> None:
    """``torch.autograd.graph.increment_version``: bump the version counter."""
    from . import versions
    versions.counter(tensor.node).version += 1


# ----- saved tensor hooks ---------------------------------------------------------------

class _HookState(threading.local):
    def __init__(self) -> None:
        self.stack: list = []  # (pack, unpack) pairs, innermost last
        self.disabled: list[str] = []  # error messages of disable_saved_tensors_hooks


_STATE = _HookState()


class _Packer(core.recording.Tape):
    """Hears of every op recorded while saved-tensor hooks are active, and packs what it saves."""

    def watches_any(self, nodes) -> bool:
        return bool(_STATE.stack) and core.recording.grad_enabled() and any(n.traced for n in nodes)

    def record(self, node) -> None:
        if not _STATE.stack or not isinstance(node, core.Op):
            return
        pack_hook, unpack_hook = _STATE.stack[-1]
        slots = _node.saved_slots(node)
        if not slots:
            return
        with _paused(), core.recording.grad_mode(False):
            for slot in slots.values():
                slot._hooks = (_node.pack(pack_hook, slot._tensor()), unpack_hook)


@contextlib.contextmanager
def _paused() -> Iterator[None]:
    saved, _STATE.stack = _STATE.stack, []
    try:
        yield
    finally:
        _STATE.stack = saved


class saved_tensors_hooks:
    """``torch.autograd.graph.saved_tensors_hooks(pack_hook, unpack_hook)``."""

    def __init__(self, pack_hook: Callable[[Tensor], Any], unpack_hook: Callable[[Any], Tensor]) -> None:
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self) -> "saved_tensors_hooks":
        if _STATE.disabled:
            raise RuntimeError(_STATE.disabled[-1])
        self._packer = _Packer() if not _STATE.stack else None  # one packer serves nested hooks
        _STATE.stack.append((self.pack_hook, self.unpack_hook))
        if self._packer is not None:
            self._packer.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._packer is not None:
            self._packer.__exit__(*exc)
        _STATE.stack.pop()


class save_on_cpu(saved_tensors_hooks):
    """``torch.autograd.graph.save_on_cpu``: saved tensors are kept on the CPU and moved back
    to their device when used."""

    def __init__(self, pin_memory: bool = False, device_type: str = "cuda") -> None:
        def pack(t: Tensor):
            return (t.device, t.cpu())

        def unpack(packed) -> Tensor:
            device, t = packed
            return t.to(device)

        super().__init__(pack, unpack)


@contextlib.contextmanager
def disable_saved_tensors_hooks(error_message: str) -> Iterator[None]:
    """``torch.autograd.graph.disable_saved_tensors_hooks``: entering saved_tensors_hooks inside
    raises RuntimeError(error_message)."""
    if _STATE.stack:
        raise RuntimeError(error_message)
    _STATE.disabled.append(error_message)
    try:
        yield
    finally:
        _STATE.disabled.pop()


def _cast(x, *, dtype):
    return x.astype(dtype)


@contextlib.contextmanager
def unpacked_inputs(ops: Sequence[core.Node]) -> Iterator[None]:
    """For a backward pass over ``ops``: unpack their hooked saved tensors (the user's unpack
    hooks run now, as in torch) and let each op's backward use the unpacked values, the
    gradient still flowing to the original input."""
    swaps = []
    try:
        for op in ops:
            n = peek_notes(op)
            slots = n.get("saved") if n else None
            if not slots or all(s._hooks is None for s in slots.values()):
                continue
            inputs = list(op.inputs)
            for slot in slots.values():
                if slot._hooks is None:
                    continue
                t = slot.unpack()
                if slot._as_output or t.node is slot._node:
                    continue
                k, aval = slot._index, slot._node.aval
                if t.node.aval is None or aval is None or tuple(t.node.aval.shape) != tuple(aval.shape):
                    continue
                value = core.detached(t.node)
                if t.node.aval.dtype != aval.dtype:  # known difference: torch's op would then fail on the dtype
                    with core.recording.grad_mode(False):
                        value = core.apply(_cast, [value], {"dtype": aval.dtype}, name="unpack_cast")
                with core.recording.grad_mode(True):
                    inputs[k] = core.apply(tap, [value, slot._node], name="unpack")
            if inputs != list(op.inputs):
                swaps.append((op, op.inputs))
                op.inputs = tuple(inputs)
        yield
    finally:
        for op, inputs in swaps:
            op.inputs = inputs


# ----- multi grad hooks -----------------------------------------------------------------

class _MultiHandle:
    def __init__(self, handles: list) -> None:
        self._handles = handles

    def remove(self) -> None:
        for h in self._handles:
            h.remove()

    def __enter__(self) -> "_MultiHandle":
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


def register_multi_grad_hook(tensors: Sequence[Tensor], fn: Callable, *, mode: str = "all") -> _MultiHandle:
    """``torch.autograd.graph.register_multi_grad_hook``: ``fn(grads)`` once per backward pass
    that computes a gradient for any of ``tensors`` (mode "all": with every gradient of the
    pass, None for those it did not compute), or ``fn(grad)`` with the first one (mode "any")."""
    if mode not in ("all", "any"):
        raise ValueError(f"Expects mode to be one of ('all', 'any') but got {mode}")
    tensors = tuple(tensors)
    count = len(tensors)
    lock = threading.Lock()
    per_pass: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()

    def make(i: int):
        def hook(grad):
            current = _node.current_pass()
            if current is None:
                return None
            with lock:
                if mode == "any":
                    if current in per_pass:
                        return None
                    per_pass[current] = True
                    fire = True
                else:
                    fire = current not in per_pass
                    grads = per_pass.setdefault(current, [None] * count)
                    grads[i] = grad
            if mode == "any":
                fn(grad)
            elif fire:
                current.at_end(lambda: fn(tuple(per_pass.pop(current))))
            return None
        return hook

    handles = [hooks.register(t.node, make(i)) for i, t in enumerate(tensors) if t.requires_grad]
    return _MultiHandle(handles)


# ----- allow_mutation_on_saved_tensors ------------------------------------------------

class _AllowMutationOnSavedContext:
    """What ``allow_mutation_on_saved_tensors`` yields: ``cloned`` (saved tensors modified in
    place while their graph lives) and ``tid_to_weakhandle`` (the saved tensors)."""

    def __init__(self) -> None:
        self._ops: "weakref.WeakSet[core.Op]" = weakref.WeakSet()
        self.active = True

    def _saved(self) -> list[tuple[core.Op, core.Node]]:
        from . import engine
        return [(op, node) for op in list(self._ops) if op not in engine._freed
                for _, node, as_output, _ in _node.saved_nodes(op) if not as_output]

    @property
    def cloned(self) -> dict:
        from . import versions
        if not self.active:
            return {}
        return {id(n): n for op, n in self._saved() if versions.modified(n, by=op)}

    @property
    def tid_to_weakhandle(self) -> dict:
        if not self.active:
            return {}
        return {id(n): n for _, n in self._saved()}


class _MutationRecorder(core.recording.Tape):
    def __init__(self, ctx: _AllowMutationOnSavedContext) -> None:
        super().__init__()
        self.ctx = ctx

    def watches_any(self, nodes) -> bool:
        return core.recording.grad_enabled() and any(n.traced for n in nodes)

    def record(self, node) -> None:
        if isinstance(node, core.Op):
            self.ctx._ops.add(node)
            core.graph.notes(node)["mutation_ctx"] = weakref.ref(self.ctx)


_MUTATION = threading.local()


@contextlib.contextmanager
def allow_mutation_on_saved_tensors() -> Iterator[_AllowMutationOnSavedContext]:
    """``torch.autograd.graph.allow_mutation_on_saved_tensors``."""
    if getattr(_MUTATION, "ctx", None) is not None:
        raise RuntimeError("allow_mutation_on_saved_tensors contexts cannot be nested")
    ctx = _AllowMutationOnSavedContext()
    _MUTATION.ctx = ctx
    try:
        with _MutationRecorder(ctx):
            yield ctx
    finally:
        ctx.active = False
        _MUTATION.ctx = None


def mutation_allowed(op: core.Node) -> bool:
    """For the engine: ``op`` was recorded in an allow_mutation_on_saved_tensors context, which
    must be the active one (torch's AssertionError otherwise)."""
    n = peek_notes(op)
    ref = n.get("mutation_ctx") if n else None
    if ref is None:
        return False
    ctx = ref()
    if ctx is None or not ctx.active or getattr(_MUTATION, "ctx", None) is not ctx:
        raise AssertionError("Trying to backward outside of the 'allow_mutation_on_saved_tensors' context "
                             "in which the graph was originally recorded.")
    return True


SavedTensor = SavedTensor
