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
(each its own grad_fn object). The ``_saved_*`` / ``_raw_saved_*`` attributes (and ``dir()``)
are torch's for the nodes of ``_SAVED_ATTRS`` (the common ops); other nodes give their saved
tensors by position (``self``, ``other``; ``result`` for outputs) and list none in ``dir()``.
A negative ``dim`` shows as given (torch's 2**64 - 1 for -1) for softmax / log_softmax / sum /
mean; other nodes show the normalized dim.
"""
from __future__ import annotations

import contextlib
import threading
import weakref
from typing import Callable, Iterator

import numpy as np

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
        short = name[len("_raw_saved_" if raw else "_saved_"):]
        attrs = None if isinstance(self, AccumulateGrad) else torch_attrs(self._op)
        if attrs is not None:  # a node whose attributes are torch's (the table below)
            if short in attrs:
                return saved_value(self._op, short, raw)
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        slot = saved_slot(self._op, short)
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
# torch's names of a node's tensor inputs by position ("self", "other" unless named here)
_SAVED_NAMES = {"PowBackward0": ("self", "exponent"), "PowBackward1": ("self", "exponent"),
                "PowBackward2": ("self", "exponent"), "MmBackward0": ("self", "mat2"),
                "BmmBackward0": ("self", "mat2"), "AddmmBackward0": ("self", "mat1", "mat2"),
                ("AddmmBackward0", "linear_bias"): ("mat1", "weight", "bias"),
                ("MulBackward0", "div"): ("other", "self"),  # 2.0 / a: torch's a.reciprocal() * 2.0
                "ConvolutionBackward0": ("input", "weight", "bias"),
                "NativeLayerNormBackward0": ("input", "weight", "bias"),
                "MseLossBackward0": ("self", "target"), "BinaryCrossEntropyBackward0": ("self", "target", "weight"),
                "BinaryCrossEntropyWithLogitsBackward0": ("self", "target"), "NllLossBackward0": ("self", "target", "weight"),
                "WhereBackward0": ("condition", "self", "other"), "MaskedFillBackward0": ("self", "mask", "value"),
                "GatherBackward0": ("self", "index"), "EmbeddingBackward0": ("weight", "indices")}


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

    def _tensor(self) -> Tensor | None:
        if self._node is None:  # torch's undefined saved tensor (what the backward did not need)
            return None
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
        if t is None or self._hooks is None or t.node is node or not isinstance(node, core.Op) or not node.traced:
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
    names = _names(op)
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


# ----- torch's saved attributes per node ------------------------------------------------
# What ``dir(grad_fn)`` lists and ``grad_fn._saved_<name>`` gives, for the nodes users meet
# most, from torch's derivatives: a tensor attribute is the node's SavedTensor of that name
# (``_OPT``: None when the backward did not need it, as torch saves ``self`` of ``a * b`` only
# when ``b`` requires grad; ``_IN``: always saved, the op's input at that position, or the op's
# output for ``result``), or a function of the op for what torch keeps beside the tensors.

_INT64_MAX = (1 << 63) - 1
_OPT = object()
_IN = object()


class _T:
    """A tensor attribute torch saves that the op computes on demand (``_raw_saved_*`` lists it)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable) -> None:
        self.fn = fn

    def __call__(self, op: core.Op):
        return self.fn(op)


def _st(op: core.Op) -> dict:
    return dict(op.static) if op.static else {}


def _shape(op: core.Op, k: int = 0) -> tuple:
    return tuple(op.inputs[k].aval.shape)


def _u64(i: int) -> int:
    """A negative int64 attribute as torch's Python binding shows it (as an unsigned 64-bit value)."""
    return i + (1 << 64) if i < 0 else i


def _dims(axis) -> tuple:
    return tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)


def _reduction(op: core.Op) -> int:
    return {"none": 0, "mean": 1, "sum": 2}[_st(op)["reduction"]]


def _out(op: core.Op, k: int | None = None) -> Tensor:
    """The op's output (``k``-th of a multi-output op) as a new tensor object."""
    value = op.value
    if k is not None:
        value = value[k]
    return wrap(core.Constant(value))


def _contiguous(shape: tuple) -> tuple:
    out, step = [], 1
    for n in reversed(shape):
        out.append(step)
        step *= max(n, 1)
    return tuple(reversed(out))


def _strides(node: core.Node) -> tuple:
    """The strides torch's tensor of ``node`` has: contiguous, or a permutation of its base's."""
    if isinstance(node, core.Op) and _fn_name(node) == "permute":
        base = _strides(node.inputs[0])
        return tuple(base[a] for a in _st(node)["axes"])
    return _contiguous(tuple(node.aval.shape))


def _transposed_weight(op: core.Op) -> Tensor:
    """``linear``'s ``mat2``: the transposed weight torch's addmm saves."""
    return tensor_of(op.inputs[1]).t()




def _select(op: core.Op) -> tuple[int, int]:
    index = _st(op)["index"]
    dim = next(d for d, entry in enumerate(index) if entry[0] == "int")
    return dim, _u64(index[dim][1])


def _slice(op: core.Op) -> tuple[int, int, int, int]:
    """(dim, start, end, step) of a basic slice (torch's ``SliceBackward0``)."""
    index = _st(op)["index"]
    for dim, entry in enumerate(index):
        if entry[0] == "slice" and entry[1:] != (None, None, None):
            _, start, stop, step = entry
            return dim, 0 if start is None else _u64(start), _INT64_MAX if stop is None else _u64(stop), step or 1
    return 0, 0, _INT64_MAX, 1


def _transpose_dims(op: core.Op) -> tuple[int, int]:
    given = _extra(op, "dims", None)
    if given is not None:
        return _u64(given[0]), _u64(given[1])
    moved = [d for d, a in enumerate(_st(op)["axes"]) if a != d]
    return (moved[0], moved[1]) if len(moved) == 2 else (0, 0)


def _layer_norm_stats(op: core.Op, k: int) -> Tensor:
    """``native_layer_norm``'s saved mean (``result1``) and reciprocal std (``result2``)."""
    import jax.numpy as jnp
    x = op.inputs[0].value
    n = _st(op).get("n", 1)
    axes = tuple(range(x.ndim - n, x.ndim))
    mean = jnp.mean(x, axis=axes, keepdims=True)
    if k == 1:
        return wrap(core.Constant(mean))
    var = jnp.mean(jnp.square(x - mean), axis=axes, keepdims=True)
    return wrap(core.Constant(1 / jnp.sqrt(var + _st(op).get("eps", 1e-5))))


def _total_weight(op: core.Op) -> Tensor:
    """``nll_loss``'s saved total weight: the number (sum of class weights) of counted targets."""
    import jax.numpy as jnp
    x, target = op.inputs[0].value, op.inputs[1].value
    counted = target != _st(op).get("ignore_index", -100)
    w = op.inputs[2].value[jnp.where(counted, target, 0)] if len(op.inputs) > 2 else 1.0
    return wrap(core.Constant(jnp.sum(jnp.where(counted, w, 0)).astype(x.dtype)))


def _dropout_mask(op: core.Op) -> Tensor:
    import jax.numpy as jnp
    x, mask = op.inputs[0].value, op.inputs[1].value
    return wrap(core.Constant(mask.astype(x.dtype) * jnp.asarray(_st(op)["scale"], x.dtype)))


def _number(x):
    """A float static that torch shows as the int the user's default was (``ord=2``, ``beta=1``)."""
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _opt_dims(axis):
    return None if axis is None else _dims(axis)


def _correction(op: core.Op):
    st = _st(op)
    return None if st["axis"] is None and st["correction"] == 1 else st["correction"]


def _optional_input(op: core.Op, k: int, flag: str):
    return tensor_of(op.inputs[k]) if _st(op).get(flag) else None


def _fn_name(op: core.Op) -> str:
    return getattr(op.fn, "__name__", "")


_MM = {"self": _OPT, "self_sym_sizes": lambda op: _shape(op, 0), "mat2": _OPT,
       "mat2_sym_sizes": lambda op: _shape(op, 1),
       "self_sym_strides": lambda op: _strides(op.inputs[0]),
       "mat2_sym_strides": lambda op: _strides(op.inputs[1])}
_ADDMM = {"alpha": lambda op: _st(op).get("alpha", 1), "beta": lambda op: _st(op).get("beta", 1),
          "mat1": _OPT, "mat1_sym_sizes": lambda op: _shape(op, 1), "mat1_sym_strides": lambda op: _strides(op.inputs[1]),
          "mat2": _OPT, "mat2_sym_sizes": lambda op: _shape(op, 2), "mat2_sym_strides": lambda op: _strides(op.inputs[2])}
# F.linear: one addmm node in torch (2-d input), kernel inputs (input, weight, bias); mat2 is weight.t()
_LINEAR = {**_ADDMM, "mat1_sym_sizes": lambda op: _shape(op, 0), "mat1_sym_strides": lambda op: _strides(op.inputs[0]),
           "mat2": _T(_transposed_weight), "mat2_sym_sizes": lambda op: _shape(op, 1)[::-1],
           "mat2_sym_strides": lambda op: _strides(op.inputs[1])[::-1]}
_ALPHA = {"alpha": lambda op: _extra(op, "alpha", 1)}
_BINARY = {"self": _OPT, "other": _OPT}
_RESULT = {"result": _IN}
_SELF = {"self": _IN}
_SIZES = {"self_sym_sizes": lambda op: _shape(op)}
_MAX_DIM = {"dim": lambda op: _st(op)["axis"], "indices": _T(lambda op: _out(op, 1)),
            "keepdim": lambda op: _st(op)["keepdims"], **_SIZES}

# node name -> {attribute: _OPT | _IN | fn(op)}; the positions of tensor inputs are named by
# _SAVED_NAMES (by node name, or by (node name, kernel name) where one node has two kernels)
_SAVED_ATTRS: dict[str, dict] = {
    "AddBackward0": _ALPHA, "SubBackward0": _ALPHA, "RsubBackward1": _ALPHA,
    "MulBackward0": _BINARY, "DivBackward0": _BINARY,
    "PowBackward0": {"exponent": lambda op: _st(op)["exponent"] if "exponent" in _st(op) else 2, "self": _IN},  # square
    "PowBackward1": {"exponent": _IN, "result": _IN, "self": _IN},
    "PowBackward2": {"exponent": _IN, "result": _IN, "self": lambda op: _py_number(op.inputs[0])},
    "MmBackward0": _MM, "BmmBackward0": {"self": _OPT, "mat2": _OPT}, "AddmmBackward0": _ADDMM,
    "ReluBackward0": _RESULT, "SigmoidBackward0": _RESULT, "TanhBackward0": _RESULT,
    "ExpBackward0": _RESULT, "SqrtBackward0": _RESULT, "RsqrtBackward0": _RESULT,
    "LogBackward0": _SELF, "SinBackward0": _SELF, "CosBackward0": _SELF, "AbsBackward0": _SELF,
    "NegBackward0": {}, "TBackward0": {}, "CloneBackward0": {}, "ToCopyBackward0": {},
    "SoftmaxBackward0": {"dim": lambda op: _given_dim(op, _st(op)["axis"]), **_RESULT},
    "LogSoftmaxBackward0": {"dim": lambda op: _given_dim(op, _st(op)["axis"]), **_RESULT},
    "SumBackward0": _SIZES,
    "SumBackward1": {"dim": lambda op: _dims(_given_dim(op, _st(op)["axis"])), "keepdim": lambda op: _st(op)["keepdims"], **_SIZES},
    "MeanBackward0": {"self_sym_numel": lambda op: op.inputs[0].aval.size, **_SIZES},
    "MeanBackward1": {"dim": lambda op: _dims(_given_dim(op, _st(op)["axis"])), "keepdim": lambda op: _st(op)["keepdims"],
                      "self_sym_numel": lambda op: op.inputs[0].aval.size, **_SIZES},
    "MaxBackward0": _MAX_DIM, "MinBackward0": _MAX_DIM,
    "MaxBackward1": {"result": _IN, "self": _IN}, "MinBackward1": {"result": _IN, "self": _IN},
    "ViewBackward0": _SIZES, "ExpandBackward0": _SIZES,
    "TransposeBackward0": {"dim0": lambda op: _transpose_dims(op)[0], "dim1": lambda op: _transpose_dims(op)[1]},
    "PermuteBackward0": {"dims": lambda op: tuple(_st(op)["axes"])},
    "UnsqueezeBackward0": {"dim": lambda op: _given_dim(op, _st(op)["axis"])},
    "IndexBackward0": {"indices": _T(lambda op: tuple(tensor_of(i) for i in op.inputs[1:])), **_SIZES},
    "SelectBackward0": {"dim": lambda op: _select(op)[0], "index": lambda op: _select(op)[1], **_SIZES},
    "SliceBackward0": {"dim": lambda op: _slice(op)[0], "end": lambda op: _slice(op)[2],
                       "start": lambda op: _slice(op)[1], "step": lambda op: _slice(op)[3], **_SIZES},
    "CatBackward0": {"dim": lambda op: _given_dim(op, _st(op)["axis"])}, "StackBackward0": {"dim": lambda op: _st(op)["axis"]},
    "ConvolutionBackward0": {
        "bias_sym_sizes_opt": lambda op: _shape(op, 2) if len(op.inputs) > 2 else None,
        "dilation": lambda op: tuple(_st(op)["dilation"]), "groups": lambda op: _st(op)["groups"],
        "input": _IN, "output_padding": lambda op: (0,) * len(_st(op)["stride"]),
        "padding": lambda op: tuple(_st(op)["padding"]), "stride": lambda op: tuple(_st(op)["stride"]),
        "transposed": lambda op: False, "weight": _IN},
    "NativeLayerNormBackward0": {
        "bias": _IN, "input": _IN, "normalized_shape": lambda op: _shape(op)[len(_shape(op)) - _st(op).get("n", 1):],
        "result1": _T(lambda op: _layer_norm_stats(op, 1)), "result2": _T(lambda op: _layer_norm_stats(op, 2)),
        "weight": _IN},
    "MseLossBackward0": {"reduction": _reduction, "self": _IN, "target": _IN},
    "NllLossBackward0": {"ignore_index": lambda op: _u64(_st(op).get("ignore_index", -100)), "reduction": _reduction,
                         "self": _IN, "target": _IN, "total_weight": _T(_total_weight),
                         "weight": _T(lambda op: tensor_of(op.inputs[2]) if len(op.inputs) > 2 else None)},
    "ClampBackward1": {"max": lambda op: _st(op)["hi"], "min": lambda op: _st(op)["lo"], "self": _IN},
    "WhereBackward0": {"condition": _IN}, "MaskedFillBackward0": {"mask": _IN},
    "GatherBackward0": {"dim": lambda op: _st(op)["axis"], "index": _IN, "self": _IN,
                        "sparse_grad": lambda op: False},
    "EmbeddingBackward0": {"indices": _IN, "padding_idx": lambda op: _u64(-1 if _st(op).get("padding_idx") is None
                                                                         else _st(op)["padding_idx"]),
                           "scale_grad_by_freq": lambda op: False, "sparse": lambda op: False,
                           "weight_sym_argsize_0": lambda op: _shape(op, 0)[0]},
    "CosBackward0": _SELF, "Log1PBackward0": _SELF, "SiluBackward0": _SELF,
    "SoftplusBackward0": {"beta": lambda op: _number(_st(op)["beta"]), "self": _IN,
                          "threshold": lambda op: _number(_st(op)["threshold"])},
    "SqueezeBackward0": _SIZES, "SqueezeBackward1": {"dim": lambda op: _st(op)["axes"][0], **_SIZES},
    "SqueezeBackward2": {"dim": lambda op: tuple(_st(op)["axes"]), **_SIZES},
    "UnbindBackward0": {"dim": lambda op: _select(op)[0]},
    # torch keeps the correction a user gave: None for var() / std() without one (gradcompat's 1)
    "VarBackward0": {"correction": _correction, "dim": lambda op: _opt_dims(_st(op)["axis"]),
                     "keepdim": lambda op: _st(op)["keepdims"], "self": _IN},
    "StdBackward0": {"correction": _correction, "dim": lambda op: _opt_dims(_st(op)["axis"]),
                     "keepdim": lambda op: _st(op)["keepdims"], "result": _IN, "self": _IN},
    "LinalgVectorNormBackward0": {"dim": lambda op: _opt_dims(_st(op)["axis"]), "keepdim": lambda op: _st(op)["keepdims"],
                                  "ord": lambda op: _number(_st(op)["p"]), "result": _IN, "self": _IN},
    "BinaryCrossEntropyWithLogitsBackward0": {
        "pos_weight": _T(lambda op: _optional_input(op, 2 + bool(_st(op).get("has_weight")), "has_pos_weight")),
        "reduction": _reduction, "self": _IN, "target": _IN,
        "weight": _T(lambda op: _optional_input(op, 2, "has_weight"))},
    "BinaryCrossEntropyBackward0": {"reduction": _reduction, "self": _IN, "target": _IN,
                                    "weight": _T(lambda op: tensor_of(op.inputs[2]) if len(op.inputs) > 2 else None)},
    "GeluBackward0": {"approximate": lambda op: "tanh" if _st(op).get("approximate") else "none", "self": _IN},
    "LeakyReluBackward0": {"negative_slope": lambda op: _st(op)["slope"], "self": _IN},
}
_POOL = {"ceil_mode": lambda op: _pool(op)[4], "dilation": lambda op: _pool(op)[3],
         "kernel_size": lambda op: _pool(op)[0], "padding": lambda op: _pool(op)[2], "self": _IN,
         "stride": lambda op: _pool(op)[1]}
_MAX_POOL = {**_POOL, "result1": _T(lambda op: _pool_indices(op))}
_AVG_POOL = {k: v for k, v in _POOL.items() if k != "dilation"}
_AVG_POOL.update({"count_include_pad": lambda op: _extra(op, "count_include_pad", True),
                  "divisor_override": lambda op: _extra(op, "divisor_override", None)})
_REDUCE_DIM = {"dim": lambda op: _dims(_given_dim(op, _st(op)["axis"])), "keepdim": lambda op: _st(op)["keepdims"],
               "result": _IN, "self": _IN}
_SORT = {"dim": lambda op: _given_dim(op, _st(op)["axis"]), "indices": _T(lambda op: _out(op, 1)), **_SIZES}
_SAVED_ATTRS.update({
    "MaxPool2DWithIndicesBackward0": _MAX_POOL, "MaxPool3DWithIndicesBackward0": _MAX_POOL,
    "AvgPool2DBackward0": _AVG_POOL, "AvgPool3DBackward0": _AVG_POOL,
    "NativeBatchNormBackward0": {
        "eps": lambda op: _st(op)["eps"], "input": _IN,
        "result1": _T(lambda op: _batch_stats(op, 1)), "result2": _T(lambda op: _batch_stats(op, 2)),
        "running_mean": _T(lambda op: _running(op, 1)), "running_var": _T(lambda op: _running(op, 2)),
        "training": lambda op: "train" in _fn_name(op),
        "weight": _T(lambda op: _bn_weight(op))},
    "AmaxBackward0": _REDUCE_DIM, "AminBackward0": _REDUCE_DIM, "LogsumexpBackward0": _REDUCE_DIM,
    "ProdBackward0": {"result": _IN, "self": _IN},
    "ProdBackward1": {"dim": lambda op: _given_dim(op, _dims(_st(op)["axis"])[0]), "keepdim": lambda op: _st(op)["keepdims"],
                      "result": _IN, "self": _IN},
    "SplitBackward0": {"dim": lambda op: _st(op)["axis"], **_SIZES, "split_size": lambda op: _split_size(op)},
    "SplitWithSizesBackward0": {"dim": lambda op: _st(op)["axis"], **_SIZES,
                                "split_sizes": lambda op: _split_sizes(op)},
    "TopkBackward0": _SORT, "SortBackward0": _SORT,
    "CumsumBackward0": {"dim": lambda op: _given_dim(op, _st(op)["axis"])},
    "ConstantPadNdBackward0": {"pad": lambda op: _torch_pad(_st(op)["widths"])},
    "TrilBackward0": {"diagonal": lambda op: _st(op)["k"]}, "TriuBackward0": {"diagonal": lambda op: _st(op)["k"]},
    "MvBackward0": {"self": _OPT, "vec": _OPT},
    "RepeatBackward0": {"repeats": lambda op: tuple(_st(op)["reps"]), **_SIZES},
    "EluBackward0": {"alpha": lambda op: _st(op)["alpha"], "input_scale": lambda op: 1, "scale": lambda op: 1,
                     "self": _IN},
    "SmoothL1LossBackward0": {"beta": lambda op: _st(op)["beta"], "reduction": _reduction, "self": _IN, "target": _IN},
})
_SAVED_NAMES.update({"MvBackward0": ("self", "vec"), "SmoothL1LossBackward0": ("self", "target"),
                     "NativeBatchNormBackward0": ("input", "weight", "bias"),
                     ("NativeBatchNormBackward0", "batch_norm_affine"): ("input", "running_mean", "running_var",
                                                                         "weight", "bias"),
                     ("NativeBatchNormBackward0", "batch_norm_plain"): ("input", "running_mean", "running_var")})


def _pool(op: core.Op) -> tuple:
    """(kernel_size, stride, padding, dilation, ceil_mode) of a pooling op as torch shows them (a
    stride not given as torch's ``()``; F.max_pool2d / avg_pool2d note what their op cannot carry)."""
    st = _st(op)
    window = st["window"]
    n = 3 if "3D" in op.name else 2
    kernel, stride = tuple(window[-n:]), tuple(st["strides"][-n:])
    pads = st["padding"][-n:]
    dilation = tuple(st.get("dilation", (1,) * n)[-n:])
    return kernel, stride if _extra(op, "stride_given", False) else (), tuple(p[0] for p in pads), dilation, \
        _extra(op, "ceil_mode", False)


def _pool_indices(op: core.Op) -> Tensor:
    """max_pool's indices (flat positions in each input plane; the first of equal maxima)."""
    import jax.numpy as jnp
    from jax import lax
    st = _st(op)
    x = op.inputs[0].value
    n = 3 if "3D" in op.name else 2
    plane = x.shape[-n:]
    idx = jnp.broadcast_to(jnp.arange(int(np.prod(plane)), dtype=jnp.int64).reshape(plane), x.shape)

    def first_max(a, b):
        (av, ai), (bv, bi) = a, b
        take = (bv > av) | (jnp.isnan(bv) & ~jnp.isnan(av)) | ((bv == av) & ((ai < 0) | ((bi >= 0) & (bi < ai))))
        return jnp.where(take, bv, av), jnp.where(take, bi, ai)

    init = (jnp.asarray(-jnp.inf, x.dtype), jnp.asarray(-1, jnp.int64))
    _, out = lax.reduce_window((x, idx), init, first_max, st["window"], st["strides"], st["padding"],
                               window_dilation=st.get("dilation"))
    return wrap(core.Constant(out))


def _split_size(op: core.Op) -> int:
    """``split``'s size from one piece: piece i > 0 starts at i * size; the first piece is full."""
    st = _st(op)
    i = hooks.group_index(op)
    return st["start"] // i if i else st["stop"] - st["start"]


def _split_sizes(op: core.Op):
    """``split_with_sizes``' sizes (``shape.split`` notes them)."""
    return _extra(op, "split_sizes", None)


def _batch_stats(op: core.Op, k: int) -> Tensor:
    """batch_norm's saved batch mean (``result1``) and reciprocal std (``result2``); empty in eval."""
    import jax.numpy as jnp
    x = op.inputs[0].value
    if "train" not in _fn_name(op):
        return wrap(core.Constant(jnp.zeros((0,), x.dtype)))
    axes = tuple(_st(op)["axes"])
    mean = jnp.mean(x, axis=axes)
    if k == 1:
        return wrap(core.Constant(mean))
    var = jnp.var(x, axis=axes)
    return wrap(core.Constant(1 / jnp.sqrt(var + _st(op)["eps"])))


def _running(op: core.Op, k: int):
    if "train" in _fn_name(op):
        return _extra(op, "running_mean" if k == 1 else "running_var", None)
    return tensor_of(op.inputs[k])


def _bn_weight(op: core.Op):
    fn = _fn_name(op)
    if "affine" not in fn:
        return None
    return tensor_of(op.inputs[1 if "train" in fn else 3])


def _torch_pad(widths) -> tuple:
    """F.pad's ``pad`` from per-dim (low, high) widths: last dim first, outer zero pairs left off."""
    pairs = [tuple(w) for w in reversed(widths)]
    while len(pairs) > 1 and pairs[-1] == (0, 0):
        pairs.pop()
    return tuple(v for pair in pairs for v in pair)


def _normalize_denominator(op: core.Op) -> Tensor:
    """F.normalize's divisor: the clamped norm, expanded to the input's shape."""
    import jax.numpy as jnp
    st = _st(op)
    x = op.inputs[0].value
    p = st["p"]
    norm = jnp.sum(jnp.abs(x) ** p, axis=st["axis"], keepdims=True) ** (1 / p)
    return wrap(core.Constant(jnp.broadcast_to(jnp.maximum(norm, st["eps"]), x.shape)))


# kernels whose node torch builds differently from the op's own name
_KERNEL_ATTRS = {("MulBackward0", "dropout"): {"self": _T(lambda op: None), "other": _T(_dropout_mask)},
                 ("AddmmBackward0", "linear_bias"): _LINEAR,
                 ("DivBackward0", "normalize"): {"other": _T(_normalize_denominator), "self": _IN},
                 ("MeanBackward1", "adaptive_avg_pool"): {  # a global average: torch's mean over (-1, -2)
                     "dim": lambda op: tuple(_u64(-1 - k) for k in range(len(_st(op)["out"]))),
                     "keepdim": lambda op: True, "self_sym_numel": lambda op: op.inputs[0].aval.size, **_SIZES},
                 ("UnsafeViewBackward0", "matmul"): {  # the batched mm's output before torch's view
                     "self_sym_sizes": lambda op: (int(np.prod(op.aval.shape[:-1])), op.aval.shape[-1])}}


def _extra(node: core.Node, key: str, default):
    """What the torch dialect kept beside ``node`` for its grad_fn (``functions.SAVED_EXTRAS``)."""
    from ..functions import SAVED_EXTRAS
    return SAVED_EXTRAS.get(node, {}).get(key, default)


def _given_dim(op: core.Op, axis):
    """The dim a user gave (torch shows a negative one as unsigned), else the op's own."""
    dim = _extra(op, "dim", None)
    if dim is None:
        return axis
    return tuple(_u64(d) for d in dim) if isinstance(dim, (tuple, list)) else _u64(dim)


def _py_number(node: core.Node):
    """A python number operand as torch keeps it (its own type)."""
    x = _extra(node, "py_number", None)
    if x is not None:
        return x
    value = node.value
    return value.item() if hasattr(value, "item") else value


def _wrapped_tensor(node: core.Node) -> Tensor:
    """A python number operand as torch saves it: a 0-dim tensor of its own type's dtype."""
    import numpy as np
    x = _py_number(node)
    kind = np.bool_ if isinstance(x, bool) else np.int64 if isinstance(x, int) else \
        np.complex128 if isinstance(x, complex) else np.float64
    return wrap(core.Constant(np.asarray(x, dtype=kind)))


def torch_attrs(op) -> dict | None:
    """torch's saved attributes of ``op``'s node (None: a node this table does not describe)."""
    if not isinstance(op, core.Op):
        return None
    return _KERNEL_ATTRS.get((op.name, _fn_name(op))) or _SAVED_ATTRS.get(op.name)


def _input_position(op: core.Op, name: str) -> int | None:
    names = _names(op)
    return names.index(name) if name in names else None


def saved_value(op: core.Op, name: str, raw: bool):
    """``grad_fn._saved_<name>`` (``raw``: ``_raw_saved_<name>``) of a node the table describes."""
    spec = torch_attrs(op)[name]
    slot = saved_slot(op, name)
    if spec is _OPT or spec is _IN:
        if slot is None:
            k = _input_position(op, name)
            node = None
            if k is not None and k < len(op.inputs):
                node = op.inputs[k]
                if _wrapped_number(node):
                    value = _wrapped_tensor(node)
                    return SavedTensor._make(op, value.node, False, name, k) if raw else value
                if spec is _OPT:
                    node = None
            if name.startswith("result") and spec is _IN:
                slot = SavedTensor._make(op, op, True, name, -1)
            elif node is not None:
                slot = SavedTensor._make(op, node, False, name, k)
            else:
                return SavedTensor._make(op, None, False, name, -1) if raw else None
        return slot if raw else slot.unpack_for_user()
    if not isinstance(spec, _T):
        if raw:
            raise AttributeError(f"'{grad_fn_object(op).__class__.__name__}' object has no attribute "
                                 f"'_raw_saved_{name}'")
        return _read(spec, op, name)
    value = _read(spec, op, name)
    if not raw:
        return value
    if isinstance(value, tuple):
        return tuple(SavedTensor._make(op, t.node, False, name, -1) for t in value)
    return SavedTensor._make(op, None if value is None else value.node, False, name, -1)


def _read(spec: Callable, op: core.Op, name: str):
    """The attribute from the op; None where a kernel of the node does not carry it (``dir()``
    lists it, so reading it must not fail)."""
    try:
        return spec(op)
    except (KeyError, IndexError, TypeError, StopIteration, ValueError):
        return None


def _names(op: core.Op) -> tuple:
    fn = _fn_name(op)
    if fn == "mul" and len(op.inputs) == 2 and _wrapped_number(op.inputs[0]):
        return ("other", "self")  # 2 * a: torch's a.mul(2)
    return _SAVED_NAMES.get((op.name, fn)) or _SAVED_NAMES.get(op.name, ("self", "other"))


def _raw_listed(spec) -> bool:
    """Whether torch has a ``_raw_saved_*`` for the attribute: a tensor (or tensor list)."""
    return spec is _OPT or spec is _IN or isinstance(spec, _T)


def _dir(self: Node) -> list:
    """``dir(grad_fn)``: torch lists a node's ``_saved_*`` / ``_raw_saved_*`` attributes."""
    names = set(object.__dir__(self))
    attrs = torch_attrs(self._op) if not isinstance(self, AccumulateGrad) else None
    if attrs is not None:
        for name, spec in attrs.items():
            names.add(f"_saved_{name}")
            if _raw_listed(spec):
                names.add(f"_raw_saved_{name}")
    return sorted(names)


Node.__dir__ = _dir


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
