"""``tf.cond``, ``case``, ``switch_case``, ``while_loop``, ``scan``, ``map_fn``, ``foldl``, ``foldr``.

Eagerly, TF runs these as Python control flow (the taken branch's result comes back as the
branch returned it; a loop runs its body on eager tensors), and so do we. In graph mode (TF1
graphs, ``tf.function``) each branch or body is traced once on placeholders and becomes one
op over ``core.control_flow`` kernels (``lax.switch`` / ``while_loop`` / ``scan``), which the
executor compiles with the step and the vjp engine differentiates.

Known differences: a branch or body that assigns variables or runs other stateful ops in
graph mode raises NotImplementedError; branch outputs must agree in shape, not only in dtype.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import jax.numpy as jnp
import numpy as np

from .. import core
from ..core import control_flow as _cf
from . import tensor_array, tracing
from .nest import flatten, map_structure, pack_sequence_as
from .shapes import TensorShape
from .tensor import Tensor, convert_to_tensor, make_op, wrap


def _graph_mode() -> bool:
    return core.recording.deferred()


def _tensor(value: Any) -> Tensor:
    if hasattr(value, "_as_tensor"):  # a Variable
        return value._as_tensor()
    return value if isinstance(value, Tensor) else convert_to_tensor(value)


class _Traced:
    """One branch or body traced on placeholders: its Program, captures and output tensors."""

    def __init__(self, fn: Callable, arguments: Any, specs: Sequence[tuple[Any, TensorShape]], what: str,
                 repeat: int = 1):
        placeholders, symbols = [], []
        for dtype, shape in specs:
            dims = shape.dims
            node = core.Placeholder(tuple(dims) if dims is not None else (None,), dtype.np)
            if dims is None:
                node._aval = None
            placeholders.append(node)
            symbols.append(wrap(node, dtype, shape, "Placeholder"))
        trace = tracing.current()
        effects_before = len(trace.effects) if trace is not None else 0
        with _cf.capturing() as created:
            self.result = fn(*pack_sequence_as(arguments, symbols)) if arguments is not None else fn()
        if trace is not None and len(trace.effects) != effects_before:
            raise NotImplementedError(f"gradcompat: variable assignments inside a {what} in graph mode are "
                                      "not supported yet (run it eagerly, or move the assignment out)")
        self.outputs = [_tensor(o) for o in flatten(self.result)]
        # a scan's body returns its new carry twice: as the carry and as the row stacked
        self.program, self.captures = _cf.close_over([o.node for o in self.outputs] * repeat, placeholders, created)


def _results(node: core.Node, like: Sequence[Tensor], op_type: str) -> list[Tensor]:
    outs = []
    for i, t in enumerate(like):
        selected = core.select(node, i)
        aval = selected.aval
        shape = TensorShape(aval.shape) if aval is not None else t.shape
        outs.append(wrap(selected, t.dtype, shape, op_type))
    return outs


def _check_branches(bodies: Sequence[_Traced]) -> None:
    first = bodies[0]
    for other in bodies[1:]:
        if len(other.outputs) != len(first.outputs):
            raise ValueError("true_fn and false_fn arguments to tf.cond must have the same number, type, and "
                             f"overall structure of return values.\n\ntrue_fn output: {first.result}\n"
                             f"false_fn output: {other.result}")
        for a, b in zip(first.outputs, other.outputs):
            if a.dtype != b.dtype:
                raise TypeError(f"true_fn and false_fn arguments to tf.cond must have the same number, type, "
                                f"and overall structure of return values. Types differ: {a.dtype.name} and "
                                f"{b.dtype.name}")
            if a.shape.dims is not None and b.shape.dims is not None and a.shape.dims != b.shape.dims:
                raise NotImplementedError("gradcompat: tf.cond branches returning different shapes in graph mode "
                                          f"({a.shape} and {b.shape}) are not supported yet")


def _switch(index: Tensor, fns: Sequence[Callable], op_type: str) -> Any:
    returned: list = []  # each branch's own result; TensorArrays leave a branch as their dense stores

    def expanded(fn: Callable) -> Callable:
        def run():
            returned.append(fn())
            return tensor_array.expand(returned[-1], 0)
        return run

    bodies = [_Traced(expanded(fn), None, (), op_type) for fn in fns]
    _check_branches(bodies)
    captures, splits = [], [0]
    for body in bodies:
        captures.extend(body.captures)
        splits.append(len(captures))
    node = core.apply(_cf.switch, [index.node, *captures],
                      {"branches": tuple(b.program for b in bodies), "splits": tuple(splits)}, name=op_type)
    return tensor_array.restore_branches(returned, pack_sequence_as(bodies[0].result, _results(node, bodies[0].outputs,
                                                                                         op_type)))


def _index_kernel(index, *, count: int, default: int):
    index = jnp.asarray(index, jnp.int32)
    return jnp.where((index >= 0) & (index < count), index, default)


def cond(pred, true_fn: Callable | None = None, false_fn: Callable | None = None, name: str | None = None):
    """``tf.cond``: eagerly the taken branch's own result; in graph mode one switch op."""
    if true_fn is None or not callable(true_fn):
        raise TypeError("'true_fn' must be callable.")
    if false_fn is None or not callable(false_fn):
        raise TypeError("'false_fn' must be callable.")
    if isinstance(pred, (bool, np.bool_)) or not _graph_mode():
        return true_fn() if bool(pred) else false_fn()
    pred = _tensor(pred)
    return _switch(make_op(_index_kernel, [pred], {"count": 2, "default": 0}, op_type="Cast"),
                   [false_fn, true_fn], name or "cond")


def cond_v1(pred, true_fn=None, false_fn=None, strict: bool = False, name: str | None = None, fn1=None, fn2=None):
    """``tf.compat.v1.cond`` (``fn1``/``fn2`` the deprecated names); a single output is unpacked
    unless ``strict``."""
    out = cond(pred, true_fn if true_fn is not None else fn1, false_fn if false_fn is not None else fn2, name)
    if not strict and isinstance(out, (list, tuple)) and len(out) == 1:
        return out[0]
    return out


def _first_true_kernel(*preds, default: int):
    stacked = jnp.stack([jnp.asarray(p, bool).reshape(()) for p in preds])
    return jnp.where(jnp.any(stacked), jnp.argmax(stacked), default).astype(jnp.int32)


def case(pred_fn_pairs, default: Callable | None = None, exclusive: bool = False, strict: bool = False,
         name: str = "case"):
    """``tf.case``: the fn of the first true predicate, else ``default`` (else the last fn)."""
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else list(pred_fn_pairs)
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"Each entry in pred_fn_pairs must be a 2-tuple. Got {pair}")
        if not callable(pair[1]):
            raise TypeError("fn for pred %s must be callable." % pair[0])
    fns = [fn for _, fn in pairs]
    if default is None:
        if not pairs:
            raise ValueError("pred_fn_pairs must not be empty when default is None")
        default, fns = fns[-1], fns[:-1]
        preds = [p for p, _ in pairs[:-1]]
    else:
        preds = [p for p, _ in pairs]
    if not _graph_mode():
        for pred, fn in zip(preds, fns):
            if bool(pred):
                return fn()
        return default()
    if not preds:
        return default()
    index = make_op(_first_true_kernel, [_tensor(p) for p in preds], {"default": len(preds)}, op_type="Case")
    return _switch(index, [*fns, default], name)


def switch_case(branch_index, branch_fns, default: Callable | None = None, name: str = "switch_case"):
    """``tf.switch_case``: branch ``branch_index``; out of range, ``default`` (else the last)."""
    if isinstance(branch_fns, dict):
        keys = sorted(branch_fns)
        if keys != list(range(len(keys))):
            raise ValueError(f"branch_fns keys must be consecutive integers starting at 0: {keys}")
        fns = [branch_fns[k] for k in keys]
    else:
        fns = [f[1] if isinstance(f, tuple) else f for f in branch_fns]
    if not fns:
        raise ValueError("Must provide at least one item in 'branch_fns'")
    for fn in fns:
        if not callable(fn):
            raise TypeError(f"branch_fns[{fns.index(fn)}] must be callable.")
    branches = fns if default is None else [*fns, default]
    fallback = len(branches) - 1
    if not _graph_mode():
        i = int(branch_index)
        return (fns[i] if 0 <= i < len(fns) else branches[fallback])()
    index = make_op(_index_kernel, [_tensor(branch_index)], {"count": len(fns), "default": fallback},
                    op_type="Cast")
    return _switch(index, branches, name)


# ---------------------------------------------------------------------------- loops

def while_loop(cond: Callable, body: Callable, loop_vars, shape_invariants=None, parallel_iterations: int = 10,
               back_prop: bool = True, swap_memory: bool = False, maximum_iterations=None,
               name: str | None = None, return_same_structure: bool = True):
    """``tf.while_loop``: eagerly a Python loop (the body's structure comes back, as TF's);
    in graph mode one loop op (the loop_vars' structure comes back)."""
    if not callable(cond):
        raise TypeError("'cond' must be callable.")
    if not callable(body):
        raise TypeError("'body' must be callable.")
    if parallel_iterations < 1:
        raise TypeError("'parallel_iterations' must be a positive integer.")
    if not loop_vars and not isinstance(loop_vars, (int, float)):
        raise ValueError("'loop_vars' must be provided.")
    single = not isinstance(loop_vars, (list, tuple, dict))
    structure = [loop_vars] if single else loop_vars
    if not _graph_mode():
        state, trips = map_structure(_tensor, structure), 0
        limit = None if maximum_iterations is None else int(maximum_iterations)
        while (limit is None or trips < limit) and bool(cond(*state)):
            new = body(*state)
            state = [new] if single or not isinstance(new, (list, tuple, dict)) else new
            trips += 1
        return _repack(state, single, return_same_structure)
    limit = None if maximum_iterations is None else _static_int(maximum_iterations)
    # TensorArrays travel as their dense stores
    structure, cond, body, rebuild = tensor_array.loop(structure, cond, body, limit)
    initial = [_tensor(v) for v in flatten(structure)]
    invariants = (flatten(shape_invariants) if shape_invariants is not None else [t.shape for t in initial])
    specs = [(t.dtype, TensorShape(s) if not isinstance(s, TensorShape) else s) for t, s in zip(initial, invariants)]
    keep_going = _Traced(lambda *vs: cond(*vs), structure, specs, "tf.while_loop")
    step = _Traced(lambda *vs: body(*vs), structure, specs, "tf.while_loop")
    if len(step.outputs) != len(initial):
        raise ValueError("The two structures don't have the same nested structure.\n\n"
                         f"First structure: {structure}\n\nSecond structure: {step.result}")
    for before, after in zip(initial, step.outputs):
        if before.dtype != after.dtype:
            raise TypeError(f"Value of loop variable has dtype {after.dtype.name} after one iteration, "
                            f"but it was {before.dtype.name} initially (a loop variable keeps its dtype).")
    node = core.apply(_cf.while_loop, [*(t.node for t in initial), *keep_going.captures, *step.captures],
                      {"cond": keep_going.program, "body": step.program, "n_vars": len(initial),
                       "n_cond": len(keep_going.captures), "maximum_iterations": limit}, name=name or "while")
    state = rebuild(pack_sequence_as(structure, _results(node, initial, name or "while")))
    return _repack(state, single, return_same_structure)


def _repack(state, single: bool, same_structure: bool):
    if single or (not same_structure and isinstance(state, (list, tuple)) and len(state) == 1):
        return state[0]
    return state


def _static_int(value) -> int:
    if isinstance(value, Tensor):
        if value.node.value is None:
            raise NotImplementedError("gradcompat: a maximum_iterations computed in the graph is not supported "
                                      "yet; pass a Python int or a constant")
        return int(np.asarray(value.node.value))
    return int(value)


def while_loop_v1(cond, body, loop_vars, shape_invariants=None, parallel_iterations: int = 10,
                  back_prop: bool = True, swap_memory: bool = False, name: str | None = None,
                  maximum_iterations=None, return_same_structure: bool = False):
    """``tf.compat.v1.while_loop``: a single loop variable comes back unpacked."""
    return while_loop(cond, body, loop_vars, shape_invariants, parallel_iterations, back_prop, swap_memory,
                      maximum_iterations, name, return_same_structure)


def _scan(fn: Callable, elems, initializer, reverse: bool, keep_all: bool, op_type: str):
    """The loop under scan / foldl / foldr: ``acc = fn(acc, elem)`` along axis 0 of ``elems``;
    every acc (scan) or the last (folds). Without an initializer the first element starts."""
    from .array_ops import stack, unstack
    elem_tensors = [_tensor(e) for e in flatten(elems)]
    if not elem_tensors:
        raise ValueError("elems must not be empty")
    order = (lambda xs: list(reversed(xs))) if reverse else (lambda xs: list(xs))
    if initializer is None:
        first = [t[-1] if reverse else t[0] for t in elem_tensors]
        rest = [t[:-1] if reverse else t[1:] for t in elem_tensors]
        acc_structure, acc = elems, first
    else:
        rest = elem_tensors
        acc_structure, acc = initializer, [_tensor(a) for a in flatten(initializer)]
    if not _graph_mode():
        state, history = pack_sequence_as(acc_structure, acc), []
        for row in zip(*[order(unstack(t)) for t in rest]):
            state = fn(state, pack_sequence_as(elems, list(row)))
            history.append([_tensor(s) for s in flatten(state)])
        if not keep_all:
            return state
        if initializer is None:
            history.insert(0, acc)
        history = order(history)
        return pack_sequence_as(acc_structure, [stack(list(column)) for column in zip(*history)])
    acc_specs = [(a.dtype, a.shape) for a in acc]
    elem_specs = [(t.dtype, TensorShape(t.shape.dims[1:] if t.shape.dims is not None else None)) for t in rest]
    step = _Traced(lambda a, e: fn(a, e), [acc_structure, elems], [*acc_specs, *elem_specs], op_type,
                   repeat=2 if keep_all else 1)
    if len(step.outputs) != len(acc) or any(a.dtype != o.dtype for a, o in zip(acc, step.outputs)):
        raise ValueError("The two structures don't have the same nested structure.\n\n"
                         f"First structure: {acc_structure}\n\nSecond structure: {step.result}")
    node = core.apply(_cf.scan, [*(a.node for a in acc), *(t.node for t in rest), *step.captures],
                      {"body": step.program, "n_carry": len(acc), "n_elems": len(rest), "reverse": reverse},
                      name=op_type)
    results = _results(node, acc + acc if keep_all else acc, op_type)
    if not keep_all:
        return pack_sequence_as(acc_structure, results)
    from .array_ops import concat, expand_dims
    stacked = results[len(acc):]
    if initializer is None:
        stacked = [concat([s, expand_dims(f, 0)] if reverse else [expand_dims(f, 0), s], 0)
                   for f, s in zip(acc, stacked)]
    return pack_sequence_as(acc_structure, stacked)


def scan(fn: Callable, elems, initializer=None, parallel_iterations: int = 10, back_prop: bool = True,
         swap_memory: bool = False, infer_shape: bool = True, reverse: bool = False, name: str | None = None):
    """``tf.scan``: every accumulator of ``acc = fn(acc, elem)``, stacked."""
    return _scan(fn, elems, initializer, reverse, True, name or "scan")


def foldl(fn: Callable, elems, initializer=None, parallel_iterations: int = 10, back_prop: bool = True,
          swap_memory: bool = False, name: str | None = None):
    """``tf.foldl``: the last accumulator of ``acc = fn(acc, elem)`` from the first element."""
    return _scan(fn, elems, initializer, False, False, name or "foldl")


def foldr(fn: Callable, elems, initializer=None, parallel_iterations: int = 10, back_prop: bool = True,
          swap_memory: bool = False, name: str | None = None):
    """``tf.foldr``: the last accumulator of ``acc = fn(acc, elem)`` from the last element."""
    return _scan(fn, elems, initializer, True, False, name or "foldr")


def map_fn(fn: Callable, elems, dtype=None, parallel_iterations=None, back_prop: bool = True,
           swap_memory: bool = False, infer_shape: bool = True, name: str | None = None,
           fn_output_signature=None):
    """``tf.map_fn``: ``fn`` on each slice along axis 0 of ``elems``, results stacked."""
    from .array_ops import stack, unstack
    elem_tensors = [_tensor(e) for e in flatten(elems)]
    if not _graph_mode():
        rows = [fn(pack_sequence_as(elems, list(row))) for row in zip(*[unstack(t) for t in elem_tensors])]
        if not rows:
            raise ValueError("map_fn over an empty tensor is not supported eagerly by gradcompat yet")
        columns = zip(*[[_tensor(v) for v in flatten(r)] for r in rows])
        return pack_sequence_as(rows[0], [stack(list(c)) for c in columns])
    specs = [(t.dtype, TensorShape(t.shape.dims[1:] if t.shape.dims is not None else None)) for t in elem_tensors]
    step = _Traced(lambda e: fn(e), [elems], specs, "map_fn")
    node = core.apply(_cf.scan, [*(t.node for t in elem_tensors), *step.captures],
                      {"body": step.program, "n_carry": 0, "n_elems": len(elem_tensors), "reverse": False},
                      name=name or "map")
    return pack_sequence_as(step.result, _results(node, step.outputs, name or "map"))
