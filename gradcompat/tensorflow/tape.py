"""``tf.GradientTape`` (TF2 eager) on core's one autodiff engine.

A tape records the ops computed from what it watches while it is active (core's
``Tape``); gradients flow only through recorded nodes. Trainable variables read while
the tape is active are watched (``watch_accessed_variables``). Results follow TF: the
structure of ``sources``, None (or zeros) for unconnected and non-floating sources.
Known difference: ``jacobian`` runs one vjp per target element (TF vectorizes with pfor);
the numbers are the same.
"""
from __future__ import annotations

import contextlib
import math

import jax.numpy as jnp

from .. import core
from . import dtypes as _dt
from .array_ops import concat, zeros
from .autodiff import UnconnectedGradients, _check_gradients_options, _unconnected
from .dtypes import as_dtype
from .graph import executing_eagerly
from .indexed_slices import IndexedSlices
from .math_ops import reshape, stack
from .nest import flatten, pack_sequence_as
from .shapes import TensorShape
from .tensor import Tensor, constant, convert_to_tensor, make_op
from .tf_logging import logger

_INSIDE_CONTEXT = ("Calling GradientTape.gradient on a persistent tape inside its context is significantly less "
                   "efficient than calling it outside the context (it causes the gradient ops to be recorded on "
                   "the tape, leading to increased CPU and memory usage). Only call GradientTape.gradient inside "
                   "the context if you actually want to trace the gradient in order to compute higher order "
                   "derivatives.")
_NON_PERSISTENT = ("A non-persistent GradientTape can only be used to compute one set of gradients "
                   "(or jacobians)")


class _Recorder(core.recording.Tape):
    """The core tape of one GradientTape; it also watches trainable variables it sees read."""

    def __init__(self, watch_accessed_variables: bool):
        super().__init__()
        self.watch_accessed_variables = watch_accessed_variables
        self.variable_reads: dict[core.StateCell, list] = {}  # in order of first watch

    def on_read(self, cell, node) -> None:
        if self.recording and self.watch_accessed_variables and getattr(cell.owner, "trainable", False):
            self.watch_variable(cell, node)

    def watch_variable(self, cell, node) -> None:
        self.watch(node)
        reads = self.variable_reads.setdefault(cell, [])
        if node not in reads:
            reads.append(node)

    def reset(self) -> None:
        super().reset()
        self.variable_reads.clear()


def _is_variable(value) -> bool:
    return hasattr(value, "_cell")


def _check_watchable(value) -> None:
    if not (_is_variable(value) or isinstance(value, Tensor)):
        raise ValueError(f"Passed in object {value!r} of type '{type(value).__name__}', not tf.Tensor or "
                         f"tf.Variable or ExtensionType.")


def _diagonal_kernel(jacobian, *, batch_rank: int):
    """Entries [b, ..., b, ...] of a full jacobian whose target and source share axis 0."""
    batch = jacobian.shape[0]
    target_dims, source_dims = jacobian.shape[1:batch_rank], jacobian.shape[batch_rank + 1:]
    # static sizes (shapes are Python ints, also while traced); zero-size dims allowed
    blocks = jacobian.reshape((batch, math.prod(target_dims), batch, math.prod(source_dims)))
    diagonal = blocks[jnp.arange(batch), :, jnp.arange(batch), :]
    return diagonal.reshape((batch, *target_dims, *source_dims))


class GradientTape:
    """``tf.GradientTape(persistent=False, watch_accessed_variables=True)``."""

    def __init__(self, persistent: bool = False, watch_accessed_variables: bool = True):
        self._persistent = persistent
        self._tape = _Recorder(watch_accessed_variables)
        self._used = False

    def __enter__(self) -> "GradientTape":
        if self._tape in core.recording.active_tapes():
            raise ValueError("Tape is still recording, This can happen if you try to re-enter an already-active tape.")
        self._tape.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._tape.__exit__(*exc)

    def watch(self, tensor) -> None:
        """Record ops computed from ``tensor`` (a tensor, a variable, or a nest of them; a
        composite such as a SparseTensor is watched through its component tensors)."""
        parts = [c for item in flatten(tensor)
                 for c in (item._composite_components() if hasattr(item, "_composite_components") else [item])]
        for t in parts:
            _check_watchable(t)
            if not _source_dtype(t).is_floating:
                logger.warning(f"The dtype of the watched tensor must be floating (e.g. tf.float32), got {t.dtype!r}")
            if _is_variable(t):
                self._tape.watch_variable(t._cell, t.node)
            else:
                self._tape.watch(t.node)

    def stop_recording(self):
        """A context in which this tape records nothing."""
        return core.recording.paused(self._tape)

    def reset(self) -> None:
        """Forget everything recorded and watched so far."""
        self._tape.reset()

    def watched_variables(self) -> tuple:
        """The variables this tape watched, in the order it first watched them."""
        return tuple(cell.owner for cell in self._tape.variable_reads)

    def _take(self) -> None:
        if self._used and not self._persistent:
            raise RuntimeError(_NON_PERSISTENT)
        self._used = True

    def _source_nodes(self, source) -> list:
        if _is_variable(source):
            # a variable the tape never watched is unconnected, as in TF (even if read elsewhere)
            return list(self._tape.variable_reads.get(source._cell, ()))
        node = source.node
        # a tensor the tape neither watched nor computed is unconnected, as in TF, even when it
        # meets a watched value in the target (``x * v`` with only ``v`` watched)
        return [node] if self._tape.knows(node) else []

    def _gradients(self, targets: list[Tensor], flat_sources: list, cotangents: list, unconnected,
                   sparse: bool = False) -> list:
        """One gradient (or None / zeros) per source: the engine's vjp through what the tape recorded.

        With ``sparse``, a source whose only uses are gathers along axis 0 gets TF's
        ``IndexedSlices``: the gradients at the gathers' outputs, with their indices.
        """
        groups = [self._source_nodes(s) if _source_dtype(s).is_floating else [] for s in flat_sources]
        target_nodes = [t.node for t in targets]
        gathered = {}
        if sparse:
            for j, group in enumerate(groups):
                uses = _gather_uses(target_nodes, group, self._tape)
                if uses:
                    gathered[j] = groups[j] = uses  # differentiate at the gathers' outputs
        wrt = [n for g in groups for n in g]
        tape = self._tape
        grads = []
        if wrt and any(t.dtype.is_floating for t in targets):
            # a persistent tape asked inside its context records the gradient too (TF's higher order)
            inside = self._persistent and tape in core.recording.active_tapes() and tape.recording
            with contextlib.nullcontext() if inside else core.recording.paused(tape):
                grads = core.vjp(target_nodes, wrt, cotangents, stop=lambda n: not tape.knows(n),
                                 create_graph=bool(core.recording.active_tapes()))
        results, i = [], 0
        for j, (source, group) in enumerate(zip(flat_sources, groups)):
            found = grads[i:i + len(group)]
            i += len(group)
            src = convert_to_tensor(source)
            parts = [(g, n) for g, n in zip(found, group) if g is not None]
            if not parts:
                results.append(_unconnected(src, unconnected, ""))
            elif j in gathered:
                results.append(_indexed_slices(src, parts))
            else:
                total = Tensor(parts[0][0], src.dtype, src.shape)
                for g, _ in parts[1:]:
                    total = total + Tensor(g, src.dtype, src.shape)
                results.append(total)
        return results

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """Gradients of ``target`` (a nest, summed) w.r.t. ``sources`` (a nest: the result's structure)."""
        self._take()
        _check_gradients_options(None, unconnected_gradients)
        if self._persistent and self._tape in core.recording.active_tapes() and self._tape.recording:
            logger.warning(_INSIDE_CONTEXT)
        targets = [convert_to_tensor(t) for t in flatten(target)]
        flat_sources = flatten(sources)
        for s in flat_sources:
            _source_dtype(s)
        if output_gradients is None:
            cotangents = [core.ones_for(t.node) if t.dtype.is_numeric else None for t in targets]
        else:
            cotangents = [convert_to_tensor(g, dtype=t.dtype).node
                          for g, t in zip(flatten(output_gradients), targets)]
        # string targets carry no gradient (TF skips them)
        kept = [(t, c) for t, c in zip(targets, cotangents) if t.dtype.is_numeric]
        targets, cotangents = [t for t, _ in kept], [c for _, c in kept]
        results = self._gradients(targets, flat_sources, cotangents, unconnected_gradients, sparse=True)
        return pack_sequence_as(sources, results)

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor: bool = True):
        """d(each element of ``target``)/d(``sources``): shape target.shape + source.shape per source."""
        if not experimental_use_pfor and not self._persistent and executing_eagerly():
            raise RuntimeError("GradientTape must be created with persistent=True to compute the jacobian with "
                               "eager execution enabled and with  experimental_use_pfor set to False.")
        self._take()
        target = convert_to_tensor(target)
        flat_sources = flatten(sources)
        size = math.prod(target.shape.as_list())
        rows = []
        for k in range(size):
            onehot = core.Constant(jnp.zeros(size, target.dtype.np).at[k].set(1).reshape(target.shape.as_list()))
            rows.append(self._gradients([target], flat_sources, [onehot], unconnected_gradients))
        results = []
        for j, source in enumerate(flat_sources):
            column = [r[j] for r in rows]
            if size == 0:  # an empty target: an empty jacobian of TF's shape, as TF gives
                source = convert_to_tensor(source)
                results.append(zeros(target.shape.as_list() + source.shape.as_list(), source.dtype))
                continue
            if any(c is None for c in column):
                results.append(None)
                continue
            dims = target.shape.as_list() + convert_to_tensor(source).shape.as_list()
            results.append(reshape(stack(column), dims))
        return pack_sequence_as(sources, results)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor: bool = True):
        """Per-example jacobians: d target[b, ...] / d source[b, ...], of shape
        target.shape + source.shape[1:]."""
        if parallel_iterations is not None and not self._persistent:
            raise RuntimeError("GradientTape must be created with persistent=True to compute the batch_jacobian "
                               "with parallel_iterations.")
        if not experimental_use_pfor and not self._persistent and executing_eagerly():
            raise RuntimeError("GradientTape must be created with persistent=True to compute the batch_jacobian "
                               "with eager execution enabled and with experimental_use_pfor set to False.")
        for shape in (convert_to_tensor(target).shape, convert_to_tensor(source).shape):
            if shape.rank is not None and shape.rank < 2:
                raise ValueError(f"Shape {tuple(shape.as_list())} must have rank at least 2")
        t_dims, s_dims = convert_to_tensor(target).shape.as_list(), convert_to_tensor(source).shape.as_list()
        if t_dims and s_dims and None not in (t_dims[0], s_dims[0]) and t_dims[0] != s_dims[0]:
            raise ValueError(f"Need first dimension of target shape ({tuple(t_dims)}) and source shape "
                             f"({tuple(s_dims)}) to match.")
        full = self.jacobian(target, source, unconnected_gradients)
        if full is None:  # TF's batch_jacobian gives zeros whatever unconnected_gradients says
            return zeros(t_dims + s_dims[1:], _source_dtype(source))
        rank = convert_to_tensor(target).shape.rank
        return make_op(_diagonal_kernel, [full], {"batch_rank": rank}, op_type="BatchJacobian")


def _source_dtype(source):
    """A source's dtype, with TF's error for something that has none."""
    if not hasattr(source, "dtype"):
        raise AttributeError(f"'{type(source).__name__}' object has no attribute 'dtype'")
    return as_dtype(source.dtype)


def _is_row_gather(node, sources: list) -> bool:
    """A gather of rows (axis 0, no batch dims) of a source: TF's gradient there is IndexedSlices."""
    if not (isinstance(node, core.Op) and node.name == "GatherV2" and len(node.inputs) == 2):
        return False
    static = dict(node.static)
    return (static.get("axis") == 0 and static.get("batch_dims") == 0 and node.inputs[0] in sources
            and node.inputs[1] not in sources)


def _gather_uses(targets: list, sources: list, tape) -> list | None:
    """The recorded ops that use ``sources``, in the order a walk from the targets meets them,
    if every one of them is a row gather; otherwise None."""
    uses, seen, stack = [], set(), list(reversed(targets))
    while stack:
        node = stack.pop()
        if node in seen or not tape.knows(node) or node in sources:
            continue
        seen.add(node)
        if any(n in sources for n in node.inputs):
            if not _is_row_gather(node, sources):
                return None
            uses.append(node)
        stack.extend(reversed(node.inputs))
    return uses or None


def _indexed_slices(source: Tensor, parts: list) -> IndexedSlices:
    """IndexedSlices from (gradient at a gather's output, the gather op) pairs."""
    row = source.shape.as_list()[1:]
    values, indices = [], []
    for grad, gather in parts:
        index = Tensor._from_node(gather.inputs[1])
        shape = TensorShape(None if gather.aval is None else gather.aval.shape)  # partial in graph mode
        values.append(reshape(Tensor(grad, source.dtype, shape), [-1, *row]))
        indices.append(reshape(index, [-1]))
    if len(parts) > 1:
        values, indices = [concat(values, 0)], [concat(indices, 0)]
    return IndexedSlices(values[0], indices[0], constant(source.shape.as_list(), dtype=_dt.int32))
