"""Running a JAX transform of a user's torch function as one core op.

``run(build, args)`` flattens ``args`` (pytrees whose leaves may be Tensors), makes one
core op whose function rebuilds the arguments as Tensors on JAX values and calls
``build(*args)`` (a JAX transform applied to the user's function, see ``jaxify``). The
op is recorded like any other: when an input requires grad and grad mode is on, the
results are connected (so ``create_graph`` / nesting in torch autograd works); otherwise
they are plain tensors. Known difference: tensors the user's function closes over are
constants to the transform (torch would also differentiate into them).
"""
from __future__ import annotations

from typing import Any, Callable

import jax

from ... import core
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
