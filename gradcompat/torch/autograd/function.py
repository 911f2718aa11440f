"""``torch.autograd.Function``: user forward/backward pairs as ``jax.custom_vjp`` ops.

``apply`` records one core op whose function is a ``jax.custom_vjp``: its forward runs the
user's ``forward`` on tensors wrapping JAX values (under no_grad, as torch does), its
backward runs the user's ``backward``. So torch's ``backward``, ``autograd.grad`` and any
JAX transform use the user's gradient, and ``create_graph=True`` differentiates through
the user's backward when it is made of differentiable torch ops (as torch supports).

Supported: ``ctx.save_for_backward`` / ``saved_tensors``, ``needs_input_grad``,
``mark_non_differentiable``, ``set_materialize_grads`` (False: outputs that receive no
gradient get None), ``mark_dirty`` (accepted), arbitrary ctx attributes, non-tensor
arguments, and the ``setup_context`` style. A backward that returns None for an input leaves
its gradient undefined (None when no other path reaches it, as torch). Reentrant backward: when
forward keeps tensors with a graph on ctx (built under ``enable_grad``), its backward runs in
Python with that very ctx, so it may call ``.backward()`` / ``autograd.grad`` on them: in an eager
pass as any eager op's (``function_backward``, deep nesting continuing in a fresh thread), in a
pass that builds a graph at a cut of the pass at that Function's output (single-output Functions). Known
differences: where a backward pass replays the graph (``create_graph``, lazy / compiled steps,
JAX transforms) the user's ``forward`` runs again (side effects repeat) and ctx attributes that
are not tensors must be the same each time forward runs.

When ``backward`` runs: torch runs it eagerly, so code such as ``grad[x < 0] = 0``,
``bool(t)``, ``.item()`` or ``print`` works there. Here an eager backward pass (``.backward()``
/ ``autograd.grad`` without ``create_graph``, outside lazy / compiled steps) runs the user's
``backward`` as plain Python between the compiled parts of the pass, once per node, with the
very ctx its eager ``forward`` filled (``function_backward``; an op recorded while a tape or
forward-mode AD was active has no ctx and runs it as a host callback inside the compiled
backward program, on a replayed ctx). Where it must be traced (a compiled or lazy step, a JAX transform)
it is traced, and if tracing fails on a value-dependent Python operation it falls back to
the eager callback; a ``backward`` that must itself be differentiated (``create_graph``,
higher order) is traced, and one that cannot be traced then raises a RuntimeError that
says so (torch would run it eagerly and differentiate the ops it recorded).
"""
from __future__ import annotations

import contextlib
import functools
import threading
import types
from typing import Any, Callable, Iterator

import jax
import jax.numpy as jnp
import numpy as np
from jax._src.array import ArrayImpl

from ... import core
from ..tensor import Tensor, wrap
from . import anomaly_mode as _anomaly_mode


class FunctionCtx:
    """The ``ctx`` passed to ``forward`` / ``setup_context`` and ``backward``."""

    # defaults as class attributes: a ctx is made per ``apply`` and kept by its node, so the
    # attributes a plain forward never sets cost nothing (``vars(ctx)`` holds what was set)
    materialize_grads = True
    _saved: tuple = ()
    _non_differentiable: tuple = ()
    _views = types.MappingProxyType({})  # set by _account: tensor outputs that are inputs or views of them
    _dirty_inputs = frozenset()  # set by _account: the input positions marked dirty

    def __init__(self, needs_input_grad: tuple = ()) -> None:
        self.needs_input_grad = needs_input_grad

    def save_for_backward(self, *tensors) -> None:
        if True in self.needs_input_grad:  # torch checks only when recording
            for t in tensors:
                if t is not None and not isinstance(t, Tensor):
                    raise TypeError("save_for_backward can only save variables, but argument "
                                    f"{tensors.index(t)} is of type {type(t).__name__}")
        self._saved = tensors

    @property
    def saved_tensors(self) -> tuple:
        return tuple(self._saved)

    @property
    def saved_variables(self) -> tuple:
        """The deprecated name of ``saved_tensors`` (torch's DeprecationWarning)."""
        import warnings
        warnings.warn("'saved_variables' is deprecated; use 'saved_tensors'", DeprecationWarning, stacklevel=2)
        return self.saved_tensors

    def save_for_forward(self, *tensors) -> None:
        """Tensors the ``jvp`` staticmethod reads back as ``ctx.saved_tensors``."""
        self._saved_forward = tensors

    def mark_non_differentiable(self, *tensors) -> None:
        self._non_differentiable = (*self._non_differentiable, *tensors)

    def mark_dirty(self, *tensors) -> None:
        """Recorded (forward mode checks that ``jvp`` updates those inputs' tangents in place);
        in-place outputs are new values here anyway."""
        self._dirty = tensors

    def set_materialize_grads(self, value: bool) -> None:
        self.materialize_grads = bool(value)


# FunctionCtx's own attributes; every other one the user set travels to backward
_CTX_OWN = frozenset({"needs_input_grad", "_saved", "_non_differentiable", "_saved_forward", "_dirty", "_views",
                      "_dirty_inputs"})


class _Key:
    """A static argument hashable by value when possible, else by identity."""

    __slots__ = ("value", "_key")

    def __init__(self, value: Any) -> None:
        self.value = value
        try:
            hash(value)
            self._key = (True, value)
        except TypeError:
            self._key = (False, id(value))

    def __eq__(self, other) -> bool:
        return isinstance(other, _Key) and type(self.value) is type(other.value) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)


class _Spec:
    """Everything static about one kind of ``apply`` call: the cache key of its op."""

    def __init__(self, cls: type, args: tuple, kwargs: dict, needs: tuple) -> None:
        self.cls = cls
        self.args = tuple(None if isinstance(a, Tensor) else _Key(a) for a in args)
        self.kwargs = tuple(sorted((k, _Key(v)) for k, v in kwargs.items()))
        self.needs = needs
        self.box: dict = {}  # filled by the forward: output structure, non-tensor ctx attributes
        self._key = (cls, self.args, self.kwargs, needs)
        self.static = (("spec", self),)  # the static attributes of its op (one tuple for every call)
        self.name = f"{cls.__name__}Backward"
        self.tensor_only = not kwargs and all(a is None for a in self.args)
        self.setup_context = _uses_setup_context(cls)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Spec) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)


def _uses_setup_context(cls: type) -> bool:
    return getattr(cls, "setup_context", None) is not getattr(Function, "setup_context")


def _forward(spec: _Spec, values: tuple, ran: tuple | None = None) -> tuple[tuple, FunctionCtx]:
    """Run the user's forward on tensors wrapping ``values`` (or take ``ran``, what
    ``_run_forward`` returned for them); the outputs' arrays and the ctx."""
    args, out, ctx = _run_forward(spec, values) if ran is None else ran
    return _account(spec, values, args, out, ctx)


def _run_forward(spec: _Spec, values: tuple) -> tuple:
    """The user's forward (or forward and setup_context) on tensors wrapping ``values``:
    (its arguments, what it returned, the ctx)."""
    if spec.tensor_only:
        args = _wrapped(values)
    else:
        it = iter(values)
        args = [wrap(Constant(next(it))) if a is None else a.value for a in spec.args]
    kwargs = {k: v.value for k, v in spec.kwargs} if spec.kwargs else {}
    ctx = FunctionCtx(spec.needs)
    # run on the values in hand (tracers inside a lazy / compiled step): never deferred
    state = _RECORDING
    grad_before, deferred_before = state.grad_enabled, state.deferred
    state.grad_enabled, state.deferred = False, False
    try:
        if spec.setup_context:
            out = spec.cls.forward(*args, **kwargs)
            spec.cls.setup_context(ctx, _with_defaults(spec.cls.forward, args, kwargs), out)
        else:
            out = spec.cls.forward(ctx, *args, **kwargs)
    finally:
        state.grad_enabled, state.deferred = grad_before, deferred_before
    return args, out, ctx


_RECORDING = core.recording._state  # this thread's grad mode and deferred override (a threading.local)
Constant = core.Constant


def _wrapped(values: tuple) -> list:
    """Tensors wrapping ``values`` for the user's forward; one value passed twice (``apply(y, y)``)
    is one tensor twice, as torch passes the same tensor."""
    if len(values) == 2 and values[0] is values[1]:
        t = wrap(Constant(values[0]))
        return [t, t]
    return [wrap(Constant(v)) for v in values]


# the structure of the common forward: one new tensor, nothing marked (see _account)
_SIMPLE = (True, (), 1, {})
_NO_DIRT = (False, False, frozenset(), 1)


def _account(spec: _Spec, values: tuple, args: list, out, ctx: FunctionCtx) -> tuple[tuple, FunctionCtx]:
    """What ``apply`` needs to know of a forward's outputs (kept in ``spec.box``): which are
    tensors, inputs returned as-is, views of inputs, dirty, non-differentiable, saved inputs;
    the outputs' arrays and the ctx."""
    box = spec.box
    if _simple(out, args, ctx):
        # the common case (one new tensor, no marks): what the general path below finds, directly
        if box.get("structure") is not _SIMPLE:
            box["structure"], box["aliases"], box["dirty"], box["view_steps"] = _SIMPLE, {}, {}, {}
            box["dirty_check"] = _NO_DIRT
        if ctx._saved:
            _note_saved(box, args if spec.tensor_only else [a for a, s in zip(args, spec.args) if s is None],
                        ctx._saved)
        elif box.get("saved_from") != ():
            box["saved_inputs"], box["saved_from"] = (), ()
            box.pop("fast", None)  # (_fast_apply's memory of the last call)
        _note_eager_ctx(box, values, ctx)
        return (out._value,), ctx
    single = not isinstance(out, tuple)
    outs = (out,) if single else out
    # non-tensor outputs (None, numbers, strings) come back as they are and get no gradient
    others = {i: o for i, o in enumerate(outs) if not isinstance(o, Tensor)}
    tensor_outs = [o for o in outs if isinstance(o, Tensor)] if others else list(outs)
    marked = ctx._non_differentiable
    non_diff = tuple(k for k, o in enumerate(tensor_outs) if any(o is m for m in marked)) if marked else ()
    box["structure"] = (single, non_diff, len(outs), others)
    # for forward mode: which tensor outputs are inputs as-is or views of them, which inputs are dirty
    # (positions found through ids: each argument is its own tensor object here)
    arg_tensors = [a for a, s in zip(args, spec.args) if s is None]
    position = {id(a): j for j, a in enumerate(arg_tensors)}
    views = {}
    for k, o in enumerate(tensor_outs):
        j = position.get(id(o))
        view = o._view
        if view is not None and not view.detached and id(view.base) in position:
            j = max(position[id(view.base)], -1 if j is None else j)
        if j is not None:
            views[k] = j
    ctx._views = views
    dirty_marked = getattr(ctx, "_dirty", ())
    ctx._dirty_inputs = dirty_inputs = {position[id(d)] for d in dirty_marked if id(d) in position}
    # outputs returned twice (the same object, as torch returns it), and dirty inputs returned as outputs
    first: dict = {}
    aliases = {}
    for k, o in enumerate(tensor_outs):
        j = first.setdefault(id(o), k)
        if j != k:
            aliases[k] = j
    box["aliases"] = aliases
    box["dirty"] = {k: position[id(o)] for k, o in enumerate(tensor_outs)
                    if position.get(id(o), -1) in dirty_inputs} if dirty_inputs else {}
    # outputs that are views of an input (or the input as-is): views of the real input, as torch
    box["view_steps"] = {k: (j, () if o is a else o._view.steps) for k, j in views.items()
                         for o, a in [(tensor_outs[k], arg_tensors[j])]
                         if j not in dirty_inputs and (o is a or o._view.base is a)} if views else {}
    _note_saved(box, arg_tensors, ctx._saved)
    _note_eager_ctx(box, values, ctx)
    # torch's checks of mark_dirty: tensors that are not inputs (a warning), inputs not returned (an error)
    returned = {id(o) for o in tensor_outs} if dirty_inputs else ()
    box["dirty_check"] = (
        any(id(d) not in position for d in dirty_marked),
        any(id(arg_tensors[j]) not in returned for j in dirty_inputs),
        frozenset(dirty_inputs), len(tensor_outs))
    return tuple(o._value for o in tensor_outs), ctx


def _simple(out, args: list, ctx: FunctionCtx) -> bool:
    """Whether a forward returned one new tensor and marked nothing (the common case)."""
    if not isinstance(out, Tensor) or out._view is not None or ctx._non_differentiable or "_dirty" in ctx.__dict__:
        return False
    for a in args:
        if out is a:
            return False
    return True


def _note_saved(box: dict, arg_tensors: list, saved: tuple) -> None:
    """Which inputs ``forward`` saved: the input positions (for the version check) and, per saved
    tensor, the input it is (None for another tensor), so backward's saved tensors keep the
    inputs' ``output_nr`` as torch's do."""
    saved_from = []
    for t in saved:
        for j, a in enumerate(arg_tensors):
            if a is t:
                saved_from.append(j)
                break
        else:
            saved_from.append(None)
    saved_from = tuple(saved_from)
    if saved_from != box.get("saved_from"):
        box["saved_from"] = saved_from
        box["saved_inputs"] = tuple(sorted({j for j in saved_from if j is not None}))
        box.pop("fast", None)  # (_fast_apply's memory of the last call)


def _note_saved_output_nrs(spec: _Spec, tensors: list) -> None:
    """The ``output_nr`` of each saved input that is not output 0 of its grad_fn (for backward)."""
    box = spec.box
    if not box.get("saved_output_nrs") and all(j >= len(tensors) or _output_0(tensors[j].node)
                                               for j in box["saved_inputs"]):
        return  # the common case, known without asking node.output_nr
    from . import node as _node
    nrs = {}
    for k, j in enumerate(spec.box.get("saved_from", ())):
        if j is not None and j < len(tensors):
            nr = _node.output_nr(tensors[j].node)
            if nr:
                nrs[k] = nr
    if nrs or spec.box.get("saved_output_nrs"):
        spec.box["saved_output_nrs"] = nrs


def _output_0(node: core.Node) -> bool:
    """Whether ``node`` is surely output 0 of its grad_fn (what ``node.output_nr`` would say
    for it, found cheaply): a leaf or op without annotations, or the output of a custom
    Function with one tensor output."""
    if node.notes is not None:
        return False
    if type(node) is not core.Op or node.fn is not core.graph.getitem:
        return True
    base = node.inputs[0]
    return node.static is _INDEX[0] and type(base) is _FunctionOp and dict(base.static)["spec"].box.get(
        "structure") is _SIMPLE


def _note_eager_ctx(box: dict, values: tuple, ctx: FunctionCtx) -> None:
    """An eager forward: ``apply`` may keep its ctx (reentrant backward, see ``run_reentrant``)."""
    for v in values:
        if isinstance(v, jax.core.Tracer):
            return
    _STATE.last_ctx = ctx
    for k, v in ctx.__dict__.items():
        if isinstance(v, Tensor) and k not in _CTX_OWN and v.requires_grad:
            box["reentrant"] = True  # ctx holds tensors with a graph: backward may differentiate them


def _with_defaults(forward, args: list, kwargs: dict) -> tuple:
    """``setup_context``'s ``inputs``: forward's arguments with its defaults filled in, as torch."""
    import inspect
    try:
        bound = inspect.signature(forward).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return tuple(args)
    bound.apply_defaults()
    return tuple(bound.args)


def _settle_outputs(spec: _Spec, tensors: list, tensor_outs: list) -> list:
    """torch's identity rules: an input marked dirty and returned is returned itself (modified
    in place: it takes the output's value and history), and an output returned twice is the
    same tensor twice."""
    aliases, dirty = spec.box.get("aliases", {}), spec.box.get("dirty", {})
    from . import versions
    for k, j in dirty.items():
        if k not in aliases:
            old = tensors[j]._node
            with core.recording.grad_mode(core.recording.grad_enabled() or tensor_outs[k].requires_grad):
                tensors[j]._inplace(tensor_outs[k])
            # torch's forward modified the input before its node saved anything: the old value
            # the Function's op reads is not stale for its own backward
            versions.counter(old).version += 1  # torch bumps a dirty input once more after forward
            versions.share(tensors[j].node, tensors[j].node)
            versions.share(tensors[j].node, old)
            tensor_outs[k] = tensors[j]
    from .. import views
    for k, (j, steps) in spec.box.get("view_steps", {}).items():
        if k not in aliases and k not in dirty and tensor_outs[k]._view is None:
            views.attach(tensors[j], tensor_outs[k], steps, label=(spec.cls.__name__, k))
            tensor_outs[k]._view.custom = True
    for k, j in aliases.items():
        tensor_outs[k] = tensor_outs[j]
    return tensor_outs


def saved_nodes(op: core.Op) -> list[tuple[core.Node, bool]]:
    """The inputs of an ``apply`` op its ``backward`` saved (``ctx.save_for_backward``): what
    torch's version check looks at for a custom Function."""
    spec = dict(op.static)["spec"]
    return [(op.inputs[j], False) for j in spec.box.get("saved_inputs", ()) if j < len(op.inputs)]


def _is_float(x) -> bool:
    return jnp.issubdtype(jnp.result_type(x), jnp.inexact)


@functools.lru_cache(maxsize=512)
def _custom(spec: _Spec):
    """The ``jax.custom_vjp`` for one spec (cached: the same function for the same spec)."""

    @jax.custom_vjp
    def f(*values):
        return _forward_traced(spec, values)[0]

    def fwd(*primals):
        values = tuple(p.value for p in primals)
        outs, saved, tensor_attrs = _forward_traced(spec, values)
        zeros = tuple(jax.ShapeDtypeStruct(np.shape(v), jnp.result_type(v)) for v in values)
        return outs, (saved, tensor_attrs, zeros)

    def bwd(res, cotangents):
        saved, tensor_attrs, avals = res
        return _backward(spec, saved, tensor_attrs, avals, cotangents)

    f.defvjp(fwd, bwd, symbolic_zeros=True)
    return f


_VALUE_ERRORS = (jax.errors.ConcretizationTypeError, jax.errors.TracerArrayConversionError,
                 jax.errors.TracerBoolConversionError, jax.errors.TracerIntegerConversionError)


def _forward_residuals(spec: _Spec, values: tuple) -> tuple:
    """The user's forward: (outputs, saved tensors' values, tensor ctx attributes' values)."""
    return _forward_residuals_ctx(spec, values)[0]


def _forward_residuals_ctx(spec: _Spec, values: tuple, ran: tuple | None = None) -> tuple:
    """``_forward_residuals`` and the ctx the forward filled (``ran``: see ``_forward``)."""
    outs, ctx = _forward(spec, values, ran)
    box = spec.box
    saved = tuple([None if t is None else t._value for t in ctx._saved]) if ctx._saved else ()
    own = _CTX_OWN
    if any(k not in own for k in ctx.__dict__):
        attrs = {k: v for k, v in ctx.__dict__.items() if k not in own}  # the user's (ctx._jitter too)
        tensor_attrs = {k: v._value for k, v in attrs.items() if isinstance(v, Tensor)}
        box["attrs"] = {k: v for k, v in attrs.items() if not isinstance(v, Tensor)} if tensor_attrs else attrs
    else:  # none (the common case): one shared empty table, read only
        tensor_attrs = box["attrs"] = _NO_ATTRS
    for v in values:
        if isinstance(v, jax.core.Tracer):
            break
    else:  # the shapes a host callback returns (for a backward that replays this forward)
        known = box.get("residual_avals")
        if known is None:
            known = box["residual_avals"] = {}
            box["residual_shapes"] = {}
        try:  # _shapes(values), directly for arrays (every eager apply pays this)
            key = tuple([(v.shape, v.dtype) for v in values])
        except AttributeError:
            key = _shapes(values)
        _note_residual_avals(box, key, outs, saved, tensor_attrs)
    return (outs, saved, tensor_attrs), ctx


def _note_residual_avals(box: dict, key: tuple, outs: tuple, saved: tuple, tensor_attrs: dict) -> None:
    """Remember the shapes of the residuals of an eager forward on inputs of shapes ``key``: the
    shapes a host callback returns when a backward replays a forward that cannot be traced."""
    shapes = _residual_shapes(outs, saved, tensor_attrs)
    if box["residual_shapes"].get(key) != shapes:
        box["residual_avals"][key] = jax.tree.map(_aval, (outs, saved, tensor_attrs))
        box["residual_shapes"][key] = shapes
        box.pop("fast", None)  # (_fast_apply's memory of the last call)


_NO_ATTRS: dict = {}  # a forward that set no attributes of its own on ctx (never written to)


def _residual_shapes(outs: tuple, saved: tuple, tensor_attrs: dict) -> tuple:
    """The shapes and dtypes of a forward's residuals, flat (compared at every eager apply)."""
    shapes = [(v.shape, v.dtype) if type(v) in _CONCRETE else _shape_dtype(v) for v in outs]
    shapes += [None if v is None else (v.shape, v.dtype) if type(v) in _CONCRETE else _shape_dtype(v) for v in saved]
    if tensor_attrs:
        shapes += [(k, _shape_dtype(v)) for k, v in tensor_attrs.items()]
    return tuple(shapes)


def _aval(v) -> jax.ShapeDtypeStruct:
    return jax.ShapeDtypeStruct(np.shape(v), jnp.result_type(v))


def _shape_dtype(v) -> tuple:
    if isinstance(v, (jax.Array, np.ndarray)):
        return v.shape, v.dtype
    return tuple(np.shape(v)), jnp.result_type(v)


def _shapes(values: tuple) -> tuple:
    return tuple(map(_shape_dtype, values))


def _forward_traced(spec: _Spec, values: tuple) -> tuple:
    """``_forward_residuals``, traced when it can be; a forward that uses a value in Python
    (``.item()``, ``bool(t)``) runs on the host at execution time instead, as torch runs it."""
    try:
        return _forward_residuals(spec, values)
    except _VALUE_ERRORS:
        avals = spec.box.get("residual_avals", {}).get(_shapes(values))
        if avals is None:
            raise
    flat_avals, tree = jax.tree.flatten(avals)

    def host(*arrays):
        result = _forward_residuals(spec, tuple(jnp.asarray(a) for a in arrays))
        return tuple(np.asarray(v) for v in jax.tree.leaves(result))

    flat = jax.pure_callback(host, tuple(flat_avals), *values, vmap_method="sequential")
    return jax.tree.unflatten(tree, list(flat))


# set by the torch engine around an eager backward pass (see the module docstring)
_STATE = threading.local()


@contextlib.contextmanager
def eager_backward(flag: bool) -> Iterator[None]:
    """Mark the backward pass run inside as eager: custom backwards then run eagerly."""
    previous = getattr(_STATE, "eager", False)
    _STATE.eager = flag
    try:
        yield
    finally:
        _STATE.eager = previous


@contextlib.contextmanager
def pass_memo(active: bool) -> Iterator[None]:
    """While an eager pass runs several backward programs over one graph (cuts at hooks and
    ``retain_grad``): each custom Function's backward runs once, as torch runs each node once (a
    later program that needs its gradients again, for the same gradient of its output, reuses
    them: ``function_backward.pull``). Remembered only for the pass, and only where it has cuts."""
    previous = getattr(_STATE, "memo", None)
    _STATE.memo = {} if active else None
    try:
        yield
    finally:
        _STATE.memo = previous


# tracers of a differentiation in progress: the backward itself is being differentiated
try:  # jax.vjp linearizes with LinearizeTracer, which JAX does not export
    from jax._src.interpreters import ad as _ad
except ImportError:  # pragma: no cover - another JAX layout
    _ad = jax.interpreters.ad
_DIFFERENTIATING = tuple(t for t in (getattr(_ad, "JVPTracer", None), getattr(_ad, "LinearizeTracer", None))
                         if t is not None)
_CONCRETIZATION = (jax.errors.ConcretizationTypeError, jax.errors.TracerArrayConversionError,
                   jax.errors.TracerBoolConversionError, jax.errors.TracerIntegerConversionError,
                   jax.errors.UnexpectedTracerError)


def _backward(spec: "_Spec", saved, tensor_attrs, avals, cotangents):
    """The custom_vjp rule: the user's backward, run eagerly when it can be (see the docstring)."""
    leaves = jax.tree.leaves((saved, tensor_attrs, [c for c in cotangents
                                                     if not isinstance(c, jax.custom_derivatives.SymbolicZero)]))
    tracers = [x for x in leaves if isinstance(x, jax.core.Tracer)]
    if not tracers:  # concrete values already (jax.vjp outside jit): plain eager call
        return _user_backward(spec, saved, tensor_attrs, avals, cotangents)
    differentiated = any(isinstance(x, _DIFFERENTIATING) for x in tracers)
    if differentiated and getattr(_user_method(spec.cls, "backward", "vjp"), "_once_differentiable", False):
        raise RuntimeError("trying to differentiate twice a function that was marked with @once_differentiable")
    if getattr(_STATE, "eager", False) and not differentiated:
        return _callback(spec, saved, tensor_attrs, avals, cotangents)
    try:
        return _user_backward(spec, saved, tensor_attrs, avals, cotangents)
    except _CONCRETIZATION as e:
        if differentiated:
            raise RuntimeError(
                f"{spec.cls.__name__}.backward uses the value of a tensor in Python (indexing with a mask, "
                "bool(), .item(), ...), so it cannot be differentiated here (create_graph=True or a higher-order "
                "gradient): write it with differentiable tensor ops (torch.where, masks as multiplications)"
            ) from e.__cause__
        return _callback(spec, saved, tensor_attrs, avals, cotangents)


def _callback(spec: "_Spec", saved, tensor_attrs, avals, cotangents):
    """Run the user's backward on concrete values at execution time (``jax.pure_callback``)."""
    zero = tuple(isinstance(c, jax.custom_derivatives.SymbolicZero) for c in cotangents)
    zero_avals = tuple((tuple(c.shape), c.dtype) if z else None for c, z in zip(cotangents, zero))
    live = tuple(c for c, z in zip(cotangents, zero) if not z)
    flat, tree = jax.tree.flatten((saved, tensor_attrs, live))
    floats = [i for i, a in enumerate(avals) if jnp.issubdtype(a.dtype, jnp.inexact)]

    def host(*arrays):
        # JAX hands the callback device arrays already (pure_callback_impl puts them on the CPU)
        s, t, lv = jax.tree.unflatten(tree, [a if isinstance(a, jax.Array) else jnp.asarray(a) for a in arrays])
        it = iter(lv)
        cots = tuple(jax.custom_derivatives.SymbolicZero(jax.core.ShapedArray(*za)) if za else next(it)
                     for za in zero_avals)
        try:
            out = _user_backward(spec, s, t, avals, cots)
        except Exception as e:  # re-raised by the engine as the user's own error
            _record_error(e)
            return tuple(np.zeros(avals[i].shape, avals[i].dtype) for i in floats)
        return tuple(np.asarray(out[i]) for i in floats)

    shapes = tuple(jax.ShapeDtypeStruct(avals[i].shape, avals[i].dtype) for i in floats)

    @jax.custom_jvp
    def run(*arrays):
        return jax.pure_callback(host, shapes, *arrays, vmap_method="sequential")

    @run.defjvp
    def run_jvp(primals, tangents):
        raise RuntimeError(
            f"{spec.cls.__name__}.backward uses the value of a tensor in Python (indexing with a mask, bool(), "
            ".item(), ...), so it ran eagerly and cannot be differentiated (a higher-order gradient through it): "
            "write it with differentiable tensor ops (torch.where, masks as multiplications)")

    results = run(*flat) if shapes else ()
    global _used_callbacks
    _used_callbacks = True
    out = [np.zeros(a.shape, jax.dtypes.float0) for a in avals]
    for i, r in zip(floats, results):
        out[i] = r
    return tuple(out)


_used_callbacks = False


def used_callbacks() -> bool:
    """Whether a custom backward was ever compiled as a host callback (its errors surface
    only when the backward program runs: the engine then waits for its results)."""
    return _used_callbacks


_ERRORS: list = []
_ERRORS_LOCK = threading.Lock()


def _record_error(e: BaseException) -> None:
    with _ERRORS_LOCK:
        _ERRORS.append(e)


def take_error() -> BaseException | None:
    """The user's exception raised by a backward run in a host callback, if any (for the engine)."""
    with _ERRORS_LOCK:
        return _ERRORS.pop() if _ERRORS else None


def _user_backward(spec: "_Spec", saved, tensor_attrs, avals, cotangents):
    """Call the user's ``backward`` on tensors wrapping the values; the inputs' cotangents."""
    ctx = FunctionCtx(spec.needs)
    for k, v in spec.box.get("attrs", {}).items():
        setattr(ctx, k, v)
    for k, v in tensor_attrs.items():
        setattr(ctx, k, wrap(core.Constant(v)))
    ctx._saved = tuple(None if v is None else wrap(core.Constant(v)) for v in saved)
    for k, nr in spec.box.get("saved_output_nrs", {}).items():
        if k < len(ctx._saved) and ctx._saved[k] is not None:
            core.graph.notes(ctx._saved[k].node)["output_nr"] = nr
    _, _, n_out, others = spec.box["structure"]
    it = iter(cotangents)
    grads = []
    for i in range(n_out):
        c = None if i in others else next(it)  # a non-tensor output's gradient is None, as in torch
        if c is None:
            grads.append(None)
        elif isinstance(c, jax.custom_derivatives.SymbolicZero):
            grads.append(wrap(core.Constant(jnp.zeros(c.shape, c.dtype))) if ctx.materialize_grads else None)
        else:
            grads.append(wrap(core.Constant(c)))
    return _input_cotangents(spec, _call_backward(spec, ctx, grads), avals)


def _call_backward(spec: "_Spec", ctx: FunctionCtx, grads: list) -> tuple:
    """The user's ``backward`` on ``grads`` with ``ctx``, run without recording on the values in
    hand (tracers inside a lazy / compiled step: never deferred); its results, one per argument
    of ``apply`` (torch's count check, and anomaly mode's NaN check)."""
    running = _RUNNING.__dict__.setdefault("specs", [])
    running.append(spec)
    state = _RECORDING
    grad_before, deferred_before = state.grad_enabled, state.deferred
    state.grad_enabled, state.deferred = False, False
    try:
        result = _user_method(spec.cls, "backward", "vjp")(ctx, *grads)
    finally:
        state.grad_enabled, state.deferred = grad_before, deferred_before
        running.pop()
    result = result if isinstance(result, tuple) else (result,)
    if len(result) != len(spec.args):
        if len(result) > len(spec.args) and all(r is None for r in result[len(spec.args):]):
            result = result[:len(spec.args)]
        else:
            raise RuntimeError(f"function {spec.cls.__name__}Backward returned an incorrect number of "
                               f"gradients (expected {len(spec.args)}, got {len(result)})")
    if _anomaly_mode._MODE["enabled"]:
        _check_nan(spec, result)
    return result


def _input_cotangents(spec: "_Spec", result: tuple, avals, python: bool = False) -> tuple:
    """The cotangents of the tensor inputs (of shapes and dtypes ``avals``) from what the user's
    backward returned: a broadcast gradient summed to its input's shape, cast to its dtype (torch's
    checks). Where there is none (None returned, or an input that is not floating): zeros for a
    JAX rule, None for a ``python`` pullback (``function_backward``)."""
    out = []
    tensor_results = [r for a, r in zip(spec.args, result) if a is None]
    _note_undefined(spec, tensor_results, avals)
    for r, aval in zip(tensor_results, avals):
        if not _inexact(aval.dtype):
            out.append(None if python else np.zeros(aval.shape, jax.dtypes.float0))
        elif r is None:
            out.append(None if python else jnp.zeros(aval.shape, aval.dtype))
        else:
            value = r._value if isinstance(r, Tensor) else jnp.asarray(r)
            shape = value.shape if type(value) in _CONCRETE else tuple(np.shape(value))
            if shape != tuple(aval.shape) and _expandable(aval.shape, shape):
                value = _sum_to(value, tuple(aval.shape))  # torch sums a broadcast gradient to the input's shape
                shape = tuple(np.shape(value))
            if shape != tuple(aval.shape):
                raise RuntimeError(f"Function {spec.cls.__name__}Backward returned an invalid gradient at "
                                   f"index {len(out)} - got {list(np.shape(value))} but expected shape "
                                   f"compatible with {list(aval.shape)}")
            out.append(value if getattr(value, "dtype", None) == aval.dtype else value.astype(aval.dtype))
    return tuple(out)


_any_undefined = False


@functools.lru_cache(maxsize=None)
def _inexact(dtype) -> bool:
    return bool(jnp.issubdtype(dtype, jnp.inexact))


def _note_undefined(spec: "_Spec", results: list, avals) -> None:
    """Remember which tensor inputs the last backward of ``spec`` gave None (torch's undefined
    gradient): the engine drops gradients that reach an input only through such edges."""
    global _any_undefined
    for r in results:
        if r is None:
            break
    else:
        if not spec.box.get("undefined"):
            return  # the common case: every input got a gradient, as the last time
    none = frozenset(j for j, (r, a) in enumerate(zip(results, avals)) if r is None and _inexact(a.dtype))
    if none or spec.box.get("undefined"):
        spec.box["undefined"] = none
        _any_undefined = _any_undefined or bool(none)


def undefined_inputs(op: core.Op) -> frozenset:
    """Positions of the inputs of an ``apply`` op whose gradient its backward left undefined (None)."""
    if not _any_undefined:
        return frozenset()
    return dict(op.static)["spec"].box.get("undefined", frozenset())


def any_undefined() -> bool:
    """Whether some custom backward ever returned None for a floating input."""
    return _any_undefined


def _expandable(shape: tuple, target: tuple) -> bool:
    """Whether ``shape`` broadcasts to ``target`` (torch's is_expandable_to)."""
    if len(shape) > len(target):
        return False
    return all(s == t or s == 1 for s, t in zip(reversed(tuple(shape)), reversed(tuple(target))))


def _sum_to(value, shape: tuple):
    lead = value.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape) if s == 1 and value.shape[lead + i] != 1)
    return jnp.sum(value, axis=axes, keepdims=False).reshape(shape) if axes else value


def _check_nan(spec: "_Spec", result: tuple) -> None:
    """Anomaly mode: torch's error for a backward that returned NaN (concrete values only)."""
    from . import anomaly_mode
    if not (anomaly_mode.is_anomaly_enabled() and anomaly_mode.is_anomaly_check_nan_enabled()):
        return
    for i, r in enumerate(result):
        value = r._value if isinstance(r, Tensor) else None
        if value is not None and not isinstance(value, jax.core.Tracer) and bool(jnp.any(jnp.isnan(value))):
            name = f"{spec.cls.__name__}Backward"
            parent = spec.box.get("anomaly_parent")
            anomaly_mode.warn_error(name, None, spec.box.get("anomaly_stack"),
                                    None if parent is None or "anomaly_stack" not in parent.box
                                    else (f"{parent.cls.__name__}Backward", parent.box["anomaly_stack"]))
            raise anomaly_mode.nan_error(name, i)


def core_anomaly_enabled() -> bool:
    return _anomaly_mode._MODE["enabled"]


_RUNNING = threading.local()  # the specs whose backward runs now, innermost last


def _remember_forward(spec: "_Spec") -> None:
    """Anomaly mode: the stack of this ``apply`` call, and the custom backward that made it (torch's
    forward traceback and "Previous calculation was induced by" warnings)."""
    from . import anomaly_mode
    if getattr(_STATE, "eager", False):  # replayed by a backward pass that builds no graph: not a forward call
        return
    if not anomaly_mode.is_anomaly_enabled():
        spec.box.pop("anomaly_stack", None)
        return
    import traceback
    spec.box["anomaly_stack"] = "".join(traceback.format_stack()[:-2])
    running = getattr(_RUNNING, "specs", None)
    spec.box["anomaly_parent"] = running[-1] if running else None


@functools.lru_cache(maxsize=512)
def _canonical(spec: _Spec) -> _Spec:
    """The first spec equal to ``spec`` still cached: one box per kind of call."""
    return spec


# the canonical specs of calls with tensor arguments only, by (class, needs): found without
# building a _Spec (a spec's key is exactly that for such calls); bounded, refilled from _canonical
_TENSOR_ONLY: dict = {}


def _spec_of(cls: type, args: tuple, kwargs: dict, needs: tuple, n_tensors: int) -> _Spec:
    """The canonical spec of an ``apply`` call."""
    if kwargs or n_tensors != len(args):
        return _canonical(_Spec(cls, args, kwargs, needs))
    key = (cls, needs)
    spec = _TENSOR_ONLY.get(key)
    if spec is None:
        if len(_TENSOR_ONLY) >= 256:
            _TENSOR_ONLY.clear()
        spec = _TENSOR_ONLY[key] = _canonical(_Spec(cls, args, kwargs, needs))
    return spec


def _structure(spec: _Spec, tensors: list) -> tuple:
    """(single output?, non-differentiable output positions) of ``spec``'s forward. A cached
    kernel may skip the forward that fills the box; then trace it abstractly once."""
    if "structure" not in spec.box:
        jax.eval_shape(lambda *v: _forward(spec, v)[0],
                       *(jax.ShapeDtypeStruct(np.shape(t._value), jnp.result_type(t._value)) for t in tensors))
    return spec.box["structure"]


@core.forward.opaque  # forward mode runs the user's jvp (see _forward_tangents)
def function_apply(*values, spec: _Spec):
    """The op of an ``apply`` call: the user's forward, differentiated by the user's backward."""
    return _custom(spec)(*values)


def _user_method(cls: type, name: str, alias: str):
    """``cls.backward`` or its alias ``cls.vjp`` (``jvp`` alone), whichever the user wrote."""
    method = getattr(cls, name)
    if name == "backward" and method is not Function.backward and getattr(cls, "vjp", None) is not Function.vjp:
        raise RuntimeError("Implementing both 'backward' and 'vjp' for a custom Function is not allowed. You should "
                           "only implement one of them.")
    if method is getattr(Function, name) and getattr(cls, alias, None) is not getattr(Function, alias, None):
        return getattr(cls, alias)
    return method


def _check_view_tangent(result: Tensor, given: Tensor, dirty: bool) -> None:
    """torch's checks on the jvp of a forward that returns an input (modified in place, or as-is)
    or a view of one: the tangent must be the input's tangent, or a view of the same storage."""
    if dirty:
        if result is not given:
            raise RuntimeError("An inplace custom Function is not modifying the forward mode gradients inplace. If "
                               "the forward is modifying an input inplace, then the jvp function must modify the "
                               "corresponding gradient inplace.")
        return
    view = result._view
    if view is None or view.detached:
        raise RuntimeError("A custom Function's forward is returning a view (or an input as-is) but the jvp is not "
                           "returning a view.")
    given_view = given._view if given._view is not None and not given._view.detached else None
    if view.base is not (given_view.base if given_view is not None else given):
        if given_view is not None:
            raise RuntimeError("A custom Function is returning a view but the jvp is not returning a view of the same "
                               "base as the given grad input.")
        raise RuntimeError("A custom Function is returning a view but the jvp is not returning a view of the given "
                           "grad input.")


def _forward_tangents(spec: _Spec, args: tuple, tensors: list, outs: list) -> None:
    """Forward-mode AD through a custom Function: the user's ``jvp`` gives the outputs' tangents."""
    from . import forward_ad
    tangents = [forward_ad.tangent_of(t) for t in tensors]
    if all(t is None for t in tangents):
        return
    cls = spec.cls
    if getattr(cls, "jvp", None) is Function.jvp:
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it with "
                                  "forward mode AD.")
    _, ctx = _forward(spec, tuple(t._value for t in tensors))
    ctx._saved = tuple(getattr(ctx, "_saved_forward", ()))
    it = iter(tangents)
    jvp_args, given = [], []  # given: the tangent passed for each tensor input
    for a in args:
        if not isinstance(a, Tensor):
            jvp_args.append(None)
            continue
        t = next(it)
        if t is None and a.dtype.is_floating_point:
            from ..functions import zeros_like
            t = zeros_like(a)
        jvp_args.append(t)
        given.append(t)
    from . import versions
    before = [None if g is None else versions.version(g.node) for g in given]
    with core.forward.suspended():
        result = cls.jvp(ctx, *jvp_args)
    result = result if isinstance(result, tuple) else (result,)
    if len(result) != len(outs):
        raise RuntimeError(f"Function's jvp returned an invalid number of forward gradients (expected {len(outs)} "
                           f"but got {len(result)})")
    non_diff = spec.box["structure"][1]  # positions among the tensor outputs
    k = -1
    for i, (o, t) in enumerate(zip(outs, result)):
        k += isinstance(o, Tensor)
        differentiable = isinstance(o, Tensor) and o.dtype.is_floating_point and k not in non_diff
        if t is None:
            continue
        if not differentiable:
            raise RuntimeError(f"Function's jvp returned a gradient at position {i}, but  the corresponding forward "
                               "output is not a differentiable Tensor.You should return None at that position "
                               "instead.")
        if k in ctx._views and given[ctx._views[k]] is not None:
            j = ctx._views[k]
            dirty = j in ctx._dirty_inputs
            if dirty and t is given[j] and versions.version(t.node) == before[j]:
                t = None  # returned as given but not modified in place: torch's error below
            _check_view_tangent(t, given[j], dirty)
        if tuple(t.shape) != tuple(o.shape):
            raise RuntimeError("Trying to set a forward gradient that has a different size than that of the "
                               f"original Tensor, this is not supported. Tensor is of size {list(o.shape)} while "
                               f"the given forward gradient is of size {list(t.shape)}.")
        core.forward.set_tangent(o.node, t)


# reentrant backward: the output node of an apply whose ctx holds tensors with a graph -> (op, that ctx).
# Its backward runs in Python with that very ctx (the engine cuts the pass there), so it can call
# .backward() / autograd.grad on what forward built under enable_grad, as torch allows.
import weakref  # noqa: E402

_REENTRANT: "weakref.WeakKeyDictionary[core.Node, tuple]" = weakref.WeakKeyDictionary()


_PLAIN_CTX = object()  # _FunctionOp.ctx of a forward that set nothing on its ctx


class _FunctionOp(core.Op):
    """The op of an eager, recorded ``apply``. It keeps the ctx its forward filled, as torch's
    node does: an eager backward pass runs the user's backward in Python with it
    (``function_backward``)."""

    __slots__ = ("ctx",)

    def __getstate__(self):
        state = super().__getstate__()
        state[1].pop("ctx", None)  # a copy or pickle of the graph keeps its data, not the user's ctx
        return state


def _eager_inputs(tensors: list) -> tuple | None:
    """The input nodes of an ``apply`` whose op ``_eager_apply`` can make, or None where the op
    must go through ``core.apply`` (tapes, forward mode, deferred inputs)."""
    inputs = tuple(t.node for t in tensors)
    if (core.recording.active_tapes() or core.forward.active() or not any(n.traced for n in inputs)
            or any(n.value is None for n in inputs)):
        return None
    return inputs


def _eager_apply(spec: _Spec, inputs: tuple, values: tuple, name: str, ran: tuple | None = None) -> tuple:
    """The op of an eager, recorded ``apply``, its forward run here on the inputs' ``values`` (what
    ``core.apply`` of ``function_apply`` computes, without JAX's custom_vjp call machinery, which
    costs most of an apply), and its ctx when the engine must run its backward (reentrant).
    ``ran``: the forward already ran (see ``_forward``)."""
    (outs, _, _), ctx = _forward_residuals_ctx(spec, values, ran)
    _STATE.last_ctx = None
    node = _FunctionOp(function_apply, spec.static, inputs, outs, True, None, name)
    node.ctx = ctx
    return node, (ctx if spec.box.get("reentrant") or _python_backward(spec) else None)


_CONCRETE = (np.ndarray, ArrayImpl)  # eager values (a tracer or None is not one)
_FORWARD_LEVELS = core.forward._levels  # forward-mode AD's open levels (a list changed in place)
_lazy_active = core.lazy.active


def _fast_apply(cls: type, args: tuple):
    """``apply`` for the common call: eager and recorded, tensors only, no transform, tape, forward
    mode, lazy, deferred, inference or anomaly mode about, once its spec is known (each step of a
    deep chain is one). The general path's checks are cut to these, and when the forward returned one
    new tensor and set nothing on ctx but saved tensors, its bookkeeping (``_account``,
    ``_forward_residuals_ctx``, ``_eager_apply``) is done here for that case alone, with what the
    last such call of the spec found remembered (``box["fast"]``). Returns the output tensor; None
    where the general path must run; or (spec, input nodes, values, what ``_run_forward`` returned)
    where the forward ran and the general path must finish."""
    state = _RECORDING
    if not state.grad_enabled or state.tapes or _FORWARD_LEVELS:
        return None
    deferred = state.deferred
    if (core.recording._default_deferred if deferred is None else deferred) or _lazy_active() \
            or _INFERENCE.enabled or _INFERENCE_NODES.data:
        return None
    nodes, values, needs, fargs = [], [], [], []
    last = None
    for a in args:
        if type(a) is not Tensor and not isinstance(a, Tensor):
            return None
        node = a._node if a._view is None else a.node
        value = node.value
        if type(value) not in _CONCRETE:  # a tracer, or deferred
            return None
        nodes.append(node)
        values.append(value)
        needs.append(node.traced is True)
        if value is last and len(args) == 2:  # apply(y, y): one tensor twice, as torch (see _wrapped)
            fargs.append(fargs[0])
            continue
        last = value
        # wrap(Constant(value)), inlined (an eager constant outside inference mode: see tensor.wrap)
        c = _new(Constant)
        c.inputs, c.value, c.traced, c._aval, c.notes, c.owner, c.storage = (), value, False, None, None, None, None
        t = _new(Tensor)
        t._node = c
        fargs.append(t)
    needs = tuple(needs)
    spec = _TENSOR_ONLY.get((cls, needs))
    if spec is None or True not in needs or _anomaly_mode._MODE["enabled"]:
        return None
    box = spec.box
    if "anomaly_stack" in box or spec.setup_context:
        return None
    nodes, values = tuple(nodes), tuple(values)
    ctx = _new(FunctionCtx)  # FunctionCtx(needs), without the call of its __init__
    ctx.needs_input_grad = needs
    state.grad_enabled, state.deferred = False, False
    try:
        out = cls.forward(ctx, *fargs)
    finally:
        state.grad_enabled, state.deferred = True, deferred
    own = ctx.__dict__
    # (box["once"] is set by the general path's first call: _python_backward)
    if len(own) > 2 or (len(own) == 2 and "_saved" not in own) or not _simple(out, fargs, ctx) \
            or box.get("structure") is not _SIMPLE or box.get("reentrant") or box.get("once") is None \
            or "residual_shapes" not in box:
        return spec, nodes, values, (fargs, out, ctx)  # marks, attributes, several outputs ...
    value = out._node.value  # (_simple: not a view)
    if type(value) not in _CONCRETE:
        return spec, nodes, values, (fargs, out, ctx)
    _note_read()  # (what out._value does)
    saved = ctx._saved
    # what _account's simple case (_note_saved) and _forward_residuals_ctx (_note_residual_avals)
    # note: unchanged from the last call when the forward saved the same inputs in the same order,
    # on inputs and to an output of the same shapes and dtypes (``fast``: those shapes, then the
    # output's, and the positions saved)
    fast = box.get("fast")
    if fast is not None and _same_as_last(fast, saved, fargs, values, value):
        saved_from = fast[2]
    else:
        saved_from = _fast_note(box, fargs, values, value, saved)
    box["attrs"] = _NO_ATTRS
    # _eager_apply's and apply's
    name = spec.name
    node = _FunctionOp(function_apply, spec.static, nodes, (value,), True, None, name)
    # a ctx that holds nothing but needs_input_grad is not kept: backward gets a fresh equal one
    # (one object less per node for the garbage collector to walk, and to free, on deep graphs)
    once = box["once"]
    node.ctx = ctx if len(own) > 1 or once else _PLAIN_CTX
    if saved_from and (box.get("saved_output_nrs") or not _outputs_0(nodes, box["saved_inputs"])):
        _note_saved_output_nrs(spec, args)
    op = core.Op(core.graph.getitem, _INDEX[0], (node,), value, True, None, name)
    # wrap(op), inlined (checked above: outside inference mode)
    t = _new(Tensor)
    t._node = op
    op.owner = _weak(t)
    if once:  # a once_differentiable backward: a pass that builds a graph cuts there (see apply)
        _REENTRANT[op] = (node, ctx)
    return t


def _same_as_last(fast: tuple, saved: tuple, fargs: list, values: tuple, value) -> bool:
    """Whether this call saved the inputs the last one did (``fast[2]``, their positions), on
    inputs and to an output of the same shapes and dtypes (``fast[0]``, ``fast[1]``)."""
    known, out, saved_from = fast
    if len(saved) != len(saved_from) or len(known) != len(values):
        return False
    for t, j in zip(saved, saved_from):
        if j is None or t is not fargs[j]:
            return False
    for (shape, dtype), v in zip(known, values):
        other = v.dtype
        if v.shape != shape or (other is not dtype and other != dtype):  # (numpy interns its dtypes)
            return False
    other = value.dtype
    return value.shape == out[0] and (other is out[1] or other == out[1])


def _fast_note(box: dict, fargs: list, values: tuple, value, saved: tuple) -> tuple:
    """``_fast_apply``'s notes of a call unlike the last one (see there): which inputs were saved,
    and the shapes of the residuals; the positions saved."""
    key = tuple([(v.shape, v.dtype) for v in values])
    known = box["residual_shapes"]
    if saved:
        _note_saved(box, fargs, saved)
        saved_from = box["saved_from"]
        shapes = known.get(key)
        if None in saved_from or shapes is None or shapes[0] != (value.shape, value.dtype) \
                or shapes[1:] != tuple([key[j] for j in saved_from]):
            _note_residual_avals(box, key, (value,), tuple([None if t is None else t._value for t in saved]),
                                 _NO_ATTRS)
    else:
        saved_from = box.get("saved_from")
        if saved_from != ():
            saved_from = box["saved_inputs"] = box["saved_from"] = ()
        if known.get(key) != ((value.shape, value.dtype),):
            _note_residual_avals(box, key, (value,), (), _NO_ATTRS)
    # only saved inputs (no other tensor): the next call with these shapes notes nothing
    box["fast"] = None if None in saved_from else (key, (value.shape, value.dtype), saved_from)
    return saved_from


def _outputs_0(nodes: tuple, positions: tuple) -> bool:
    """``_output_0`` of each of ``nodes`` at ``positions``, inlined for the commonest nodes (a leaf,
    the output of another simple Function)."""
    for j in positions:
        if j >= len(nodes):
            continue
        node = nodes[j]
        if node.notes is not None:
            return False
        if type(node) is not core.Op or node.fn is not _GETITEM:
            continue
        base = node.inputs[0]
        if node.static is not _INDEX[0] or type(base) is not _FunctionOp \
                or base.static[0][1].box.get("structure") is not _SIMPLE:
            return False
    return True


_new = object.__new__
_weak = weakref.ref
_note_read = core.lazy.note_read
_GETITEM = core.graph.getitem
from ..tensor import inference_state as _INFERENCE, INFERENCE_NODES as _INFERENCE_NODES  # noqa: E402


_INDEX = tuple((("index", k),) for k in range(8))  # getitem's static attributes, shared


def _select(node: core.Op, index: int, name: str) -> core.Node:
    """``core.select`` of an eager, traced op's output (what it records there, built directly)."""
    static = _INDEX[index] if index < 8 else (("index", index),)
    return core.Op(core.graph.getitem, static, (node,), node.value[index], True, None, name)


def _python_backward(spec: _Spec) -> bool:
    """Whether the Function's backward must run as Python in the pass (with its ctx): a
    ``once_differentiable`` backward decides by the grad mode and its arguments what it returns."""
    once = spec.box.get("once")
    if once is None:
        once = spec.box["once"] = bool(getattr(_user_method(spec.cls, "backward", "vjp"), "_once_differentiable",
                                               False))
    return once


def any_reentrant() -> bool:
    """Whether some live custom Function output has a backward that runs in Python (the engine
    then asks ``reentrant_of`` of each node of a pass)."""
    return bool(_REENTRANT)


def reentrant_of(node: core.Node) -> tuple | None:
    """(op, ctx) when ``node`` is the output of a custom Function whose backward runs in Python at
    a cut of the pass (``run_reentrant``): a reentrant or ``once_differentiable`` one in a pass that
    builds a graph. An eager pass needs no cut there: its eager op's backward runs in Python anyway,
    with the same ctx and grad mode off (``function_backward``), without a cut per node (which made
    a chain of them quadratic)."""
    if not _REENTRANT:
        return None
    entry = _REENTRANT.get(node)
    if entry is not None and getattr(_STATE, "eager", False):
        op = entry[0]
        if type(op) is _FunctionOp and op.ctx is not None:
            return None
    return entry


_DEPTH = threading.local()


def one_level_deeper(call: Callable[[], Any]) -> Any:
    """``call()`` one reentrant backward deeper (a backward that runs a backward ...); past depth
    8 it continues in a fresh thread, as torch's engine escapes its stack."""
    depth = getattr(_DEPTH, "depth", 0)
    if depth >= 8:
        box: dict = {}

        def work() -> None:
            try:
                box["out"] = one_level_deeper(call)  # (a fresh thread starts at depth 0)
            except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
                box["error"] = e
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        if "error" in box:
            raise box["error"]
        return box["out"]
    _DEPTH.depth = depth + 1
    try:
        return call()
    finally:
        _DEPTH.depth = depth


def run_reentrant(node: core.Node, grad: Tensor, create_graph: bool) -> tuple[list, list]:
    """Run the user's backward of ``node``'s Function with its own ctx on ``grad``: the op's
    inputs and their gradients (seeds for the rest of the pass)."""
    op, ctx = _REENTRANT[node]
    spec = dict(op.static)["spec"]

    def backward():
        with core.recording.grad_mode(create_graph), core.recording.deferred_mode(False):
            _, _, n_out, others = spec.box["structure"]
            grads = [None if i in others else grad for i in range(n_out)]  # a non-tensor output's: None
            return _user_method(spec.cls, "backward", "vjp")(ctx, *grads)
    result = one_level_deeper(backward)
    result = result if isinstance(result, tuple) else (result,)
    if len(result) > len(spec.args) and all(r is None for r in result[len(spec.args):]):
        result = result[:len(spec.args)]
    if len(result) != len(spec.args):
        raise RuntimeError(f"function {spec.cls.__name__}Backward returned an incorrect number of "
                           f"gradients (expected {len(spec.args)}, got {len(result)})")
    tensor_results = [r for a, r in zip(spec.args, result) if a is None]
    inputs, cots = [], []
    for i, r in zip(op.inputs, tensor_results):
        if r is None or not i.traced:
            continue
        if not isinstance(r, Tensor):
            r = wrap(core.Constant(jnp.asarray(r)))
        value = r._value
        if tuple(np.shape(value)) != tuple(np.shape(i.value)) and _expandable(np.shape(i.value), np.shape(value)):
            r = wrap(core.Constant(_sum_to(value, tuple(np.shape(i.value))))) if not create_graph else r.sum_to_size(
                *np.shape(i.value))
        inputs.append(i)
        cots.append(r.node if create_graph else core.detached(r.node))
    return inputs, cots


def _check_dirty(spec: _Spec, tensors: list, recording: bool) -> None:
    """torch's checks of the inputs ``forward`` marked dirty (after it ran, as torch)."""
    check = spec.box.get("dirty_check")
    if check is None:
        return
    foreign, unreturned, dirty, n_tensor_outs = check
    if foreign and recording:
        import warnings
        warnings.warn("ctx.mark_dirty() received a tensor that was not an input. Only input Tensors that have been "
                      "mutated should be passed to ctx.mark_dirty().", UserWarning, stacklevel=3)
    if unreturned:
        raise RuntimeError("Some elements marked as dirty during the forward method were not returned as output. "
                           "The inputs that are modified inplace must all be outputs of the Function.")
    if recording and n_tensor_outs > 1 and any(
            j < len(tensors) and tensors[j]._view is not None and not tensors[j]._view.detached for j in dirty):
        raise RuntimeError(
            "If your Function modifies inplace an input that is a view of another Tensor, your Function cannot "
            "return more than one Tensor. This is not supported by the current autograd engine. You should either "
            "make sure the input is not a view (using .clone() for example) or make your Function only return one "
            "Tensor (potentially splitting it into two Functions: one doing the inplace that returns a single "
            "Tensor and a second one that does the other operations). You can ask on the forum "
            "https://discuss.pytorch.org/ if you need help to do this change.")


class Function:
    """``torch.autograd.Function``: subclass with ``forward`` and ``backward`` staticmethods
    and call ``apply``."""

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward
    generate_vmap_rule = False

    @staticmethod
    def vmap(info, in_dims, *args):
        """torch's default: a Function needs its own vmap rule (or ``generate_vmap_rule = True``)."""
        raise NotImplementedError("To use autograd.Function with vmap, you must either override the vmap staticmethod "
                                  "or set generate_vmap_rule=True.")

    @staticmethod
    def jvp(ctx, *grad_inputs):
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it with "
                                  "forward mode AD.")

    def __init__(self, *args, **kwargs) -> None:
        pass

    def __call__(self, *args, **kwargs):
        raise RuntimeError("Legacy autograd function with non-static forward method is deprecated. Please use "
                           "new-style autograd function with static forward method. (Example: "
                           "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run ``forward``; when an input requires grad, the outputs' grad_fn runs ``backward``."""
        fast = None if kwargs else _fast_apply(cls, args)
        ran = None
        if fast is not None:  # eager and recorded: the general path's checks are known to pass
            if type(fast) is not tuple:
                return fast
            spec, inputs, values, ran = fast
            tensors, recording, under_jax, eager, name = args, True, False, True, spec.name
        else:
            tensors = [a for a in args if isinstance(a, Tensor)]
            needs = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
            recording = core.recording.grad_enabled() and any(needs)
            # the first equal spec: the cached custom_vjp and kernel fill (and read) its box
            spec = _spec_of(cls, args, kwargs, needs if recording else (False,) * len(args), len(tensors))
            if spec.box.get("anomaly_stack") is not None or core_anomaly_enabled():
                _remember_forward(spec)
            under_jax = any(isinstance(t._value, jax.core.Tracer) for t in tensors)  # keep the custom rule for JAX
            name = spec.name
            eager = recording and not under_jax and not core.recording.deferred() and not core.lazy.active()
            inputs = _eager_inputs(tensors) if eager else None
            values = None if inputs is None else tuple([n.value for n in inputs])
        if not recording and not under_jax:
            values, _ = _forward(spec, tuple(t._value for t in tensors))
            if spec.box["structure"] is _SIMPLE and not core.forward.active():  # one new tensor: nothing to settle
                return wrap(core.Constant(values[0]))
            tensor_outs = [wrap(core.Constant(v)) for v in values]
        else:
            node, ctx = _eager_apply(spec, inputs, values, name, ran) if values is not None else (None, None)
            if node is not None and spec.box["saved_from"]:
                _note_saved_output_nrs(spec, tensors)
            if node is not None and spec.box["structure"] is _SIMPLE:  # one new tensor: nothing to settle
                out = wrap(_select(node, 0, name))
                if ctx is not None:
                    _REENTRANT[out.node] = (node, ctx)
                return out
            if node is None:
                _STATE.last_ctx = None
                node = core.apply(function_apply, [t.node for t in tensors], {"spec": spec}, name=name)
                ctx = _STATE.last_ctx if eager and (spec.box.get("reentrant") or _python_backward(spec)) else None
                _STATE.last_ctx = None
                if spec.box.get("saved_from"):
                    _note_saved_output_nrs(spec, tensors)
            non_diff = _structure(spec, tensors)[1]
            deferred = node.value is None  # a lazy / compiled step: values come later
            n = len(node.aval if deferred else node.value)
            select = _select if node.traced and not deferred and not core.recording.active_tapes() \
                and not core.forward.active() else core.select
            tensor_outs = [wrap(select(node, k, name=name) if k not in non_diff
                                else core.detached(core.select(node, k)) if deferred
                                else core.Constant(node.value[k])) for k in range(n)]
            if ctx is not None and n == 1 and isinstance(tensor_outs[0].node, core.Op):
                _REENTRANT[tensor_outs[0].node] = (node, ctx)
        single, _, n_out, others = _structure(spec, tensors)
        _check_dirty(spec, tensors, recording)
        it = iter(tensor_outs)
        outs = [others[i] if i in others else next(it) for i in range(n_out)]
        if core.forward.active():
            _forward_tangents(spec, args, tensors, outs)
        it = iter(_settle_outputs(spec, tensors, tensor_outs))
        outs = [others[i] if i in others else next(it) for i in range(n_out)]
        return outs[0] if single else tuple(outs)


class InplaceFunction(Function):  # noqa: F811 - torch.autograd.function.InplaceFunction (legacy base)
    """torch's legacy base class of Functions with an ``inplace`` flag."""

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace


_TWICE = "trying to differentiate twice a function that was marked with @once_differentiable"


@jax.custom_vjp
def _delayed_error(xs: tuple) -> tuple:
    return xs


def _delayed_error_fwd(xs: tuple):
    return xs, None


def _delayed_error_bwd(_, grads):
    raise RuntimeError(_TWICE)


_delayed_error.defvjp(_delayed_error_fwd, _delayed_error_bwd)


def delayed_error(*xs):
    """torch's ``DelayedError`` node: its values pass through; differentiating it raises."""
    return _delayed_error(xs)


_NO_INPUT = np.zeros((), np.float32)


def _error_outputs(outputs: tuple) -> tuple:
    """The outputs of a once-differentiable backward behind one ``Error`` node whose inputs are
    detached copies that require grad (None where an output is None), as torch builds it."""
    nodes = [core.Constant(o._value, traced=True) if isinstance(o, Tensor) else core.Constant(_NO_INPUT)
             for o in outputs]
    op = core.apply(delayed_error, nodes, name="Error")
    return tuple(wrap(core.select(op, k, name="Error")) if isinstance(o, Tensor) else o
                 for k, o in enumerate(outputs))


def once_differentiable(fn):
    """``torch.autograd.function.once_differentiable``: the backward runs without recording; when
    grad mode is on (``create_graph``) and a gradient given to it requires grad, its outputs come
    from torch's ``Error`` node, and differentiating them raises torch's error. In an eager pass
    the backward runs as Python (single-output Functions); under a JAX trace a second-order
    gradient through it raises the same error."""
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with core.recording.grad_mode(False):
            outputs = fn(ctx, *args)
        if not core.recording.grad_enabled():
            return outputs
        if not any(isinstance(a, Tensor) and a.requires_grad for a in args):
            return outputs
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else outputs
        if any(isinstance(o, Tensor) and isinstance(o._value, jax.core.Tracer) for o in outs):
            return outputs
        outs = _error_outputs(outs)
        return outs[0] if single else outs
    wrapper._once_differentiable = True
    return wrapper


class BackwardCFunction:  # names torch code sometimes imports
    pass


from . import function_backward  # noqa: E402,F401 - registers the Python pullback of eager ops
