"""``torch.autograd.backward`` and ``torch.autograd.grad`` on the one core vjp engine.

Torch's semantics translated here: the default cotangent only for scalar outputs,
several outputs summed with their ``grad_outputs``, ``.grad`` accumulation on leaves,
``allow_unused`` / ``materialize_grads``, ``create_graph``, ``is_grads_batched``,
``inputs=`` of backward, tensor hooks and ``retain_grad`` (a backward pass is cut at
hooked intermediate tensors, so a hook's returned gradient is what flows on), freed
saved tensors after a pass without ``retain_graph`` (a gradient built with
``create_graph`` remembers the forward nodes its torch graph saved, so a later pass
through it runs and frees them as torch does), version-counter checks of saved tensors
modified in place, and torch's error texts for each misuse.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import threading
import warnings
import weakref
from typing import Sequence

import jax
import jax.numpy as jnp
import numpy as np

from ... import core
from ...core.graph import peek_notes
from .. import devices
from ..tensor import _GRADS, Tensor, wrap
from . import anomaly_mode, function, hooks, versions
from . import graph as graph_api
from . import node as node_api

# ops whose backward needs no saved tensors: a second backward through them works in torch
# (checked op by op against torch 2.13: y = op(x); y.sum().backward() twice)
_SAVES_NOTHING = {"AddBackward0", "SubBackward0", "RsubBackward1", "NegBackward0", "SumBackward0",
                  "SumBackward1", "MeanBackward0", "MeanBackward1", "PermuteBackward0", "ToCopyBackward0",
                  "CloneBackward0", "SelectBackward0", "SliceBackward0", "UnsqueezeBackward0",
                  "AliasBackward0", "ViewBackward0", "getitem", "grad", "TBackward0", "TransposeBackward0",
                  "ExpandBackward0", "SqueezeBackward0", "SqueezeBackward1", "UnsafeViewBackward0",
                  "ReshapeAliasBackward0", "CatBackward0", "StackBackward0", "SplitBackward0",
                  "SplitWithSizesBackward0", "UnbindBackward0", "AsStridedBackward0", "DiagonalBackward0",
                  "FlattenBackward0", "NarrowBackward0", "RepeatBackward0", "SqueezeBackward2",
                  "IndexPutBackward0", "torch::autograd::CopySlices", "torch::autograd::CopyBackwards",
                  "SignBackward0", "FloorBackward0", "CeilBackward0", "RoundBackward0", "TruncBackward0",
                  "FracBackward0", "ConstantPadNdBackward0", "TrilBackward0", "TriuBackward0",
                  "DiagEmbedBackward0", "DiagonalBackward0_copy", "TraceBackward0"}
# kernels fused from a chain of torch nodes, named after the last one (which may save
# nothing) while an earlier one saves its operands (Mm/Bmm under UnsafeView, Abs under
# Mean): fn qualified name -> the input positions that are never saved (addmm's bias)
_FUSED = {"gradcompat.torch.ops.matmul": (), "gradcompat.torch.nn.kernels.linear": (),
          "gradcompat.torch.nn.kernels.linear_bias": (2,), "gradcompat.torch.nn.kernels.l1_loss": (),
          "gradcompat.torch.nn.kernels.soft_cross_entropy": (), "gradcompat.torch.nn.kernels.nll_loss": ()}
# ops whose backward uses their own result (not their inputs)
_SAVES_OUTPUT = {"ExpBackward0", "TanhBackward0", "SigmoidBackward0", "SqrtBackward0", "RsqrtBackward0",
                 "ReluBackward0", "SoftmaxBackward0", "LogSoftmaxBackward0", "Exp2Backward0", "ExpM1Backward0"}


class _FreedOps:
    """The ops whose saved tensors a pass without retain_graph freed (``op in _freed``): marked in
    the op's notes, not held in a weak set (which cost a keyed weak reference per op, and a
    callback when the op died: a few percent of a deep graph's pass)."""

    __slots__ = ()

    def __contains__(self, op) -> bool:
        n = peek_notes(op)
        return bool(n) and "freed" in n

    def update(self, ops: Sequence[core.Node]) -> None:
        mark = core.graph.notes
        for op in ops:
            mark(op)["freed"] = True


_freed = _FreedOps()
# a gradient computed with create_graph -> the forward nodes its torch backward graph
# holds as saved tensors: differentiating the gradient runs (and frees) their grad_fns
_BACKWARD_USES: "weakref.WeakKeyDictionary[core.Node, tuple]" = weakref.WeakKeyDictionary()

_FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they have "
    "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
    "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or "
    "if you need to access saved tensors after calling backward.")


def _as_tuple(x) -> tuple:
    if x is None:
        return ()
    if isinstance(x, Tensor):
        return (x,)
    return tuple(x)


_EXPANDED = object()  # a marker on _recorded's stack


def _recorded(outputs: Sequence[core.Node], stop=frozenset()) -> tuple[list[core.Node], list[core.Node]]:
    """The recorded graph behind ``outputs`` (not crossing ``stop``): its op nodes in
    reverse topological order (users before their inputs), and its leaves that require
    grad in discovery order."""
    seen, order, leaves = set(), [], []
    uses = _BACKWARD_USES.get if len(_BACKWARD_USES) else None  # iterative: graphs can be deep
    # the stack holds nodes to visit; _EXPANDED above a node means "its inputs are done"
    stack = [n for n in reversed(outputs)]
    pop, push, add, emit, Op, expanded = stack.pop, stack.append, seen.add, order.append, core.Op, _EXPANDED
    while stack:
        node = pop()
        if node is expanded:
            emit(pop())
            continue
        if node in seen or not node.traced:
            continue
        add(node)
        if isinstance(node, Op):
            push(node)
            push(expanded)
            if node not in stop:
                inputs = node.inputs + uses(node, ()) if uses is not None else node.inputs
                for i in reversed(inputs):
                    if i.traced and i not in seen:
                        push(i)
        elif not node.inputs:
            leaves.append(node)
    order.reverse()
    return order, leaves


def _fused(op: core.Op) -> tuple[int, ...] | None:
    return _fused_kernel(op.fn)


@functools.lru_cache(maxsize=1024)
def _fused_kernel(fn) -> tuple[int, ...] | None:
    return _FUSED.get(f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', '')}")


def _saved(op: core.Op) -> list[tuple[core.Node, bool]]:
    """The nodes ``op``'s torch backward would have saved (and whether as its output)."""
    if op.fn is function.function_apply:  # a custom Function saves what its ctx saved
        return function.saved_nodes(op)
    if op.fn is _VJP_APPLY:  # a create_graph gradient: what its gradients' values depend on
        return _vjp_saved(op)
    unsaved = _fused_kernel(op.fn)
    if unsaved is None and op.name in _SAVES_NOTHING:
        return []
    if unsaved is None and op.name in _SAVES_OUTPUT:
        return [(op, True)]
    ins = [n for i, n in enumerate(op.inputs) if i not in unsaved] if unsaved else op.inputs
    if len(ins) == 1:
        return [(ins[0], False)]
    if len(ins) == 2:  # the common case, spelled out: backward passes call this for every op
        a, b = ins
        return [(a, False)] * b.traced + [(b, False)] * a.traced
    # binary ops save an operand for the other operand's gradient
    return [(n, False) for i, n in enumerate(ins) if any(m.traced for j, m in enumerate(ins) if j != i)]


_VJP_APPLY = core.autodiff.vjp_apply


def _input_grads(*values, inner: tuple):
    """The gradients of (the sum of) ``fn(*values)``'s outputs for each of its inputs."""
    fn, static = inner
    out, pull = jax.vjp(lambda *xs: fn(*xs, **dict(static)), *values)
    return pull(jax.tree_util.tree_map(jnp.ones_like, out))


def _vjp_saved(op: core.Op) -> list[tuple[core.Node, bool]]:
    """The inputs a create_graph gradient node saved, as torch's derivative formulas save them: an
    input whose own derivative reads a value that requires grad (torch's pow backward
    ``grad * (3 * self.pow(2))`` saves ``self`` and ``grad``; ``x * x``'s ``grad * x`` saves only
    ``grad``), python numbers aside."""
    inputs = op.inputs
    deps = core.dependence.output_dependence(_input_grads, (("inner", (op.fn, op.static)),),
                                             [n.aval for n in inputs])
    traced = frozenset(j for j, n in enumerate(inputs) if n.traced)
    if deps is None or len(deps) != len(inputs):
        deps = [traced] * len(inputs)
    return [(n, False) for j, n in enumerate(inputs) if deps[j] & traced and not isinstance(n, core.Scalar)]


def _needed(ops: Sequence[core.Op], wrt: set) -> list[core.Op]:
    """The ops of ``ops`` (users before inputs) that torch's pass runs: those with a path
    to a differentiated node (torch prunes the others, which keep their saved tensors)."""
    needed: set = set()
    uses = _BACKWARD_USES.get if len(_BACKWARD_USES) else None
    for op in reversed(ops):
        for i in (op.inputs + uses(op, ()) if uses is not None else op.inputs):
            if i in wrt or i in needed:
                needed.add(op)
                break
    return [op for op in ops if op in needed]


def _check_graph(ops: Sequence[core.Node], special: Sequence[core.Node] | None = None) -> list[core.Node]:
    """Raise torch's error if the pass would use a freed graph or a saved tensor modified in
    place; return the ops that saved tensors (freed after a pass without retain_graph).
    ``special``: the ops of ``ops`` (in their order) that may fail a check (``_survey``); None:
    check them all."""
    if special is None:
        special = ops
    if any(n in _freed for n in special):
        raise RuntimeError(_FREED_MESSAGE)
    peek = peek_notes
    for op in special:
        saved = _saved(op)
        if peek(op) and graph_api.mutation_allowed(op):  # allow_mutation_on_saved_tensors: the graph kept the values
            continue
        for node, as_output in saved:
            if not as_output and peek(node) and node_api.detached_in_place(node):
                raise RuntimeError("Trying to use a saved tensor that has been detached in-place, i.e. with "
                                   ".detach_().This is not supported, please use out-of-place `.detach()` instead")
            if versions.modified(node, by=None if as_output else op):
                anomaly_mode.warn_error(op.name, op)
                raise versions.error(node, as_output)
    return [op for op in ops if _saves(op)]


# how an op's torch backward saves tensors (see ``_saved``), by its kernel and name
_SAVES_NONE, _SAVES_ITS_OUTPUT, _SAVES_INPUTS, _SAVES_OTHER = range(4)


@functools.lru_cache(maxsize=4096)
def _save_rule(fn, name: str) -> int:
    if fn is function.function_apply or fn is _VJP_APPLY:
        return _SAVES_OTHER
    if _fused_kernel(fn) is not None:
        return _SAVES_INPUTS
    if name in _SAVES_NOTHING:
        return _SAVES_NONE
    return _SAVES_ITS_OUTPUT if name in _SAVES_OUTPUT else _SAVES_INPUTS


def _saves(op: core.Op) -> bool:
    """``bool(_saved(op))``, without building the list (asked of every op of every pass)."""
    try:
        rule = _save_rule(op.fn, op.name)
    except TypeError:  # an unhashable kernel
        return bool(_saved(op))
    if rule == _SAVES_INPUTS:
        unsaved = _fused_kernel(op.fn)
        ins = [n for i, n in enumerate(op.inputs) if i not in unsaved] if unsaved else op.inputs
        if len(ins) == 1:
            return True
        # two or more: each is saved for another's gradient, so something is saved iff one is traced
        for n in ins:
            if n.traced:
                return True
        return False
    if rule == _SAVES_NONE:
        return False
    return rule == _SAVES_ITS_OUTPUT or bool(_saved(op))


def _stale(node: core.Node) -> bool:
    """Whether an in-place op has changed ``node``'s storage since (``versions.modified`` may
    then say so: the version entry lives in the node's ``storage`` slot)."""
    entry = node.storage
    return entry is not None and entry[0].version != entry[1]


def _survey(reached: Sequence[core.Op], wrt: set, reentrant) -> tuple[list, list, list]:
    """One pass over the recorded ops ``reached`` (users before inputs), when every wrt node is
    a leaf: the ops the pass runs (``_needed``), those of them that may fail a check of
    ``_check_graph`` or carry annotations (hooks, saved-tensor hooks, a freed mark: their
    notes, or their inputs' notes, or a stale version of an input or of themselves; custom
    Functions and create_graph gradients), and the cuts (nodes with hooks, retained, or a
    custom Function run in Python), each in the walk's order."""
    retained = set(hooks._RETAIN) if len(hooks._RETAIN) else ()
    needed: set = set()
    ops, special, cuts = [], [], []
    for op in reversed(reached):
        odd = op.notes is not None or _stale(op) or op.fn is function.function_apply or op.fn is _VJP_APPLY
        hit = False
        for i in op.inputs:
            if not hit and (i in wrt or i in needed):
                hit = True
            if i.notes is not None or (i.storage is not None and _stale(i)):
                odd = True
        if hit:
            needed.add(op)
            ops.append(op)
            if odd:
                special.append(op)
        if (odd and hooks.has_hooks(op)) or op in retained or (reentrant is not None and reentrant(op) is not None):
            cuts.append(op)
    ops.reverse()
    special.reverse()
    cuts.reverse()
    return ops, special, cuts


def _cotangents(outputs: Sequence[Tensor], grads: Sequence, create_graph: bool, batched: bool = False,
                what: str = "grad_tensors") -> list[core.Node]:
    nodes = []
    for i, out in enumerate(outputs):
        g = grads[i] if i < len(grads) else None
        if g is None:
            if out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            nodes.append(core.ones_for(out.node))
            continue
        if not isinstance(g, Tensor):
            from ..functions import tensor
            g = tensor(g, dtype=out.dtype)
        shape = tuple(g.shape)[1:] if batched else tuple(g.shape)
        if batched and (g.dim() == 0 or shape != tuple(out.shape)):
            from ..tensor import Size
            raise RuntimeError(
                "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch "
                "dimension. The sizes of the remaining dimensions are expected to match the shape of "
                f"corresponding output, but a mismatch was detected: grad_output[{i}] has a shape of "
                f"{Size(shape)} and output[{i}] has a shape of {out.shape}. If you only want some tensors in "
                "`grad_output` to be considered batched, consider using vmap.")
        if not batched and shape != tuple(out.shape):
            raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of {g.shape} and "
                               f"output[{i}] has a shape of {out.shape}.")
        if g.dtype is not out.dtype:
            g = g.to(out.dtype)
        nodes.append(g.node if create_graph else core.detached(g.node))
    return nodes


def _check_outputs(outputs: Sequence[Tensor], grads: Sequence) -> None:
    if grads and len(grads) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grads)} gradients")
    for i, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            raise TypeError(f"outputs must be Tensors, got {type(out).__name__}")
        if not out.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")


def _untraced(node: core.Node) -> bool:
    return not node.traced


def _clone(op: core.Op) -> core.Op:
    """The same op on the same inputs, as a new node: a seed for the graph below a cut."""
    return core.Op(op.fn, op.static, op.inputs, op.value, True, op.aval, op.name)


def _tensor(node: core.Node, create_graph: bool) -> Tensor:
    return wrap(node if create_graph else core.detached(node))


def _fresh(node: core.Node) -> bool:
    """Whether a gradient node of ``core.vjp`` is already what ``core.detached`` would make: an
    untraced constant, or an untraced deferred op (lazy mode), which no backward pass crosses.
    (core.vjp makes each result afresh: a selection of its vjp node, or a cotangent the engine
    detached itself.)"""
    if node.traced:
        return False
    kind = type(node)
    if kind is core.Constant:
        return not isinstance(node.value, jax.core.Tracer)  # inside a transform: stop_gradient it
    return kind is core.Op and node.value is None


_ONE_DEVICE: list[bool] = []  # [whether torch's tensors can live on one JAX device only], once asked


def _one_device() -> bool:
    """A CPU-only process with one JAX device: every tensor lives there, so moving a gradient
    onto its leaf's device never moves anything (asked at the first pass, not at import: asking
    starts JAX's client)."""
    if not _ONE_DEVICE:
        _ONE_DEVICE.append(jax.default_backend() == "cpu" and jax.local_device_count() == 1)
    return _ONE_DEVICE[0]


def _on_leaf_device(w: core.Node, g: Tensor) -> Tensor:
    """``g`` on the device of the leaf ``w`` where the user placed ``w`` (torch's AccumulateGrad
    puts the gradient there)."""
    if not getattr(w.value, "committed", False):
        return g
    value = g.node.value
    if _one_device() and (value is None or isinstance(value, jax.Array)):
        return g  # (what .to() below gives: the tensor itself; a deferred one: the same values)
    return g.to(devices.of_value(w.value))


# torch accumulates ``.grad`` thread-safely: concurrent backward passes into one leaf each
# add their gradient. The read-modify-write of a leaf's ``.grad`` is one critical section.
_GRAD_LOCK = threading.RLock()


def _accumulate(node: core.Node, g: Tensor, create_graph: bool) -> None:
    with _GRAD_LOCK:
        _accumulate_locked(node, g, create_graph)


@core.eager.run_directly
def _copy_into(dst, src):
    """torch's ``empty_strided(...).copy_(grad)``: the value of ``src`` (``dst`` only names the
    fresh buffer; it takes no gradient)."""
    return src


_NO_BUFFER = np.zeros((), np.float32)


def _owned_grad(node: core.Node, g: Tensor) -> Tensor:
    """A first ``.grad`` kept with its graph (create_graph) owns its storage, as torch: a leaf's
    AccumulateGrad copies the gradient into a new buffer (``CopyBackwards``), a retained
    non-leaf's gradient is cloned (``CloneBackward0``)."""
    with core.recording.grad_mode(True):
        if isinstance(node, core.Op):
            return g.clone()
        return wrap(core.apply(_copy_into, [core.Constant(_NO_BUFFER), g.node],
                               name="torch::autograd::CopyBackwards"))


def _accumulate_locked(node: core.Node, g: Tensor, create_graph: bool) -> None:
    old = _GRADS.get(node)
    if old is None and create_graph and g.requires_grad:
        _GRADS[node] = _owned_grad(node, g)
        return
    if old is not None and not create_graph and old._view is None and not isinstance(node, core.Op):
        with core.recording.grad_mode(False):
            old._assign(old + g)  # a leaf's AccumulateGrad adds in place when no graph is built (grad_fn kept)
        return
    if old is not None:
        with core.recording.grad_mode(create_graph):
            g = old + g
    elif not create_graph and g._view is not None:
        if g.node.value is None:  # deferred (lazy mode): a copy in the step's program, not a sync
            with core.recording.grad_mode(False):
                g = g.clone()
        else:
            g = Tensor._from_node(core.Constant(g._value))  # .grad owns its storage (torch clones a shared one)
    _GRADS[node] = g


def _used_saved(op: core.Op, path: set) -> list[core.Node]:
    """The nodes ``op`` saved that its backward uses for the inputs on ``path``: an operand
    saved for another operand's gradient counts only when that operand is on the path."""
    saved = _saved(op)
    if len(op.inputs) <= 1 or any(as_output for _, as_output in saved):
        return [n for n, _ in saved]
    return [n for n, _ in saved if any(m in path and m is not n for m in op.inputs)]


def _remember_saved(ops: Sequence[core.Op], w: core.Node, grad: Tensor) -> None:
    """Record which forward nodes the backward graph of ``grad`` (d outputs / d ``w``) saved."""
    on_path = _needed(ops, {w})
    path = set(on_path) | {w}
    uses = tuple(dict.fromkeys(n for op in on_path for n in _used_saved(op, path)
                               if n.traced and isinstance(n, core.Op)))
    if uses and isinstance(grad.node, core.Op):
        with _GRAD_LOCK:  # read-modify-write of shared state
            _BACKWARD_USES[grad.node] = _BACKWARD_USES.get(grad.node, ()) + uses


_GC_LOCK = threading.Lock()
_gc_paused = [0, False]  # passes running with the collector paused, whether it was enabled


@contextlib.contextmanager
def _collector_paused():
    """A backward pass allocates a few objects per graph node (walk lists, program equations) and
    frees them all: on a deep graph the cyclic collector would run its full collection over the
    whole graph many times for garbage that has no cycles. torch's graph lives outside Python's
    collector; ours is paused for the pass (resumed when the last concurrent pass ends)."""
    with _GC_LOCK:
        if _gc_paused[0] == 0:
            _gc_paused[1] = gc.isenabled()
            gc.disable()
        _gc_paused[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _gc_paused[0] -= 1
            if _gc_paused[0] == 0 and _gc_paused[1]:
                gc.enable()


def _run(outputs: Sequence[Tensor], wrt: Sequence[core.Node], cotangents: Sequence[core.Node],
         retain_graph: bool | None, create_graph: bool, walk: list | None = None,
         owned: set | None = None) -> list[Tensor | None]:
    """Gradients (hooks applied) for each ``wrt`` node, running hooks and retain_grad of the
    hooked tensors met on the way. Custom Function backwards run eagerly in an eager pass;
    an error they raise reaches the caller as itself (not as a JAX runtime error).
    ``owned``: a set to receive the ids of the leaves' result tensors that the pass made
    itself and no hook saw (the caller may keep them as they are: nothing else holds them);
    for a leaf with hooks of any kind the result is what its tensor hooks returned."""
    with _collector_paused():
        return _run_collected(outputs, wrt, cotangents, retain_graph, create_graph, walk, owned)


def _run_collected(outputs, wrt, cotangents, retain_graph, create_graph, walk, owned=None) -> list[Tensor | None]:
    eager = not create_graph and not core.lazy.active() and not core.recording.deferred()
    try:
        with function.eager_backward(eager), node_api.backward_pass() as this_pass:
            results = _run_pass(outputs, wrt, cotangents, retain_graph, create_graph, walk, owned)
            if eager and function.used_callbacks():  # a custom backward's error shows once its program ran
                jax.block_until_ready([r._value for r in results if r is not None])
    except Exception:
        error = function.take_error()
        if error is not None:
            raise error from None
        raise
    error = function.take_error()
    if error is not None:
        raise error
    node_api.finish(this_pass)
    if function.any_undefined():
        results = _drop_undefined([o.node for o in outputs], wrt, results)
    return results


def _drop_undefined(out_nodes: Sequence[core.Node], wrt: Sequence[core.Node], results: list) -> list:
    """torch's undefined gradients: a custom backward that returned None for an input sends no
    gradient along that edge, so an input reached only through such edges gets None (not zeros)."""
    seen, stack = set(), list(out_nodes)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if not isinstance(node, core.Op):
            continue
        skip = function.undefined_inputs(node) if node.fn is function.function_apply else ()
        stack.extend(i for j, i in enumerate(node.inputs) if i.traced and j not in skip)
    return [r if w in seen else None for w, r in zip(wrt, results)]


def _run_pass(outputs: Sequence[Tensor], wrt: Sequence[core.Node], cotangents: Sequence[core.Node],
              retain_graph: bool | None, create_graph: bool, walk: list | None = None,
              owned: set | None = None) -> list[Tensor | None]:
    """``walk``: ``_recorded`` of the outputs, when the caller has it and every wrt node is a
    leaf (a walk stopping at leaves is the same walk)."""
    out_nodes = [o.node for o in outputs]
    wrt_set = set(wrt)
    reached = walk if walk is not None else _recorded(out_nodes, stop=wrt_set)[0]
    # (reentrant_of is asked only while some custom Function runs its backward in Python)
    reentrant = function.reentrant_of if function.any_reentrant() else None
    order = None
    if not any(isinstance(w, core.Op) for w in wrt) and not len(_BACKWARD_USES):
        ops, special, cuts = _survey(reached, wrt_set, reentrant)  # the common case, in one pass
        saving = _check_graph(ops, special)
        order = reached  # the walk core.vjp would make again, when no cut splits the pass
    else:
        cuts = [n for n in reached if hooks.has_hooks(n) or (reentrant is not None and reentrant(n) is not None)]
        # torch runs (and frees) only the ops with a path to an input, a differentiated
        # non-leaf's own op included when the path goes on through it (the walk that stopped
        # at wrt serves when no wrt node is an op)
        everything = _recorded(out_nodes)[0] if any(isinstance(w, core.Op) for w in wrt) else reached
        ops = special = _needed(everything, wrt_set)
        saving = _check_graph(ops)
    reached_set = None
    for op in special:  # outputs of a multi-output op the pass runs that get no gradient: hooks see None
        for sibling in hooks.hooked_siblings(op):
            if reached_set is None:
                reached_set = set(reached)
            if sibling not in reached_set:
                hooks.run(sibling, None)
    with graph_api.unpacked_inputs(special):  # saved-tensor hooks: backward sees the unpacked values
        return _run_cuts(out_nodes, wrt, cotangents, retain_graph, create_graph, cuts, ops, saving, reached, owned,
                         order if not cuts else None)


def _node_posthooks(cut: core.Op, grad: Tensor, stop, create_graph: bool) -> tuple[list, list] | None:
    """A grad_fn with post hooks: its own gradients for its inputs (what the hooks see and may
    replace), as seeds for the rest of the pass; None when it has none."""
    if not node_api.posthooks(cut):
        return None
    edges = node_api.edge_inputs(cut)
    traced = [i for i in edges if i.traced]
    local = dict(zip(traced, core.vjp([_clone(cut)], traced, [grad.node], stop=stop, create_graph=create_graph)))
    grad_inputs = tuple(_tensor(local[i], create_graph) if local.get(i) is not None else None for i in edges)
    grad_inputs = node_api.run_posthooks(cut, grad_inputs, (grad,))
    pairs = [(i, g) for i, g in zip(edges, grad_inputs) if g is not None and i.traced]
    return [i for i, _ in pairs], [g.node for _, g in pairs]


def _shared_cut(cut: core.Op, outs: dict, seeds: list, cots: list, seeded: dict, done: set, found: dict,
                stop, create_graph: bool, runs: bool) -> None:
    """A multi-output op whose shared grad_fn has hooks: its pre hooks see the gradients of all its
    outputs (None where an output got none) and post hooks the gradients for its inputs, as torch's
    one node; the pass goes on from its outputs (or, after post hooks, from its inputs)."""
    n_out = node_api.torch_positions(cut)[0]
    grads: list = [None] * n_out
    pending = [(k, o) for k, o in outs.items() if o not in done]
    if pending:
        computed = core.vjp(seeds, [o for _, o in pending], cots, stop=stop, create_graph=create_graph)
        for (k, _), g in zip(pending, computed):
            if g is not None:
                grads[k] = _tensor(g, create_graph)
    for k, o in outs.items():
        if o in done and o in found:  # an output with tensor hooks: its gradient after them
            grads[k] = found[o]
    if not runs:
        return
    grads = list(node_api.run_shared_prehooks(cut, tuple(grads)))
    given = [(o, grads[k]) for k, o in outs.items() if grads[k] is not None]
    if node_api.posthooks(cut):
        edges = node_api.edge_inputs(cut)
        traced = [i for i in edges if i.traced]
        local = dict(zip(traced, core.vjp([_clone(o) for o, _ in given], traced, [g.node for _, g in given],
                                          stop=stop, create_graph=create_graph))) if given else {}
        grad_inputs = tuple(_tensor(local[i], create_graph) if local.get(i) is not None else None for i in edges)
        grad_inputs = node_api.run_posthooks(cut, grad_inputs, tuple(grads))
        for i, g in zip(edges, grad_inputs):
            if g is not None and i.traced:
                seeds.append(i)
                cots.append(g.node)
        done.update(outs.values())
        done.add(cut)  # what was seeded at its outputs flows no further: the post hooks decided
        return
    for o, g in given:
        if o in seeded:
            cots[seeded[o]] = g.node
        else:
            seeded[o] = len(seeds)
            seeds.append(_clone(o))
            cots.append(g.node)
        done.add(o)


def _run_cuts(out_nodes, wrt, cotangents, retain_graph, create_graph, cuts, ops, saving,
              reached=(), owned=None, order=None) -> list[Tensor | None]:
    """``order``: the ops reached from ``out_nodes`` up to the wrt nodes, users first (the walk
    ``core.vjp`` may reuse), when there are no cuts."""
    seeds, cots, done, found, seeded = list(out_nodes), list(cotangents), set(), {}, {}
    runs = set(ops) if cuts else frozenset()  # (asked only at cuts: a deep graph's pass has none)
    wrt_set, accumulating = set(wrt), node_api.is_accumulating()
    shared = [c for c in cuts if node_api.is_shared(c)]
    outputs_of = {c: node_api.shared_outputs(c, reached) for c in shared} if shared else {}

    def stop(node: core.Node) -> bool:
        return not node.traced or node in done

    # (pass_memo: a custom Function's backward that several of the programs below need runs once)
    with core.recording.grad_mode(create_graph), function.pass_memo(bool(cuts)):
        for cut in cuts:
            if cut in outputs_of:
                _shared_cut(cut, outputs_of[cut], seeds, cots, seeded, done, found, stop, create_graph, cut in runs)
                continue
            (g,) = core.vjp(seeds, [cut], cots, stop=stop, create_graph=create_graph)
            if g is None:
                continue
            grad = hooks.run(cut, _tensor(g, create_graph))
            if hooks.retains(cut):
                _accumulate(cut, grad if create_graph else grad.detach(), create_graph)
            found[cut] = grad
            after = None
            # torch runs a grad_fn's hooks when it runs the grad_fn (backward also runs the pre hooks
            # of a non-leaf in inputs=, where it captures the gradient)
            if cut in runs or (accumulating and cut in wrt_set):
                grad = node_api.run_prehooks(cut, grad)  # grad_fn pre hooks run after the tensor's hooks
            if cut in runs:
                after = _node_posthooks(cut, grad, stop, create_graph)
            if after is None and function.reentrant_of(cut) is not None:  # its backward runs here, in Python
                after = function.run_reentrant(cut, grad, create_graph)
            if after is None:
                seeded[cut] = len(seeds)
                seeds.append(_clone(cut))
                cots.append(grad.node)
            else:
                seeds.extend(after[0])
                cots.extend(after[1])
            done.add(cut)
        rest = [w for w in wrt if w not in found]
        grads = dict(zip(rest, core.vjp(seeds, rest, cots, stop=stop, create_graph=create_graph,
                                        order=order))) if rest else {}
        results = []
        wrapped = set()
        for w in wrt:
            if w in found:
                results.append(found[w])
            elif grads.get(w) is None:
                results.append(None)
            else:
                node = grads[w]
                if not create_graph and node not in wrapped and _fresh(node):
                    wrapped.add(node)  # (the same input asked for twice gets two tensors, as below)
                    g = wrap(node)  # already detached: no copy
                else:
                    g = _tensor(node, create_graph)
                g = _on_leaf_device(w, g)  # placed by the user: the gradient goes there too
                if create_graph:
                    _remember_saved(ops, w, g)
                if not w.is_leaf:
                    pass
                elif owned is not None and not create_graph and g.node is node and not peek_notes(w):
                    owned.add(id(g))  # made here and seen by no hook: it may become .grad itself
                else:
                    g = hooks.run(w, g)
                results.append(g)
    if not (create_graph if retain_graph is None else retain_graph):
        _freed.update(saving)
    return results


_warned_cycle = False


def _warn_reference_cycle() -> None:
    """torch's warning (once per process) for ``.grad`` of leaves filled with create_graph."""
    global _warned_cycle
    from .. import user_warnings
    if not _warned_cycle or user_warnings.is_warn_always_enabled():
        _warned_cycle = True
        warnings.warn(
            "Using backward() with create_graph=True will create a reference cycle between the parameter and its "
            "gradient which can cause a memory leak. We recommend using autograd.grad when creating the graph to "
            "avoid this. If you have to use this function, make sure to reset the .grad fields of your parameters "
            "to None after use to break the cycle and avoid the leak. (Triggered internally at "
            "/__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1307.)", UserWarning, stacklevel=3)


_final_callbacks = threading.local()  # the callbacks queued during the running backward pass


def queue_callback(callback) -> None:
    """torch's ``Variable._execution_engine.queue_callback``: run ``callback()`` once the
    current ``backward()`` has accumulated every ``.grad`` (DistributedDataParallel's reduction)."""
    queue = getattr(_final_callbacks, "queue", None)
    if queue is None:
        raise RuntimeError("Final callbacks can only be installed during backward pass.")
    queue.append(callback)


def backward(tensors, grad_tensors=None, retain_graph: bool | None = None, create_graph: bool = False,
             grad_variables=None, inputs=None) -> None:
    """``torch.autograd.backward``, then the callbacks queued during it."""
    outer = getattr(_final_callbacks, "queue", None)
    _final_callbacks.queue = queue = []
    try:
        _backward(tensors, grad_tensors, retain_graph, create_graph, grad_variables, inputs)
    finally:
        _final_callbacks.queue = outer
    for callback in queue:
        callback()


def _backward(tensors, grad_tensors=None, retain_graph: bool | None = None, create_graph: bool = False,
              grad_variables=None, inputs=None) -> None:
    """``torch.autograd.backward``: accumulate the gradients of ``sum_i <grad_tensors[i],
    tensors[i]>`` into ``.grad`` of the leaves that require grad (or of ``inputs``, which
    may be non-leaf tensors)."""
    outputs = _as_tuple(tensors)
    grads = _as_tuple(grad_tensors if grad_tensors is not None else grad_variables)
    if inputs is not None:
        inputs = _as_tuple(inputs) if not isinstance(inputs, graph_api.GradientEdge) else (inputs,)
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
        inputs = tuple(_edge_tensor(t) for t in inputs)
        for t in inputs:
            if not t.requires_grad:
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            if not t.is_leaf:
                hooks.retain(t.node)  # as torch: a non-leaf in inputs= retains its grad
    _check_outputs(outputs, grads if len(grads) < len(outputs) else ())
    cotangents = _cotangents(outputs, grads, create_graph)
    walk = None
    if inputs is not None:
        targets = [t.node for t in inputs]
    else:
        walk, targets = _recorded([o.node for o in outputs])
    targets = list(dict.fromkeys(targets))
    if create_graph and any(t.is_leaf for t in targets):
        _warn_reference_cycle()
    owned: set[int] = set()
    with node_api.accumulating():
        results = _run(outputs, targets, cotangents, retain_graph, create_graph, walk, owned)
    for node, g in zip(targets, results):
        if g is not None and id(g) in owned:
            # the pass's own untraced tensor, seen by no hook: it becomes .grad as it is (torch's
            # AccumulateGrad steals a gradient nothing else holds) or is added into it; without
            # hooks of the leaf's AccumulateGrad node, nothing else runs here
            leaf = versions.successor(node)
            if not peek_notes(node) and not peek_notes(leaf):
                _accumulate(leaf, g, False)
                continue
        if g is not None and node.is_leaf:  # retained non-leaves were filled on the way
            with core.recording.grad_mode(create_graph):
                g = node_api.run_prehooks(node, g)  # the AccumulateGrad node's pre hooks
            leaf = versions.successor(node)
            fresh = _GRADS.get(leaf) is None
            _accumulate(leaf, g if create_graph else g.detach(), create_graph)
            with core.recording.grad_mode(create_graph):
                node_api.after_accumulate(leaf, _GRADS.get(leaf) if fresh else g)


def _edge_tensor(t):
    """A GradientEdge given as an input: a tensor handle on the node it names."""
    if isinstance(t, graph_api.GradientEdge):
        return wrap(graph_api.edge_node(t))
    return t


def _stack(*xs):
    return jnp.stack(xs)


def grad(outputs, inputs, grad_outputs=None, retain_graph: bool | None = None, create_graph: bool = False,
         only_inputs: bool = True, allow_unused: bool | None = None, is_grads_batched: bool = False,
         materialize_grads: bool = False) -> tuple:
    """``torch.autograd.grad``: a tuple with the gradient of ``sum_i <grad_outputs[i],
    outputs[i]>`` for each input (None for unused inputs when ``allow_unused``, zeros with
    ``materialize_grads``). ``is_grads_batched`` takes one backward per row of the
    cotangents (torch vmaps over them; the values are the same)."""
    if not only_inputs:
        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). To accumulate "
                      "gradient for other parts of the graph, please use torch.autograd.backward.",
                      FutureWarning, stacklevel=2)
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when materialize_grads=True, "
                         "but got: allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    outs = _as_tuple(outputs)
    ins = _as_tuple(inputs) if not isinstance(inputs, graph_api.GradientEdge) else (inputs,)
    if not ins:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    edges = [isinstance(t, graph_api.GradientEdge) for t in ins]
    ins = tuple(_edge_tensor(t) for t in ins)
    grads = _as_tuple(grad_outputs)
    _check_outputs(outs, grads if len(grads) < len(outs) else ())
    for t in ins:
        if not isinstance(t, Tensor):
            raise RuntimeError(f"all inputs have to be Tensors or GradientEdges, but got {type(t).__name__}")
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    wrt = [t.node for t in ins]
    if is_grads_batched:
        cots = _cotangents(outs, grads, create_graph, batched=True)
        n = cots[0].aval.shape[0] if cots else 1
        rows = []
        for b in range(n):
            row = [core.select(c, b) if create_graph else core.Constant(c.value[b]) for c in cots]
            keep = True if b < n - 1 else retain_graph
            rows.append(_run(outs, wrt, row, keep, create_graph))
        results = []
        for i in range(len(wrt)):
            parts = [r[i] for r in rows]
            if any(p is None for p in parts):
                results.append(None)
                continue
            with core.recording.grad_mode(create_graph):
                results.append(wrap(core.apply(_stack, [p.node for p in parts], name="StackBackward0")))
    else:
        results = _run(outs, wrt, _cotangents(outs, grads, create_graph), retain_graph, create_graph)
    out = []
    for i, (t, g) in enumerate(zip(ins, results)):
        if g is None:
            if materialize_grads and edges[i]:
                raise RuntimeError("materialize_grads cannot be used when the given input is a GradientEdge")
            if materialize_grads:
                from ..functions import zeros
                shape = ((n,) if is_grads_batched else ()) + tuple(t.shape)
                out.append(zeros(*shape, dtype=t.dtype, requires_grad=create_graph))  # as torch
                continue
            if not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have been used "
                                   "in the graph. Set allow_unused=True if this is the desired behavior.")
            out.append(None)
        else:
            out.append(g)
    return tuple(out)
