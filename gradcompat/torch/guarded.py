"""Guarded replay for ``torch.compile``: a recorded step runs again without its Python.

The first call of a compiled function runs its Python in lazy mode (``core.lazy``), which
builds the whole step (forward, backward, optimizer update) as one program. When that call
did nothing this module cannot see, its program is kept with *guards*, as Dynamo's: the
function's global and closure values (Python scalars by value, other objects by identity),
the arguments' structure, each tensor argument's shape, dtype, device and requires_grad,
non-tensor arguments by value, grad mode, and the state of each Module, Optimizer and tensor
the function can reach through its globals, closure, ``self`` and arguments: module training
flags and hooks, parameters and buffers by identity, which have a ``.grad``, optimizer
hyperparameters by value (an lr scheduler changing ``lr`` therefore re-traces) and optimizer
state by structure. A later call whose guards hold feeds its arguments and the current state
values to the recorded program, applies the writes (parameters, momentum buffers, ``.grad``)
and returns the outputs as new tensors, without running the Python body. A replay that rewrites
parameters and optimizer state gives their old buffers to the program (XLA writes the new values
in place) when nothing else reads them (``core.donation``; ``GRADCOMPAT_STEP_DONATION=0``: never).

Conservative by design: a step that reads a value to Python (``item()``, ``print``, ``bool()``,
``numpy()``), draws random numbers, runs hooks, computes in more than one program, writes a
tensor or rebinds state it cannot guard, or returns a tensor it cannot rebuild, is never
replayed: the function then keeps running its Python at every call (today's behaviour).
Known differences from Dynamo: Python side effects of a replayed body (appending to a list,
counters) do not happen again; a replayed output is a plain tensor (no ``grad_fn``); values
read through objects the guards cannot reach (an attribute of an object that is neither a
Module nor an Optimizer, the globals of a function called through such an object) are not
guarded. ``TORCH_LOGS=recompiles`` makes each re-trace say why; ``guard_info()`` and
``gradcompat.cache_info()`` count, and ``torch._dynamo.utils.counters`` as Dynamo does.
"""
from __future__ import annotations

import dataclasses
import os
import sys
import types
from typing import Any, Callable
from weakref import ref as _ref

import numpy as np

from .. import core
from ..core import donation
from ._dynamo.utils import counters
from .generator import default_generator
from .nn.module import Module
from .optim.optimizer import Optimizer
from .tensor import _GRADS, Tensor, wrap

_SCALARS = (int, float, bool, str, complex, type(None))
_DONATE = os.environ.get("GRADCOMPAT_STEP_DONATION", "1") != "0"  # 0: never donate (a diagnostic switch)
_SCALAR_TYPES = frozenset(_SCALARS)  # the exact types: one set lookup before isinstance's walk


GuardInfo = core.cache.ReplayInfo  # the counters live in the core: ``gradcompat.cache_info()`` shows them
_info = core.cache.replay_info


def guard_info() -> GuardInfo:
    """A snapshot of the guarded-replay counters of ``torch.compile`` (also in
    ``gradcompat.cache_info()``; Dynamo's view of them: ``torch._dynamo.utils.counters``)."""
    return dataclasses.replace(_info)


def _log_recompiles() -> bool:
    return any(part.strip().lstrip("+") in ("recompiles", "recompiles_verbose", "dynamo")
               for part in os.environ.get("TORCH_LOGS", "").split(","))


# ----- structure of arguments and results ---------------------------------------------------
def _flatten(obj, leaves: list):
    """A hashable spec of ``obj`` with its tensors and scalars moved to ``leaves``."""
    if isinstance(obj, Tensor) or isinstance(obj, _SCALARS):
        leaves.append(obj)
        return None
    if isinstance(obj, (tuple, list)):
        return (type(obj), tuple(_flatten(o, leaves) for o in obj))
    if isinstance(obj, dict):
        return (dict, tuple((k, _flatten(v, leaves)) for k, v in obj.items()))
    leaves.append(obj)
    return None


def _unflatten(spec, leaves):
    if spec is None:
        return next(leaves)
    kind, items = spec
    if kind is dict:
        return {k: _unflatten(v, leaves) for k, v in items}
    return kind(_unflatten(s, leaves) for s in items)


def _leaf_guard(x):
    if isinstance(x, Tensor):
        aval = x.node.aval
        return ("tensor", tuple(aval.shape), str(aval.dtype), str(x.device), x.requires_grad)
    if isinstance(x, _SCALARS):
        return (type(x), x)
    return ("object", id(x))


def _tensor_guard(t: Tensor):
    node = t._node
    grad = _GRADS.get(node)
    notes = getattr(node, "notes", None)
    return (id(t), id(node), node.traced, grad is None, bool(notes) and "tensor_hooks" in notes)


def _label(parts: tuple) -> str:
    kind = parts[0]
    if kind == "argument":
        return f"argument {parts[1]}"
    if kind == "module":
        return f"module {parts[1]} (identity, training, hooks)"
    if kind == "param_groups":
        return (f"optimizer param_groups[{parts[1]}] params" if parts[2] == "params"
                else f"optimizer param_groups[{parts[1]}]['{parts[2]}']")
    if kind == "state":
        return f"optimizer state of param_groups[{parts[1]}] parameter {parts[2]}"
    return kind


def _value_guard(v):
    if type(v) in _SCALAR_TYPES or isinstance(v, _SCALARS):
        return (type(v), v)
    if isinstance(v, (tuple, list)) and all(isinstance(x, _SCALARS) for x in v):
        return (type(v), tuple(v))
    return ("object", id(v))


# ----- what a function can reach ------------------------------------------------------------
def _code_names(code: types.CodeType, out: set) -> set:
    out.update(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _code_names(const, out)
    return out


def _reachable(fn: Callable) -> list[tuple[str, Callable[[], Any]]]:
    """(label, getter) for every global and closure value the function (and the plain Python
    functions it names) can read: read again at each call, so a rebinding is seen."""
    getters: list[tuple[str, Callable[[], Any]]] = []
    seen: set[int] = set()
    missing = object()

    def visit(f, prefix: str) -> None:
        if id(f) in seen:
            return
        seen.add(id(f))
        if isinstance(f, types.MethodType):
            getters.append((f"{prefix}self", lambda f=f: f.__self__))
            f = f.__func__
        code = getattr(f, "__code__", None)
        if code is None:
            return
        g = f.__globals__
        for name in sorted(_code_names(code, set())):
            if name in g:
                getters.append((f"{prefix}global '{name}'", lambda g=g, name=name: g.get(name, missing)))
                value = g[name]
                if isinstance(value, types.FunctionType) and value.__module__ == f.__module__:
                    visit(value, f"{prefix}{name}.")
        for name, cell in zip(code.co_freevars, f.__closure__ or ()):
            getters.append((f"{prefix}closure '{name}'", lambda cell=cell: cell.cell_contents))
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, types.FunctionType):
                visit(value, f"{prefix}{name}.")

    visit(fn, "")
    return getters


def _state_objects(values) -> tuple[list[Module], list[Optimizer], list[Tensor]]:
    modules, optimizers, tensors, seen = [], [], [], set()

    def add(v, depth: int) -> None:
        if id(v) in seen:
            return
        seen.add(id(v))
        if isinstance(v, Module):
            modules.append(v)
        elif isinstance(v, Optimizer):
            optimizers.append(v)
        elif isinstance(v, Tensor):
            tensors.append(v)
        elif isinstance(v, (list, tuple)) and depth < 2:
            for x in v:
                add(x, depth + 1)
        elif isinstance(v, dict) and depth < 2 and len(v) < 64:
            for x in v.values():
                add(x, depth + 1)
        elif depth == 0 and not isinstance(v, (_SCALARS, types.FunctionType, types.ModuleType, type)):
            for x in getattr(v, "__dict__", {}).values():  # a trainer object's model and optimizer
                if isinstance(x, (Module, Optimizer, Tensor)):
                    add(x, depth + 1)

    for v in values:
        add(v, 0)
    return modules, optimizers, tensors


class _Unreplayable(Exception):
    """The recorded call did something a replay cannot reproduce (the message says what);
    ``permanent``: the function is never replayed again (else only this guard set is not)."""

    def __init__(self, reason: str, permanent: bool = True) -> None:
        super().__init__(reason)
        self.permanent = permanent


_CREATES_STATE = "it creates the state it writes (an optimizer's first step)"  # not a graph break: traced again
_NO_REPLAY = object()  # a guard set whose calls run their Python (see ``_Unreplayable``)


class _Plan:
    """A recorded step: the program, where each of its inputs comes from at a replay, the
    state writes it makes, and how to rebuild its outputs."""

    def __init__(self, prepared, sources, writes, grads, out_spec, out_leaves, checks, compiled: float = 0.0):
        self.prepared, self.writes, self.checks = prepared, writes, checks
        self.grads, self.out_spec, self.out_leaves = grads, out_spec, out_leaves
        # the inputs by where a replay finds them; Python numbers (hyperparameters: guarded by
        # value, so fixed for this plan) are put on the device once, here
        fixed = [n.value if kind == "node" and isinstance(n, core.Scalar) else None for kind, n in sources]
        self.template = list(core.executor.on_device(fixed)) if any(v is not None for v in fixed) else fixed
        self.args = [(i, x) for i, (kind, x) in enumerate(sources) if kind == "arg"]
        self.grad_inputs = [(i, x) for i, (kind, x) in enumerate(sources) if kind == "grad"]
        self.nodes = [(i, x) for i, (kind, x) in enumerate(sources)
                      if kind == "node" and not isinstance(x, core.Scalar)]
        self.donor, self.donated = self._donor(compiled)

    def _donor(self, compiled: float):
        """The state a replay overwrites in place (parameters, optimizer buffers) whose old buffers
        it may give the program (``core.donation``): an input node that the step writes with a
        result written nowhere else, returned nowhere and set as no ``.grad``. The recorded call's
        results are owned (the first replay may donate them) unless one is an input passed
        through. ``compiled``: the seconds the recorded call compiled cold (see ``payback_wait``)."""
        if not _DONATE or any(cells is not None for cells in getattr(self.prepared, "_writes", [None])):
            return None, ()
        uses: dict = {}
        for _, i in self.writes:
            uses[i] = uses.get(i, 0) + 1
        for _, i in self.grads:
            uses[i] = 2
        for kind, x in self.out_leaves:
            if kind == "fetch":
                uses[x] = 2
        written = {id(target): i for target, i in self.writes if uses[i] == 1}
        donated = tuple((position, node) for position, node in self.nodes if id(node) in written)
        if not donated:
            return None, ()
        targets = {id(node) for _, node in donated}
        passed = {id(n.value) for n in self.prepared.inputs if id(n) not in targets}
        owned = [node.value if id(node.value) not in passed else None for _, node in donated]
        nbytes = sum(getattr(node.value, "nbytes", 0) for _, node in donated)
        if not donation.worth(nbytes):
            return None, ()
        wait = donation.payback_wait(compiled, nbytes)
        return donation.Donor(tuple((position, written[id(node)]) for position, node in donated), wait, owned), donated

    def replay(self, leaves: list):
        for kind, x, check in self.checks:  # data-dependent checks (target bounds) on the new values
            check(leaves[x].node if kind == "arg" else x)
        donate = ()
        if self.donor is not None:  # before ``values`` holds the state's values too
            donate = self.donor.ready([node.value for _, node in self.donated])
        values = self.template.copy()
        for i, x in self.args:
            values[i] = leaves[x].node.value
        for i, t in self.grad_inputs:
            values[i] = _GRADS[t._node].node.value
        for i, n in self.nodes:
            values[i] = n.value
        results = self.prepared.run_values(values, placed=True, donate=donate)
        for target, i in self.writes:
            target.value = results[i]
        if self.donor is not None:
            if self.donor.refused < core.executor._REFUSALS_KEPT:
                self.donor.wrote([node.value for _, node in self.donated])
            else:  # the state is kept elsewhere at every call: stop checking
                self.donor = None
        for t, i in self.grads:
            if i is None:
                _GRADS.pop(t._node, None)
            else:
                _GRADS[t._node] = wrap(core.Constant(results[i]))
        out = []
        for kind, x in self.out_leaves:
            out.append(wrap(core.Constant(results[x])) if kind == "fetch" else leaves[x] if kind == "arg" else x)
        return _unflatten(self.out_spec, iter(out))


class GuardedFunction:
    """``torch.compile(fn)``'s callable: replays a recorded step while its guards hold."""

    def __init__(self, fn: Callable) -> None:
        self.fn = fn
        self.plans: dict[tuple, _Plan] = {}
        self.last: list | None = None
        self.never: str | None = None  # why this function is never replayed
        self._reach = None

    def _fast_guards(self, leaves: list, spec) -> tuple[list, tuple]:
        """``_guards`` without labels, as one loop per kind (run at every call: the replay's main
        Python cost). The same values in the same order (``test_stepcost_guards`` compares)."""
        if self._reach is None:
            self._reach = _reachable(self.fn)
        values = [core.recording.grad_enabled(), spec]
        values += [_leaf_guard(x) for x in leaves]
        reached = []
        for _, get in self._reach:
            try:
                v = get()
            except ValueError:  # an empty closure cell
                v = None
            reached.append(v)
            values.append((type(v), v) if type(v) in _SCALAR_TYPES else _value_guard(v))
        modules, optimizers, tensors = _state_objects(
            reached + [x for x in leaves if not isinstance(x, (Tensor, *_SCALARS))])
        append, extend = values.append, tensors.extend
        for m in modules:
            stack = [m]
            while stack:
                sub = stack.pop()
                d = sub.__dict__
                append((id(sub), sub.training, bool(d["_forward_hooks"] or d["_forward_pre_hooks"]
                                                   or d.get("_backward_hooks") or d.get("_backward_pre_hooks"))))
                extend(d["_parameters"].values())
                extend(d["_buffers"].values())
                stack.extend(reversed(d["_modules"].values()))
        for o in optimizers:
            state = o.state
            for group in o.param_groups:
                for k, v in group.items():
                    if k == "params":
                        append(tuple(map(id, v)))
                        extend(v)
                    else:
                        append((type(v), v) if type(v) in _SCALAR_TYPES else _value_guard(v))
                for p in group["params"]:
                    st = state.get(p)
                    if st:
                        append(tuple([(k, id(v) if isinstance(v, Tensor) else _value_guard(v)) for k, v in st.items()]))
                        extend([v for v in st.values() if isinstance(v, Tensor)])
                    else:
                        append(())
        unique = list({id(t): t for t in tensors if t is not None}.values())
        grads = _GRADS.data
        for t in unique:  # ``_tensor_guard``, inlined
            node = t._node
            notes = getattr(node, "notes", None)
            append((id(t), id(node), node.traced, grads.get(_ref(node)) is None,
                    bool(notes) and "tensor_hooks" in notes))
        return values, (modules, optimizers, unique)

    # guards: their values (compared at every call) and, when asked, their labels (to explain)
    def _guards(self, leaves: list, spec, labels: list | None = None) -> tuple[list, tuple]:
        if self._reach is None:
            self._reach = _reachable(self.fn)
        label = labels.append if labels is not None else None
        values = [core.recording.grad_enabled(), spec]
        if label:
            label(("grad mode",))
            label(("argument structure",))
        for i, x in enumerate(leaves):
            values.append(_leaf_guard(x))
            if label:
                label(("argument", i))
        reached = []
        for text, get in self._reach:
            try:
                v = get()
            except ValueError:  # an empty closure cell
                v = None
            reached.append(v)
            values.append(_value_guard(v))
            if label:
                label((text,))
        modules, optimizers, tensors = _state_objects(
            reached + [x for x in leaves if not isinstance(x, (Tensor, *_SCALARS))])
        for m in modules:
            stack = [m]
            while stack:  # the module tree, read directly (cheaper than named_modules at every call)
                sub = stack.pop()
                d = sub.__dict__
                values.append((id(sub), sub.training, bool(d["_forward_hooks"] or d["_forward_pre_hooks"]
                                                          or d.get("_backward_hooks") or d.get("_backward_pre_hooks"))))
                if label:
                    label(("module", type(sub).__name__))
                tensors.extend(d["_parameters"].values())
                tensors.extend(d["_buffers"].values())
                stack.extend(reversed(d["_modules"].values()))
        for o in optimizers:
            state = o.state
            for gi, group in enumerate(o.param_groups):
                for k, v in group.items():
                    if k == "params":
                        values.append(tuple(map(id, v)))
                        tensors.extend(v)
                    else:
                        values.append(_value_guard(v))
                    if label:
                        label(("param_groups", gi, k))
                for pi, p in enumerate(group["params"]):
                    st = state.get(p)
                    if st:
                        values.append(tuple([(k, id(v) if isinstance(v, Tensor) else _value_guard(v))
                                             for k, v in st.items()]))  # the tensors: in "tensor state"
                        tensors.extend([v for v in st.values() if isinstance(v, Tensor)])
                    else:
                        values.append(())
                    if label:
                        label(("state", gi, pi))
        unique = list({id(t): t for t in tensors if t is not None}.values())
        for t in unique:
            values.append(_tensor_guard(t))
            if label:
                label(("tensor state",))
        return values, (modules, optimizers, unique)

    def __call__(self, *args, **kwargs):
        _info.calls += 1
        if self.never is not None or core.lazy.active():
            return self._lazy(args, kwargs)
        leaves: list = []
        spec = _flatten((args, kwargs), leaves)
        try:
            values, state = self._fast_guards(leaves, spec)
            key = tuple(values)
            plan = self.plans.get(key)
        except Exception:  # something it reaches cannot be guarded (unhashable, odd attributes)
            self.never = "its arguments or state cannot be guarded"
            return self._lazy(args, kwargs)
        if plan is _NO_REPLAY:
            _info.unreplayable += 1
            with core.lazy.lazy_mode():
                return self.fn(*args, **kwargs)
        if plan is not None and all(not isinstance(x, Tensor) or x.node.value is not None for x in leaves):
            _info.replays += 1
            return plan.replay(leaves)
        labels: list = []
        values, state = self._guards(leaves, spec, labels)
        guards = list(zip(map(_label, labels), values))
        counters["frames"]["total"] += 1
        if self.last is None:
            _info.traces += 1
        else:
            _info.retraces += 1
            if _log_recompiles():
                print(f"gradcompat: torch.compile: recompiled {getattr(self.fn, '__name__', self.fn)} because "
                      f"{_explain(self.last, guards)}", file=sys.stderr, flush=True)
        self.last = guards
        return self._record(key, guards, leaves, args, kwargs, state)

    def _lazy(self, args, kwargs):
        if self.never is not None:
            _info.unreplayable += 1
        with core.lazy.lazy_mode():
            return self.fn(*args, **kwargs)

    def _record(self, key, guards, leaves, args, kwargs, state):
        modules, optimizers, tensors = state
        grads_before = {id(t): _GRADS.get(t._node) for t in tensors}
        nodes_before = {id(t): t._node for t in tensors}
        rng_before = default_generator.impl.get_state().tobytes()
        args_before = [x._node for x in leaves if isinstance(x, Tensor)]
        clock = core.cache.compile_clock()
        with core.lazy.observe() as seen:
            out = self._lazy(args, kwargs)
        compiled = core.cache.cold_seconds(clock)
        try:
            if default_generator.impl.get_state().tobytes() != rng_before:
                raise _Unreplayable("it draws random numbers")
            if [x._node for x in leaves if isinstance(x, Tensor)] != args_before:
                raise _Unreplayable("it changes an argument in place")
            labels: list = []
            values, (_, _, now) = self._guards(leaves, guards[1][1], labels)
            after = list(zip(map(_label, labels), values))
            plan = self._plan(seen, leaves, out, tensors, grads_before, nodes_before,
                              {id(t._node) for t in now}, compiled)
        except _Unreplayable as e:
            if str(e) == _CREATES_STATE:
                counters["frames"]["ok"] += 1
            else:
                counters["graph_break"][str(e)] += 1
            if e.permanent:
                self.never = str(e)
            else:
                self.plans[key] = _NO_REPLAY
            if _log_recompiles():
                print(f"gradcompat: torch.compile: {getattr(self.fn, '__name__', self.fn)} runs its Python at "
                      f"{'every call' if e.permanent else 'calls like this one'} because {e}", file=sys.stderr,
                      flush=True)
            return out
        counters["frames"]["ok"] += 1
        # the step created optimizer state (a first step): a replay would not create it again
        if [g for g in after if g[0] != "tensor state"] == [g for g in guards if g[0] != "tensor state"]:
            self.plans[key] = plan
            counters["stats"]["unique_graphs"] += 1
            counters["stats"]["calls_captured"] += len(getattr(getattr(plan.prepared, "program", None), "eqns", ()))
        return out

    def _plan(self, seen, leaves, out, tensors, grads_before, nodes_before, nodes_after,
              compiled: float = 0.0) -> _Plan:
        if seen.reads:
            raise _Unreplayable("it reads a tensor's value in Python (item(), print, bool(), numpy())")
        if len(seen.runs) != 1:
            raise _Unreplayable(f"it computes in {len(seen.runs)} programs")
        if any(g[1][4] for g in self.last if g[0] == "tensor state") or any(
                g[1][2] for g in self.last if g[0].startswith("module ")):
            raise _Unreplayable("it runs hooks")
        prepared, fetches, writes, _ = seen.runs[0]
        fetch_index = {id(n): i for i, n in enumerate(fetches)}
        arg_index = {id(x.node): i for i, x in enumerate(leaves) if isinstance(x, Tensor)}
        grad_owner = {id(g._node): t for t in tensors if (g := grads_before[id(t)]) is not None}
        sources = []
        for n in prepared.inputs:
            if id(n) in arg_index:
                sources.append(("arg", arg_index[id(n)]))
            elif id(n) in grad_owner:
                sources.append(("grad", grad_owner[id(n)]))
            else:
                sources.append(("node", n))
        state_nodes = {id(n) for n in nodes_before.values()}
        plan_writes = []
        for target, source in writes.items():
            if id(target) in nodes_after and id(target) not in state_nodes:  # guarded from the next call on
                raise _Unreplayable(_CREATES_STATE, permanent=False)
            if id(target) not in state_nodes:
                raise _Unreplayable("it writes into a tensor it cannot guard")
            plan_writes.append((target, fetch_index[id(source)]))
        checks = []
        for node, check in seen.checks:
            if id(node) in arg_index:
                checks.append(("arg", arg_index[id(node)], check))
            elif id(node) in fetch_index or node in writes:
                raise _Unreplayable("it checks values it computes")
            else:
                checks.append(("node", node, check))
        grads, backward = [], False
        for t in tensors:
            if t._node is not nodes_before[id(t)]:
                raise _Unreplayable("it rebinds a parameter or state tensor")
            before, now = grads_before[id(t)], _GRADS.get(t._node)
            if now is before and (now is None or now._node is grad_owner_node(before)):
                continue
            backward = True
            if now is None:
                grads.append((t, None))
            elif id(now._node) in fetch_index:
                grads.append((t, fetch_index[id(now._node)]))
            else:
                raise _Unreplayable("it sets a .grad it cannot rebuild")
        out_leaves: list = []
        out_spec = _flatten(out, out_leaves)
        rebuilt = []
        for x in out_leaves:
            if isinstance(x, Tensor):
                if id(x.node) in arg_index:
                    rebuilt.append(("arg", arg_index[id(x.node)]))
                elif id(x.node) in fetch_index and (not x.requires_grad or backward):
                    rebuilt.append(("fetch", fetch_index[id(x.node)]))
                elif x.requires_grad:
                    raise _Unreplayable("it returns a differentiable tensor (grad mode is on)", permanent=False)
                else:
                    raise _Unreplayable("it returns a tensor a replay cannot rebuild")
            elif isinstance(x, _SCALARS):
                rebuilt.append(("value", x))
            else:
                raise _Unreplayable("it returns a Python object")
        return _Plan(prepared, sources, plan_writes, grads, out_spec, rebuilt, checks, compiled)


def grad_owner_node(grad: Tensor):
    return grad._node


def _explain(old: list, new: list) -> str:
    for (label, a), (other, b) in zip(old, new):
        if label != other:
            return f"the guarded state changed at {label}"
        if a != b:
            return f"{label} changed: expected {_show(a)}, got {_show(b)}"
    if len(old) != len(new):
        return "the guarded modules, optimizers and tensors changed"
    return "no guard failed (the previous call could not be replayed)"


def _show(v) -> str:
    if isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], type):
        return repr(v[1])
    if isinstance(v, tuple) and len(v) == 5 and v[0] == "tensor":
        return f"a tensor of shape {v[1]}, {v[2]} on {v[3]}, requires_grad={v[4]}"
    if isinstance(v, tuple) and len(v) == 2 and v[0] == "object":
        return f"the object with id {v[1]}"
    if isinstance(v, tuple) and all(isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str) for x in v):
        return f"entries {[k for k, _ in v]}"  # optimizer state: which entries it holds
    return repr(v)
