"""The graph as torch exposes it: ``grad_fn`` objects and what users reach through them.

``grad_fn.next_functions``, ``name()``, ``metadata``, ``register_hook`` (post hooks:
``hook(grad_inputs, grad_outputs)``), ``register_prehook`` (``hook(grad_outputs)``), the
``AccumulateGrad`` node of each leaf (``variable``), the saved tensors of a node
(``_saved_self`` / ``_saved_other`` / ``_saved_result`` and their ``_raw_saved_*``
SavedTensor objects with ``register_hooks``), ``Tensor.output_nr`` and
``Tensor.register_post_accumulate_grad_hook``.

A grad_fn object stands for one core op (a leaf node for AccumulateGrad); what it carries
(hooks, metadata) lives on that node (``core.graph.notes``), so it dies with the graph.
The engine (``engine.py``) cuts a backward pass at nodes with hooks, as it does for tensor
hooks. Known differences: the edges are those of gradcompat's graph, which fuses some of
torch's nodes (a matmul's ``UnsafeViewBackward0`` / ``MmBackward0`` pair is one node); the
outputs of a multi-output op (``var_mean``, a custom Function) share one grad_fn object whose
hooks see all outputs' gradients, but ``unbind`` / ``split`` outputs are each their own view op
(each its own grad_fn object); saved tensors are named by position (``self``, ``other``;
``exponent`` for pow; ``result`` for outputs).
"""
from __future__ import annotations

import contextlib
import threading
import weakref
from typing import Callable, Iterator

from ... import core
from ...core.graph import getitem, notes, peek_notes
from ..tensor import _GRADS, Node, Tensor, grad_fn_object, shared_node, wrap
from . import hooks

# ----- the objects ----------------------------------------------------------------------


class AccumulateGrad(Node):
    """The node that accumulates a leaf's gradient into ``.grad`` (``variable`` is the leaf)."""

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"

    @property
    def variable(self) -> Tensor:
        return tensor_of(self._op)


def accumulate_grad_object(leaf: core.Node) -> AccumulateGrad:
    """The one AccumulateGrad object of a leaf while someone holds it."""
    table = notes(leaf)
    ref = table.get("grad_fn")
    obj = ref() if ref is not None else None
    if obj is None:
        obj = AccumulateGrad(leaf)
        table["grad_fn"] = weakref.ref(obj)
    return obj


def remember_tensor(t: Tensor) -> None:
    """Remember the user's tensor object of a leaf (``variable``, post-accumulate hooks see it)."""
    t.node.owner = weakref.ref(t)


def tensor_of(node: core.Node) -> Tensor:
    """The user's tensor object on ``node`` while it lives (``tensor._remember_owner``), else a new one."""
    ref = node.owner
    t = ref() if ref is not None else None
    return t if t is not None else wrap(node)


def edge_inputs(op: core.Node) -> tuple:
    """The inputs a node's backward sends gradients to, in order (python scalars are no
    edges; one output of a multi-output op has the edges of that op)."""
    if isinstance(op, core.Op) and op.fn is getitem and isinstance(op.inputs[0], core.Op):
        op = op.inputs[0]
    return tuple(i for i in op.inputs if not isinstance(i, core.Scalar))


def output_nr(node: core.Node) -> int:
    """Which output of its grad_fn a node is (``Tensor.output_nr``)."""
    if isinstance(node, core.Op) and node.fn is getitem and node.traced:
        index = int(dict(node.static)["index"])
        base = shared_node(node)
        return index if base is node else torch_positions(base)[1][index]
    n = core.graph.peek_notes(node)
    if n and "output_nr" in n:  # a custom backward's saved tensor: the output_nr of what was saved
        return n["output_nr"]
    index = hooks.group_index(node)
    return 0 if index is None else index


def torch_positions(base: core.Op) -> tuple[int, tuple[int, ...]]:
    """A multi-output op as torch's node: its number of outputs, and the torch output position of
    each of the op's outputs (a custom Function's non-tensor outputs are outputs of torch's node too)."""
    from . import function
    value = base.value if base.value is not None else base.aval
    n = len(value)
    if base.fn is function.function_apply:
        structure = dict(base.static)["spec"].box.get("structure")
        if structure is not None and structure[2] >= n:
            _, _, n_out, others = structure
            return n_out, tuple(i for i in range(n_out) if i not in others)
    return n, tuple(range(n))


def shared_outputs(base: core.Op, reached) -> dict[int, core.Node]:
    """The outputs of multi-output ``base`` among ``reached`` nodes, by torch output position."""
    positions = torch_positions(base)[1]
    return {positions[int(dict(n.static)["index"])]: n for n in reached
            if isinstance(n, core.Op) and n.fn is getitem and n.inputs[0] is base}


def shared_output(base: core.Op, position: int) -> core.Node:
    """The output of multi-output ``base`` at torch output ``position`` (a GradientEdge's node)."""
    positions = torch_positions(base)[1]
    ref = notes(base).get("outputs", {}).get(positions.index(position)) if position in positions else None
    out = ref() if ref is not None else None
    if out is None:
        raise RuntimeError("The gradient edge names an output of a node that no longer exists")
    return out


def is_shared(node: core.Node) -> bool:
    """Whether ``node`` is a multi-output op whose outputs share its grad_fn."""
    n = peek_notes(node)
    return bool(n and n.get("outputs"))


def function_of(node: core.Node):
    """The grad_fn object gradients for ``node`` flow into (None if it does not require grad)."""
    if not node.traced:
        return None
    if isinstance(node, core.Op):
        return grad_fn_object(node)
    return accumulate_grad_object(node)


def _next_functions(self: Node) -> tuple:
    if isinstance(self, AccumulateGrad):
        return ()
    return tuple((function_of(i), output_nr(i)) for i in edge_inputs(self._op))


def _metadata(self: Node) -> dict:
    return notes(self._op).setdefault("metadata", {})


def _register_hook(self: Node, fn: Callable) -> hooks.RemovableHandle:
    """``Node.register_hook``: ``fn(grad_inputs, grad_outputs)`` after the node ran; a tuple
    it returns replaces ``grad_inputs``."""
    return hooks.register_in(self._op, "post", fn)


def _register_prehook(self: Node, fn: Callable) -> hooks.RemovableHandle:
    """``Node.register_prehook``: ``fn(grad_outputs)`` before the node runs; a tuple it
    returns replaces ``grad_outputs``."""
    return hooks.register_in(self._op, "pre", fn)


def _getattr(self: Node, name: str):
    if name.startswith("_raw_saved_") or name.startswith("_saved_"):
        raw = name.startswith("_raw_saved_")
        slot = saved_slot(self._op, name[len("_raw_saved_" if raw else "_saved_"):])
        if slot is not None:
            return slot if raw else slot.unpack_for_user()
    raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")


def _call(self: Node, *grad_outputs):
    """Calling a grad_fn, as torch: its gradients for its inputs given ``grad_outputs`` (one per
    output of the node; recorded when grad mode is on)."""
    if isinstance(self, AccumulateGrad) or not isinstance(self._op, core.Op):
        raise TypeError(f"'{type(self).__name__}' object is not callable")
    from .engine import _clone
    op = self._op
    n_out, positions = torch_positions(op) if is_shared(op) else (1, None)
    if len(grad_outputs) != n_out:
        raise TypeError(f"expected {n_out} arguments, got {len(grad_outputs)} instead")
    if positions is None:
        seeds, cots = [_clone(op)], [grad_outputs[0].node]
    else:  # one gradient per output of a multi-output node (None: no gradient)
        base = _clone(op)
        seeds, cots = [], []
        for k, position in enumerate(positions):
            g = grad_outputs[position]
            if g is not None:
                seeds.append(core.Op(getitem, (("index", k),), (base,), base.value[k], True, None, op.name))
                cots.append(g.node)
    edges = edge_inputs(op)
    traced = [i for i in edges if i.traced]
    create = core.recording.grad_enabled()
    with core.recording.grad_mode(create):
        local = dict(zip(traced, core.vjp(seeds, traced, cots, create_graph=create))) if seeds else {}
    out = tuple(None if local.get(i) is None else wrap(local[i] if create else core.detached(local[i]))
                for i in edges)
    return out[0] if len(out) == 1 else out


Node.__call__ = _call
Node.next_functions = property(_next_functions)
Node.metadata = property(_metadata)
Node.register_hook = _register_hook
Node.register_prehook = _register_prehook
Node.__getattr__ = _getattr


# ----- hooks the engine runs ------------------------------------------------------------

def _hook_error(kind: str, got: int, expected: int) -> RuntimeError:
    return RuntimeError(f"hook '{kind}' has returned an incorrect number of values (got {got}, but "
                        f"expected {expected})")


def run_prehooks(node: core.Node, grad: Tensor) -> Tensor:
    """The node's pre hooks on ``(grad,)``; each may return a replacement tuple."""
    for hook in hooks.hooks_of(node, "pre"):
        result = hook((grad,))
        if result is not None:
            result = tuple(result)
            if len(result) != 1:
                raise _hook_error(getattr(hook, "__name__", "hook"), len(result), 1)
            grad = result[0]
    return grad


def _replacing(hook_list: list, values: tuple, *context) -> tuple:
    """Each hook called on ``values`` (and ``context``) in turn; one may return a replacement
    tuple of the same length, which the next hooks see."""
    for hook in hook_list:
        result = hook(values, *context)
        if result is not None:
            result = tuple(result)
            if len(result) != len(values):
                raise _hook_error(getattr(hook, "__name__", "hook"), len(result), len(values))
            values = result
    return values


def run_shared_prehooks(node: core.Node, grads: tuple) -> tuple:
    """The pre hooks of a multi-output node on the gradients of all its outputs (None for an
    output that got none); each may return a replacement tuple."""
    return _replacing(hooks.hooks_of(node, "pre"), grads)


def posthooks(node: core.Node) -> list:
    return hooks.hooks_of(node, "post")


def run_posthooks(node: core.Node, grad_inputs: tuple, grad_outputs: tuple) -> tuple:
    return _replacing(posthooks(node), grad_inputs, grad_outputs)


def after_accumulate(leaf: core.Node, grad: Tensor) -> None:
    """A leaf's ``.grad`` was accumulated: its post-accumulate-grad hooks, then the
    AccumulateGrad node's post hooks (``grad_inputs`` empty)."""
    post_acc = hooks.hooks_of(leaf, "post_acc")
    if post_acc:
        t = tensor_of(leaf)
        for hook in post_acc:
            if hook(t) is not None:
                raise RuntimeError("Tensor post accumulate grad hooks should return None.")
    for hook in posthooks(leaf):
        hook((), (grad,))


def register_post_accumulate_grad_hook(self: Tensor, hook: Callable) -> hooks.RemovableHandle:
    """``Tensor.register_post_accumulate_grad_hook``: ``hook(tensor)`` after a backward pass
    accumulated this leaf's ``.grad`` (its return value must be None)."""
    if not self.requires_grad:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if not self.is_leaf:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors")
    remember_tensor(self)
    return hooks.register_in(self.node, "post_acc", hook)


def detached_in_place(node: core.Node) -> bool:
    """Whether ``node`` was the value of a tensor that ``detach_()`` detached."""
    n = peek_notes(node)
    return bool(n and n.get("detached_in_place"))


def _output_nr(self: Tensor) -> int:
    return output_nr(self.node)


Tensor.output_nr = property(_output_nr)
Tensor.register_post_accumulate_grad_hook = register_post_accumulate_grad_hook


# ----- saved tensors --------------------------------------------------------------------

_POW = ("PowBackward0",)
_SAVED_NAMES = {"PowBackward0": ("self", "exponent"), "PowBackward1": ("self", "exponent")}


class SavedTensor:
    """``torch.autograd.SavedTensor``: a tensor a node saved for its backward
    (``grad_fn._raw_saved_self``); ``register_hooks(pack, unpack)`` packs it now and unpacks
    it when the backward pass (or ``_saved_self``) needs it."""

    def __init__(self, *args, **kwargs) -> None:
        raise RuntimeError("Trying to create a SavedTensor object from Python is forbidden.")

    @classmethod
    def _make(cls, op: core.Op, node: core.Node, as_output: bool, name: str, index: int) -> "SavedTensor":
        self = object.__new__(cls)
        self._op, self._node, self._as_output, self._name = op, node, as_output, name
        self._index = index
        self._hooks = None  # (packed, unpack)
        return self

    def _tensor(self) -> Tensor:
        if self._as_output:
            return _output_alias(self._node)
        return tensor_of(self._node)

    def register_hooks(self, pack_hook: Callable, unpack_hook: Callable) -> None:
        """Pack the saved tensor now with ``pack_hook``; ``unpack_hook`` gives it back when used."""
        if self._hooks is not None:
            raise RuntimeError("Calling register_hooks on a saved tensor whose hooks have already been set. "
                               "Hint: only one pair of hooks is allowed at a time.")
        _check_freed(self._op)
        packed = pack(pack_hook, self._tensor())
        self._hooks = (packed, unpack_hook)

    def unpack(self) -> Tensor:
        _check_freed(self._op)
        if self._hooks is None:
            return self._tensor()
        packed, unpack_hook = self._hooks
        return unpacked(unpack_hook, packed)

    def unpack_for_user(self) -> Tensor:
        """``grad_fn._saved_*``: as ``unpack``, but what an unpack hook returned for a saved
        non-leaf carries that tensor's grad_fn, as torch re-attaches it to the graph."""
        t = self.unpack()
        node = self._node
        if self._hooks is None or t.node is node or not isinstance(node, core.Op) or not node.traced:
            return t
        value = t._value
        clone = core.Op(node.fn, node.static, node.inputs, value, True, t.node.aval, node.name)
        # the saved tensor's own grad_fn object while it lives (a clone of its op otherwise: same edges)
        notes(clone)["grad_fn"] = weakref.ref(grad_fn_object(node))
        return wrap(clone)


def _output_alias(node: core.Node) -> Tensor:
    """A saved output as torch unpacks it: a new tensor object sharing the output's storage
    and version counter (it sees later in-place changes of the output)."""
    ref = node.owner
    owner = ref() if ref is not None else None
    if owner is None:
        return wrap(node)
    from .. import views
    return views.attach(owner, wrap(owner.node))


def pack(pack_hook: Callable, t: Tensor):
    """``pack_hook(t)``, with torch's error for a hook that modifies its input in place."""
    from . import versions
    before = versions.version(t.node)
    node = t.node
    with core.recording.grad_mode(False):  # torch packs under no_grad
        packed = pack_hook(t)
    if t.node is not node or versions.version(t.node) != before:
        raise RuntimeError("A saved tensor pack hook is modifying its input in place. Tensors provided as "
                           "input to pack hook can not be modified by in-place operations as this can lead "
                           "to unexpected side-effects. Please open an issue if you need to perform in-place "
                           "operations on the input to a pack hook.")
    return packed


def unpacked(unpack_hook: Callable, packed) -> Tensor:
    out = unpack_hook(packed)
    if not isinstance(out, Tensor):
        raise TypeError(f"Output of saved tensor unpack_hook expected to be a Tensor but got result of type "
                        f"{type(out).__name__}")
    return out


def _check_freed(op: core.Op) -> None:
    from . import engine
    if op in engine._freed:
        raise RuntimeError(engine._FREED_MESSAGE)


def saved_nodes(op: core.Op) -> list[tuple[str, core.Node, bool, int]]:
    """(name, node, is the op's output, input position) for each tensor ``op``'s torch backward saves.
    Python numbers are saved by torch as wrapped numbers, never seen by hooks: left out."""
    from . import engine
    if not isinstance(op, core.Op):
        return []
    names = _SAVED_NAMES.get(op.name, ("self", "other"))
    out = []
    if op.name in _POW and not isinstance(op.inputs[0], core.Scalar):
        return [("self", op.inputs[0], False, 0)]
    used: set = set()
    for node, as_output in engine._saved(op):
        if _wrapped_number(node):
            continue
        if as_output:
            out.append(("result", node, True, -1))
            continue
        index = next(k for k, i in enumerate(op.inputs) if i is node and k not in used)  # x * x saves x twice
        used.add(index)
        out.append((names[index] if index < len(names) else f"input{index}", node, False, index))
    return out


def _wrapped_number(node: core.Node) -> bool:
    """A python number operand (torch saves it as a wrapped number, which hooks never see)."""
    from ..functions import WrappedNumber
    return isinstance(node, (core.Scalar, WrappedNumber))


def saved_slots(op: core.Op) -> dict:
    """The node's SavedTensor objects by name (made on first use, kept on the node)."""
    table = notes(op)
    slots = table.get("saved")
    if slots is None:
        slots = table["saved"] = {name: SavedTensor._make(op, node, as_output, name, index)
                                  for name, node, as_output, index in saved_nodes(op)}
    return slots


def saved_slot(op: core.Op, name: str) -> SavedTensor | None:
    if not isinstance(op, core.Op):
        return None
    return saved_slots(op).get(name)


# ----- backward passes ------------------------------------------------------------------

class Pass:
    """One backward pass (``register_multi_grad_hook`` keeps its state per pass)."""

    __slots__ = ("_end", "accumulating", "__weakref__")

    def __init__(self, accumulating: bool = False) -> None:
        self._end: list = []
        self.accumulating = accumulating  # run by backward() (not grad())

    def at_end(self, fn: Callable[[], None]) -> None:
        """Call ``fn`` when the pass completes (not when it fails)."""
        self._end.append(fn)


class _Passes(threading.local):
    def __init__(self) -> None:
        self.stack: list[Pass] = []
        self.accumulating = False


@contextlib.contextmanager
def accumulating() -> Iterator[None]:
    """``backward()`` (not ``grad()``) is running its pass: non-leaf ``inputs=`` run their pre hooks."""
    previous, _PASSES.accumulating = _PASSES.accumulating, True
    try:
        yield
    finally:
        _PASSES.accumulating = previous


def is_accumulating() -> bool:
    """Whether the running pass was started by ``backward()``."""
    p = current_pass()
    return p is not None and p.accumulating


_PASSES = _Passes()


def current_pass() -> Pass | None:
    return _PASSES.stack[-1] if _PASSES.stack else None


@contextlib.contextmanager
def backward_pass() -> Iterator[Pass]:
    """The engine runs each backward pass inside, and calls ``finish`` when it succeeded."""
    p = Pass(_PASSES.accumulating)
    _PASSES.stack.append(p)
    _PASSES.accumulating = False  # a pass started inside this one (a hook, a custom backward) is its own
    try:
        yield p
    finally:
        _PASSES.stack.pop()
        _PASSES.accumulating = p.accumulating


def finish(p: Pass) -> None:
    """The pass completed (a custom backward's error included in the check): run its end callbacks."""
    for fn in p._end:
        fn()
