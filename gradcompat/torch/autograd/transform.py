"""Running a JAX transform of a user's torch function as one core op.

``run(build, args)`` flattens ``args`` (pytrees whose leaves may be Tensors), makes one
core op whose function rebuilds the arguments as Tensors on JAX values and calls
``build(*args)`` (a JAX transform applied to the user's function, see ``jaxify``). The
op is recorded like any other: when an input requires grad and grad mode is on, the
results are connected (so ``create_graph`` / nesting in torch autograd works); otherwise
they are plain tensors. Known difference: tensors the user's function closes over are
constants to the transform (torch would also differentiate into them).

``run_transform`` (``autograd.functional``) keys the op on the traced structure instead of
on the identity of a per-call closure: see the section below.
"""
from __future__ import annotations

from typing import Any, Callable

import jax
import numpy as np
from jax._src.interpreters import partial_eval as pe

from ... import core
from ...core.jaxpr_structure import Structure, eval_jaxpr, structure_apply
from ..tensor import Tensor, wrap


def _is_tensor(x) -> bool:
    return isinstance(x, Tensor)


def to_arrays(tree):
    """Tensors in a pytree replaced by their JAX values."""
    return jax.tree_util.tree_map(lambda x: x._value if isinstance(x, Tensor) else x, tree, is_leaf=_is_tensor)


def to_tensors(tree):
    """JAX arrays in a pytree wrapped as Tensors."""
    return jax.tree_util.tree_map(lambda x: wrap(core.Constant(x)) if isinstance(x, jax.Array) else x,
                                  tree, is_leaf=_is_tensor)


def jaxify(func: Callable) -> Callable:
    """The user's torch function as a function of pytrees of JAX values (Tensors are
    pytrees, so JAX hands it Tensors holding tracers); its outputs become arrays."""
    def f(*args, **kwargs):
        with core.recording.grad_mode(False):
            out = func(*to_tensors(args), **to_tensors(kwargs))
        return to_arrays(out)
    return f


class _Spec:
    """Static part of one transform call (hashed by identity of the built function)."""

    def __init__(self, build: Callable, treedef, statics: tuple) -> None:
        self.build = build
        self.treedef = treedef
        self.statics = statics  # (position, value) of the non-tensor leaves
        self.box: dict = {}
        self._key = (build, treedef, tuple((i, id(v)) for i, v in statics))

    def __eq__(self, other) -> bool:
        return isinstance(other, _Spec) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)


def transform_apply(*values, spec: _Spec):
    """The op: rebuild the arguments (tensors as JAX values), run the transform, return its flat results."""
    leaves, it = [], iter(values)
    statics = dict(spec.statics)
    for i in range(spec.treedef.num_leaves):
        leaves.append(statics[i] if i in statics else next(it))  # JAX values; jaxify wraps them
    args = jax.tree_util.tree_unflatten(spec.treedef, leaves)
    out = to_arrays(spec.build(*args))
    flat, treedef = jax.tree_util.tree_flatten(out)
    spec.box["treedef"] = treedef
    return tuple(flat)


def run(build: Callable, args: tuple, name: str, record: bool = True) -> Any:
    """``build(*args)`` as one core op; results as Tensors in the structure ``build`` returns."""
    leaves, treedef = jax.tree_util.tree_flatten(args, is_leaf=_is_tensor)
    tensors = [x for x in leaves if isinstance(x, Tensor)]
    statics = tuple((i, x) for i, x in enumerate(leaves) if not isinstance(x, Tensor))
    spec = _Spec(build, treedef, statics)
    with core.recording.grad_mode(record and core.recording.grad_enabled()):
        node = core.apply(transform_apply, [t.node for t in tensors], {"spec": spec}, name=name)
        outs = [wrap(core.select(node, i, name=name) if isinstance(node, core.Op) else core.Constant(v))
                for i, v in enumerate(node.value)]
    return jax.tree_util.tree_unflatten(spec.box["treedef"], outs)


# ----- structural transforms: one executable per structure, reused across calls ---------------
#
# ``run`` keys its op on the identity of ``build`` (a closure made per call), so each call is
# a new op: its backward program (create_graph) compiles again at every call. ``run_transform``
# traces ``build`` to a jaxpr first, on every call (the user's Python runs once per call, as
# before, and tensors it closes over are read afresh: they become inputs of the op), and keys
# the op on the jaxpr's structure: calls with the same structure (gradcheck's many calls of one
# function, a loop) share one forward executable and one backward executable
# (``core.jaxpr_structure``).

_MAX_ENTRIES = 512


def _avals(tensors) -> list:
    return [t.node.aval if t.node.aval is not None else t._value for t in tensors]


_TRANSFORMED: dict[tuple, tuple] = {}  # (kind, params, forward structure, ...) -> (Structure, consts, treedef)


_VALUE_ERRORS = (jax.errors.ConcretizationTypeError, jax.errors.TracerBoolConversionError,
                 jax.errors.TracerIntegerConversionError, jax.errors.TracerArrayConversionError)


def _run_on_values(kind: Callable, params: tuple, func: Callable, primals: tuple, extras: tuple, name: str,
                   record: bool) -> Any:
    """``run_transform`` for a function that reads its values: the transform of the function
    itself, as one op keyed on this call (the function runs once more to learn its output
    structure)."""
    out_tuple = not jax.tree_util.treedef_is_leaf(
        jax.tree_util.tree_structure(func(*[t._value for t in primals])))

    def build(xs, es):
        return kind(func, tuple(to_arrays(xs)), tuple(to_arrays(es)), out_tuple, *params)
    return run(build, (tuple(primals), tuple(extras)), name, record)


def run_transform(kind: Callable, params: tuple, func: Callable, primals: tuple, extras: tuple, name: str,
                  record: bool = True, trace_avals: list | None = None,
                  on_values: Callable[[], Any] | None = None) -> Any:
    """``kind(g, xs, es, out_is_tuple, *params)`` as one core op, where ``g`` is ``func`` (a
    function of JAX arrays returning an array or a tuple of arrays) as a pure function of the
    arrays of the Tensors ``primals``, ``es`` the arrays of the Tensors ``extras``.

    ``func`` is traced to a jaxpr at every call (the user's Python runs once per call, and the
    tensors it closes over are read afresh: they become inputs of the op, constants to the
    transform as in ``run``). The transformed program is built once per (kind, params, the
    forward's structure): calls of the same structure share it, its compiled executable and the
    executable of its backward program. ``kind`` and ``params`` must compare by value (a
    module-level function, plain data).

    ``trace_avals`` (default: the primals' own) are the shapes ``func`` is traced on (``vmap``
    traces one example); ``on_values`` is what runs instead when ``func`` reads its values
    (default: the transform on the concrete values)."""
    box: dict = {}

    def forward(*xs):
        flat, box["treedef"] = jax.tree_util.tree_flatten(func(*xs))
        return flat

    try:
        closed = jax.make_jaxpr(forward)(*(_avals(primals) if trace_avals is None else trace_avals))
    except _VALUE_ERRORS:
        # the function branches on its values (``if x.sum() > 0``): run the transform on the
        # concrete values, as ``run`` (a JVP of concrete values may branch), without reuse
        if on_values is not None:
            return on_values()
        return _run_on_values(kind, params, func, primals, extras, name, record)
    fjaxpr = pe.convert_constvars_jaxpr(closed.jaxpr)
    f_treedef = box["treedef"]
    key = (kind, params, Structure(fjaxpr), f_treedef,
           tuple((tuple(a.shape), a.dtype) for a in _avals((*primals, *extras))))
    entry = _TRANSFORMED.get(key)
    if entry is None:
        n_consts = len(closed.consts)
        out_tuple = not jax.tree_util.treedef_is_leaf(f_treedef)

        def whole(*values):
            consts, xs, es = values[:n_consts], values[n_consts:n_consts + len(primals)], values[n_consts + len(primals):]

            def g(*p):
                return jax.tree_util.tree_unflatten(f_treedef, eval_jaxpr(fjaxpr, (), [*consts, *p]))
            flat, box["out"] = jax.tree_util.tree_flatten(kind(g, tuple(xs), tuple(es), out_tuple, *params))
            return flat

        outer = jax.make_jaxpr(whole)(*closed.in_avals[:0], *[jax.ShapeDtypeStruct(np.shape(c), c.dtype)
                                                               for c in closed.consts],
                                      *_avals(primals), *_avals(extras))
        if len(_TRANSFORMED) >= _MAX_ENTRIES:
            _TRANSFORMED.pop(next(iter(_TRANSFORMED)))
        entry = _TRANSFORMED[key] = (Structure(pe.convert_constvars_jaxpr(outer.jaxpr)),
                                     tuple(core.Constant(c) for c in outer.consts), box["out"])
    structure, outer_consts, out_treedef = entry
    inputs = [*outer_consts, *(core.Constant(c) for c in closed.consts), *(t.node for t in (*primals, *extras))]
    with core.recording.grad_mode(record and core.recording.grad_enabled()):
        # structure_apply compiles at first sight (its own jit; not in core's cache statistics):
        # measured on the peer suite, running a one-off transform primitive by primitive costs
        # more (one small compilation per primitive and shape)
        node = core.apply(structure_apply, inputs, {"structure": structure}, name=name)
        outs = [wrap(core.select(node, i, name=name) if isinstance(node, core.Op) else core.Constant(v))
                for i, v in enumerate(node.value)]
    return jax.tree_util.tree_unflatten(out_treedef, outs)
