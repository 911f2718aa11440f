"""A user function of ``map`` / ``filter`` traced as TF traces it: once, on symbolic tensors of the
element spec's shapes (unknown dims stay unknown), so Python in it runs once and sees graph
tensors (``.numpy()`` fails, shapes may be partial). Each element then runs the traced graph, one
prepared core run (compiled once per element shape)."""
from __future__ import annotations

from typing import Any, Callable, Sequence

import jax
import numpy as np

from ... import core
from .. import random_ops, tracing
from ..graph import Graph
from ..nest import flatten, pack_sequence_as
from ..shapes import TensorShape
from ..tensor import Tensor, wrap
from ..tensor_spec import TensorSpec
from . import structure


def call_with_element(fn: Callable, element: Any) -> Any:
    """TF's convention: a plain tuple element is unpacked into arguments, anything else is one."""
    if type(element) is tuple:
        return fn(*element)
    return fn(element)


def _outputs(result: Any) -> Any:
    """The function's result as a structure of tensors (lists become tuples, as in TF)."""
    if isinstance(result, list):
        result = tuple(result)
    if isinstance(result, dict):
        return type(result)((k, _outputs(v) if isinstance(v, (list, tuple, dict)) else v) for k, v in result.items())
    if isinstance(result, tuple):
        items = [_outputs(v) if isinstance(v, (list, tuple, dict)) else v for v in result]
        return type(result)(*items) if hasattr(result, "_fields") else tuple(items)
    return result


class TracedFunction:
    """``fn`` traced on ``input_spec``: ``output_spec`` and ``__call__(flat) -> flat``."""

    def __init__(self, fn: Callable, input_spec: Any, name: str = "args"):
        specs = flatten(input_spec)
        self.placeholders: list[core.Placeholder] = []
        trace = tracing.Trace()  # a TF2 function graph, as TF traces it (elementwise ==, variables as in tf.function)
        with Graph().as_default() as graph, tracing.tracing(trace):
            leaves = []
            for i, spec in enumerate(specs):
                dims = spec.shape.dims
                node = core.Placeholder(dims if dims is not None else (None,), spec.dtype.np, name=f"{name}_{i}")
                if dims is None:
                    node._aval = None
                self.placeholders.append(node)
                leaves.append(wrap(node, spec.dtype, TensorShape(dims), f"{name}_{i}"))
            result = _outputs(call_with_element(fn, pack_sequence_as(input_spec, leaves)))
            out_leaves = [structure.normalize(v) if not isinstance(v, Tensor) else v for v in flatten(result)]
        out_specs = [structure.spec_of(t) for t in out_leaves]
        self.output_spec = pack_sequence_as(result, out_specs)
        self._outputs = out_leaves
        effects = list(trace.effects) + [e for e in graph.control_closure([t.node for t in out_leaves])
                                         if isinstance(e, core.Effect) and e not in trace.effects]
        fetched = [t.node for t in out_leaves] + effects
        self._n_out = len(out_leaves)
        self._prepared = core.executor.Prepared(fetched, self.placeholders)
        self._pure = not effects and all(
            isinstance(sp, TensorSpec) and sp.shape.is_fully_defined() for sp in flatten(input_spec) + out_specs)
        self._vectorized = None
        self._sizes: set[int] = set()  # batch sizes the vectorized form was compiled for

    def restart_random(self) -> None:
        """Seeded random ops of the function start their streams over (a new iterator)."""
        random_ops.restart_streams([n.cell for n in self._prepared.inputs if isinstance(n, core.Read)])

    def __call__(self, flat: Sequence[Any]) -> tuple:
        values = self._prepared({p: v for p, v in zip(self.placeholders, flat)})
        return tuple(values[:self._n_out])


    def batched(self) -> Callable[[Sequence[Any]], list] | None:
        """The function over a batch of elements at once (``jax.vmap`` of the traced graph), for
        pure functions of fully known shapes; None otherwise. A batch the vectorized form cannot
        run falls back to running element by element."""
        if not self._pure:
            return None
        if self._vectorized is None:
            inputs = self._prepared.inputs
            fed = set(self.placeholders)
            axes = tuple(0 if n in fed else None for n in inputs)
            if 0 not in axes:
                return None
            program = self._prepared.program
            self._vectorized = jax.jit(jax.vmap(lambda *values: tuple(program(*values)), in_axes=axes))
        vectorized, inputs, n_out = self._vectorized, self._prepared.inputs, self._n_out

        def run(flat_batch: Sequence[Any]) -> list:
            size = len(flat_batch[0]) if flat_batch else 0
            if size and self._pure:
                # a smaller batch (an epoch's last) is padded to a size compiled already, if one is near
                padded = min((w for w in self._sizes if size <= w <= 4 * size), default=size)
                self._sizes.add(padded)
                if padded > size:
                    pad = np.zeros(padded - size, np.int64)
                    flat_batch = [np.concatenate([np.asarray(a), np.asarray(a)[pad]]) for a in flat_batch]
                feeds = dict(zip(self.placeholders, flat_batch))
                try:
                    values = [feeds[n] if n in feeds else core.executor._input_value(n, {}) for n in inputs]
                    return [np.asarray(v)[:size] for v in vectorized(*values)[:n_out]]
                except Exception:  # noqa: BLE001 - not vectorizable: element by element from now on
                    self._pure = False
            rows = [self([a[i] for a in flat_batch]) for i in range(size)]
            return [np.stack([np.asarray(r[j]) for r in rows]) if rows else
                    np.zeros((0, *spec.shape.dims), spec.dtype.np)
                    for j, spec in enumerate(flatten(self.output_spec))]
        return run


def check_predicate(traced: TracedFunction) -> None:
    """``filter``'s predicate must give a scalar tf.bool (TF's ValueError otherwise)."""
    spec = traced.output_spec
    if not (isinstance(spec, TensorSpec) and spec.dtype.name == "bool" and spec.shape.dims == ()):
        raise ValueError("Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its "
                         f"return type is {spec!r}.")


def as_bool(values: Sequence[Any]) -> bool:
    return bool(np.asarray(values[0]))
