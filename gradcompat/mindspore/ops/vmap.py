"""``ops.vmap(fn, in_axes=0, out_axes=0)``: MindSpore's vectorizing map, on ``jax.vmap``.

The call is one core op whose kernel is ``jax.vmap`` of ``fn`` run on Tensors that hold JAX
tracers, so gradients flow through it (``grad(vmap(f))``), ``vmap(grad(f))`` vectorizes a
gradient, and in GRAPH_MODE it is part of the compiled program. ``in_axes`` / ``out_axes``
follow MindSpore: an int or None for everything, or (nested) tuples / lists matching the
arguments' (outputs') structure; errors are MindSpore's RuntimeErrors.

Known difference: Parameters that ``fn`` (a Cell) reads are constants of the mapped call,
so a gradient with respect to them does not flow through ``vmap``.
"""
from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

import jax

from ...core import Constant, apply, recording, select
from .. import _tracing
from ..tensor import Tensor


class _Leaf:
    """The place of one Tensor argument in the flattened call (hashable)."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, _Leaf) and other.index == self.index

    def __hash__(self) -> int:
        return hash(("leaf", self.index))


def _check_axis_type(axis: Any) -> None:
    if axis is not None and (isinstance(axis, bool) or not isinstance(axis, int)):
        raise RuntimeError(f"The axis in vmap`s 'in_axes' can only be of type Int or None, but got {axis!r}.")


def _flatten(args: Any, axes: Any, tensors: list, leaf_axes: list) -> Any:
    """``args`` with each Tensor replaced by a ``_Leaf``; the Tensors and their axis are
    appended to ``tensors`` / ``leaf_axes`` (``axes`` spread over the structure)."""
    if isinstance(args, Tensor):
        if isinstance(axes, (tuple, list)):
            raise RuntimeError("The 'in_axes' of 'vmap' must be an int or None for a Tensor argument, but got "
                               f"{axes!r}.")
        _check_axis_type(axes)
        tensors.append(args)
        leaf_axes.append(axes)
        return _Leaf(len(tensors) - 1)
    if isinstance(args, (tuple, list)):
        if isinstance(axes, (tuple, list)):
            if len(axes) != len(args):
                raise RuntimeError(f"The size of vmap's 'in_axes' should be equal to the number of the elements "
                                   f"of the argument: {len(args)}, but got size: {len(axes)}.")
            parts = [_flatten(a, x, tensors, leaf_axes) for a, x in zip(args, axes)]
        else:
            _check_axis_type(axes)
            parts = [_flatten(a, axes, tensors, leaf_axes) for a in args]
        return (type(args), tuple(parts))
    if isinstance(axes, (tuple, list)):
        _check_axis_type(axes)
    try:
        hash(args)
    except TypeError:
        raise RuntimeError(f"vmap's arguments should be Tensors, numbers or tuples of them, but got "
                           f"{type(args).__name__}.") from None
    return ("const", args)


def _rebuild(structure: Any, leaves: list) -> Any:
    if isinstance(structure, _Leaf):
        return leaves[structure.index]
    kind, content = structure
    if kind == "const":
        return content
    return kind(_rebuild(s, leaves) for s in content)


def _to_arrays(value: Any) -> Any:
    if isinstance(value, Tensor):
        return value._jax_value()
    if isinstance(value, (tuple, list)):
        return tuple(_to_arrays(v) for v in value)
    if value is None:
        return None
    raise RuntimeError(f"The output of the 'fn' of 'vmap' should be Tensors or tuples of Tensors, but got "
                       f"{type(value).__name__}.")


def _out_axes(axes: Any) -> Any:
    if isinstance(axes, (tuple, list)):
        return tuple(_out_axes(a) for a in axes)
    if axes is not None and (isinstance(axes, bool) or not isinstance(axes, int)):
        raise RuntimeError(f"The axis in vmap`s 'out_axes' can only be of type Int or None, but got {axes!r}.")
    return axes


@contextlib.contextmanager
def _inside_kernel() -> Iterator[None]:
    """Run MindSpore code on tracers: eagerly, unseen by the tapes of gradients outside
    (they differentiate the vmap op as a whole) and by a GRAPH_MODE trace."""
    tapes = list(recording.active_tapes())
    stack = contextlib.ExitStack()
    with stack:
        for tape in tapes:
            stack.enter_context(recording.paused(tape))
        stack.enter_context(recording.deferred_mode(False))
        stack.enter_context(_tracing.tracing(None))
        yield


def _mapped(fn: Callable, structure: Any, in_axes: tuple, out_axes: Any) -> Callable:
    def on_arrays(*arrays):
        with _inside_kernel():
            leaves = [Tensor._from_node(Constant(a)) for a in arrays]
            return _to_arrays(fn(*_rebuild(structure, leaves)))
    return jax.vmap(on_arrays, in_axes=in_axes, out_axes=out_axes)


def vmap_kernel(*arrays, fn, structure, in_axes, out_axes):
    """The mapped call on the flattened Tensor arguments; its outputs flattened."""
    return tuple(jax.tree_util.tree_leaves(_mapped(fn, structure, in_axes, out_axes)(*arrays)))


def _check_sizes(tensors: list, axes: list) -> None:
    size = None
    for t, axis in zip(tensors, axes):
        if axis is None:
            continue
        ndim = len(t.shape)
        if not -ndim <= axis < ndim:
            raise RuntimeError(f"The axis: {axis} in 'in_axes' is out of bounds for array of dimension "
                               f"[{-ndim},{ndim}).")
        n = t.shape[axis]
        if size is not None and n != size:
            raise RuntimeError(f"The 'axis_size' of each argument in the scope of 'vmap' should be equal, but got "
                               f"{size} and {n}.")
        size = n
    if size is None:
        raise RuntimeError("The 'in_axes' of 'vmap' cannot be all None while 'fn' is not a 'CellList'.")


def _call(fn: Callable, in_axes: Any, out_axes: Any, args: tuple) -> Any:
    if isinstance(in_axes, (tuple, list)) and len(in_axes) != len(args):
        raise RuntimeError(f"When vmap`s 'in_axes' is a tuple or list, and its size must be equal to the number of "
                           f"arguments of 'fn': {len(args)}, but got size: {len(in_axes)}.")
    tensors: list[Tensor] = []
    leaf_axes: list = []
    structure = _flatten(tuple(args), in_axes, tensors, leaf_axes)
    _check_sizes(tensors, leaf_axes)
    flat_in, flat_out = tuple(leaf_axes), _out_axes(out_axes)
    specs = [jax.ShapeDtypeStruct(t.shape, t.node.aval.dtype) for t in tensors]
    try:
        shapes = jax.eval_shape(_mapped(fn, structure, flat_in, flat_out), *specs)
    except ValueError as exc:  # out_axes that do not fit the outputs
        raise RuntimeError(f"For 'vmap', the 'out_axes' do not match the outputs of 'fn': {exc}") from None
    leaves, treedef = jax.tree_util.tree_flatten(shapes)
    node = apply(vmap_kernel, [t.node for t in tensors],
                 {"fn": fn, "structure": structure, "in_axes": flat_in, "out_axes": flat_out}, name="VMap")
    outputs = [Tensor._from_node(select(node, i)) for i in range(len(leaves))]
    return jax.tree_util.tree_unflatten(treedef, outputs)


def vmap(fn: Callable, in_axes: Any = 0, out_axes: Any = 0) -> Callable:
    """``ops.vmap(fn, in_axes=0, out_axes=0)``: ``fn`` (a function or Cell) mapped over the
    ``in_axes`` of its arguments, results stacked along ``out_axes``.

    Reproduces MindSpore 2.x: ``in_axes`` an int, None, or a (nested) tuple / list with one
    entry per argument (per element of a tuple argument); ``in_axes=None`` alone, axes out
    of range, unequal mapped sizes and a wrong number of axes raise RuntimeError.
    """
    if in_axes is None:
        def refused(*args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("The 'in_axes' of 'vmap' cannot be a single None while 'fn' is not a 'CellList'.")
        return refused

    def after_vmap(*args: Any, **kwargs: Any) -> Any:
        if kwargs:
            target = fn
            return _call(lambda *a: target(*a, **kwargs), in_axes, out_axes, args)
        return _call(fn, in_axes, out_axes, args)
    return after_vmap


__all__ = ["vmap"]
