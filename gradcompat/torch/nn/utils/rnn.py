"""``torch.nn.utils.rnn``: ``PackedSequence`` and padding / packing of variable-length sequences.

Packing is a gather of the padded input's rows, unpacking a scatter into a padded tensor, padding
a stack of sequences: each is one op whose gradient is JAX's, so gradients flow through packing
as in torch. The index arithmetic (batch sizes, lengths, row positions) is done on the host, as
torch does it on the CPU, by ``gradcompat.layers.recurrent``.
"""
from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from .... import core
from ....layers import recurrent as R
from ... import dtypes
from ...tensor import Tensor, wrap

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence",
           "pad_sequence", "unpad_sequence", "pack_sequence", "unpack_sequence"]


def _int_tensor(values) -> Tensor:
    return wrap(core.Constant(np.asarray(values, dtype=np.int64)))


class PackedSequence_(NamedTuple):
    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Tensor | None
    unsorted_indices: Tensor | None


class PackedSequence(PackedSequence_):
    """torch's ``PackedSequence``: a named tuple (data, batch_sizes, sorted_indices,
    unsorted_indices). Build it with ``pack_padded_sequence`` / ``pack_sequence``; recurrent
    layers take it and return one. ``unsorted_indices`` defaults to the inverse of
    ``sorted_indices``; ``PackedSequence((data, batch_sizes))`` works as in torch."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None:
            unsorted_indices = invert_permutation(sorted_indices)
        if batch_sizes is None:
            if not (isinstance(data, (list, tuple)) and len(data) == 2):
                raise AssertionError("Expected data to be a list or tuple of length 2")
            data, batch_sizes = data
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def pin_memory(self) -> "PackedSequence":
        return self

    def to(self, *args, **kwargs) -> "PackedSequence":
        """A PackedSequence whose ``data`` is ``data.to(*args, **kwargs)`` (self if unchanged)."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        return type(self)(data, self.batch_sizes, self.sorted_indices, self.unsorted_indices)

    def cuda(self, *args, **kwargs) -> "PackedSequence":
        kwargs.setdefault("device", "cuda")
        return self.to(*args, **kwargs)

    def cpu(self, *args, **kwargs) -> "PackedSequence":
        kwargs.setdefault("device", "cpu")
        return self.to(*args, **kwargs)

    def double(self) -> "PackedSequence":
        return self.to(dtype=dtypes.float64)

    def float(self) -> "PackedSequence":
        return self.to(dtype=dtypes.float32)

    def half(self) -> "PackedSequence":
        return self.to(dtype=dtypes.float16)

    def long(self) -> "PackedSequence":
        return self.to(dtype=dtypes.int64)

    def int(self) -> "PackedSequence":
        return self.to(dtype=dtypes.int32)

    def short(self) -> "PackedSequence":
        return self.to(dtype=dtypes.int16)

    def char(self) -> "PackedSequence":
        return self.to(dtype=dtypes.int8)

    def byte(self) -> "PackedSequence":
        return self.to(dtype=dtypes.uint8)

    @property
    def is_cuda(self) -> bool:
        """Whether ``data`` is on a GPU."""
        return bool(self.data.is_cuda)

    def is_pinned(self) -> bool:
        pinned = getattr(self.data, "is_pinned", None)
        return bool(pinned()) if pinned is not None else False


class _Source(NamedTuple):
    """Where a PackedSequence's rows come from: the padded ``tensor`` (batch first or not), the
    column of each sorted sequence in it and the sorted lengths. Ops downstream (a recurrent
    layer, ``pad_packed_sequence``) read the padded tensor instead of the packed rows: their
    programs then have no shape that depends on the total length of the batch, so a training
    loop over batches of varying lengths compiles once per padded shape, not once per batch."""

    tensor: Tensor
    batch_first: bool
    columns: np.ndarray
    lengths: np.ndarray
    data_node: core.Node  # the packed rows' node; if ``data`` changed since, the source is stale


def attach_source(packed: PackedSequence, tensor: Tensor, batch_first: bool, columns, lengths) -> PackedSequence:
    """Record that ``packed.data`` holds the rows of the padded ``tensor`` (see ``_Source``)."""
    packed.__dict__["_source"] = _Source(tensor, bool(batch_first), np.asarray(columns, np.int64),
                                         np.asarray(lengths, np.int64), packed.data.node)
    return packed


def padded_source(packed: PackedSequence) -> _Source | None:
    """The padded tensor ``packed.data`` was gathered from, if it is still what ``data`` holds."""
    source = packed.__dict__.get("_source")
    if source is None or packed.data.node is not source.data_node:
        return None
    return source


def invert_permutation(permutation: Tensor | None) -> Tensor | None:
    """The inverse of an index permutation (None stays None)."""
    if permutation is None:
        return None
    p = np.asarray(permutation._value).astype(np.int64)
    out = np.empty_like(p)
    out[p] = np.arange(p.size, dtype=np.int64)
    return _int_tensor(out)


# ----- kernels -----------------------------------------------------------------------------------

def _jit(fn):
    static = [n for n, prm in inspect.signature(fn).parameters.items() if prm.kind is prm.KEYWORD_ONLY]
    return jax.jit(fn, static_argnames=static)


@_jit
def pack_kernel(x, time_of, column_of, *, batch_first: bool):
    """Rows of a padded tensor at (time, column) pairs: the packed data."""
    return x[column_of, time_of] if batch_first else x[time_of, column_of]


@_jit
def unpack_kernel(data, time_of, column_of, *, t_steps: int, batch: int, batch_first: bool, padding_value: float):
    """Packed rows scattered into a padded tensor filled with ``padding_value``."""
    shape = (batch, t_steps) if batch_first else (t_steps, batch)
    out = jnp.full(shape + data.shape[1:], padding_value, data.dtype)
    return out.at[column_of, time_of].set(data) if batch_first else out.at[time_of, column_of].set(data)


@_jit
@_jit
def repad_kernel(src, columns, lengths, final, *, t_out: int, src_batch_first: bool, batch_first: bool,
                 padding_value: float):
    """``pad_packed_sequence`` read from the padded tensor the rows came from."""
    xs = R.padded_select(src, columns, lengths, batch_first=src_batch_first, fill=padding_value)
    if xs.shape[0] >= t_out:
        xs = xs[:t_out]
    else:
        pad = [(0, t_out - xs.shape[0])] + [(0, 0)] * (xs.ndim - 1)
        xs = jnp.pad(xs, pad, constant_values=jnp.asarray(padding_value, xs.dtype))
    xs = xs[:, final]
    return jnp.swapaxes(xs, 0, 1) if batch_first else xs


@_jit
def pad_kernel(*xs, trailing: tuple, total: int, batch_first: bool, padding_value: float, left: bool, dtype):
    """Sequences (L_i, *trailing) stacked into (total, B, *trailing) (or batch first), padded."""
    rows = []
    for x in xs:
        x = jnp.broadcast_to(x.astype(dtype), (x.shape[0],) + trailing) if x.ndim else \
            jnp.broadcast_to(x.astype(dtype), (1,) + trailing)
        pad = [(total - x.shape[0], 0) if left else (0, total - x.shape[0])] + [(0, 0)] * len(trailing)
        rows.append(jnp.pad(x, pad, constant_values=jnp.asarray(padding_value, dtype)))
    return jnp.stack(rows, axis=0 if batch_first else 1)


# ----- functions ---------------------------------------------------------------------------------

def _lengths_array(lengths) -> np.ndarray:
    if isinstance(lengths, Tensor):
        if lengths.dim() != 1:
            raise RuntimeError(f"'lengths' argument should be a 1D CPU int64 tensor, but got {lengths.dim()}D cpu "
                               f"{dtypes.SCALAR_TYPE_NAMES.get(lengths.dtype.name, lengths.dtype.name)} tensor")
        return np.asarray(lengths._value).astype(np.int64)
    return np.asarray(lengths).astype(np.int64).reshape(-1)


def pack_padded_sequence(input: Tensor, lengths, batch_first: bool = False,
                         enforce_sorted: bool = True) -> PackedSequence:
    """``pack_padded_sequence``: the rows of a padded (T, B, *) (or ``batch_first``) tensor that
    lie within each sequence's length, ordered by time step then by decreasing length.
    ``lengths``: a list or a 1-D CPU tensor; with ``enforce_sorted=False`` any order (sorted
    here, and the order kept in ``sorted_indices`` / ``unsorted_indices``). torch's errors."""
    lens = _lengths_array(lengths)
    sorted_indices = None
    if not enforce_sorted:
        order = np.argsort(-lens, kind="stable")
        lens = lens[order]
        sorted_indices = _int_tensor(order)
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    batch = input.shape[0] if batch_first else input.shape[1]
    if lens.shape[0] != batch:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got {lens.shape[0]} "
                           f"(batch_size={batch})")
    if lens[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           "that is <= 0")
    if np.any(np.diff(lens) > 0):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You "
                           "can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to "
                           "sidestep this requirement if you do not need ONNX exportability.")
    t_max = input.shape[1] if batch_first else input.shape[0]
    if lens[0] > t_max:
        raise RuntimeError(f"gradcompat.torch: a sequence length ({int(lens[0])}) exceeds the padded length "
                           f"({t_max})")
    batch_sizes = R.lengths_to_batch_sizes(lens)
    layout = R.packed_layout(batch_sizes)
    column = layout.batch_of if sorted_indices is None else np.asarray(sorted_indices._value)[layout.batch_of]
    data = wrap(core.apply(pack_kernel, [input.node, core.Constant(layout.time_of), core.Constant(column)],
                           {"batch_first": bool(batch_first)}, name="PackPaddedSequenceBackward0"))
    packed = PackedSequence(data, _int_tensor(batch_sizes), sorted_indices, None)
    columns = np.arange(batch) if sorted_indices is None else np.asarray(sorted_indices._value)
    return attach_source(packed, input, batch_first, columns, lens)


def pad_packed_sequence(sequence: PackedSequence, batch_first: bool = False, padding_value: float = 0.0,
                        total_length: int | None = None) -> tuple[Tensor, Tensor]:
    """``pad_packed_sequence``: the inverse of packing, ``(padded, lengths)`` in the original
    batch order; ``total_length`` pads the time axis further (torch's ValueError if shorter)."""
    batch_sizes = np.asarray(sequence.batch_sizes._value).astype(np.int64)
    t_steps = batch_sizes.shape[0]
    if total_length is not None:
        if total_length < t_steps:
            raise ValueError("Expected total_length to be at least the length of the longest sequence in input, "
                             f"but got total_length={total_length} and max sequence length being {t_steps}")
        t_steps = total_length
    layout = R.packed_layout(batch_sizes)
    lengths = layout.lengths
    source = padded_source(sequence)
    if source is not None:
        unsorted = sequence.unsorted_indices
        final = np.arange(lengths.size) if unsorted is None else np.asarray(unsorted._value).astype(np.int64)
        padded = wrap(core.apply(repad_kernel, [source.tensor.node, core.Constant(source.columns),
                                                core.Constant(source.lengths), core.Constant(final)],
                                 {"t_out": int(t_steps), "src_batch_first": source.batch_first,
                                  "batch_first": bool(batch_first), "padding_value": float(padding_value)},
                                 name="torch::autograd::CopySlices" if unsorted is None else "IndexSelectBackward0"))
        return padded, _int_tensor(lengths if unsorted is None else lengths[final])
    column = layout.batch_of
    name = "torch::autograd::CopySlices"
    unsorted = sequence.unsorted_indices
    if unsorted is not None:
        inverse = np.empty_like(u := np.asarray(unsorted._value).astype(np.int64))
        inverse[u] = np.arange(u.size)
        column = inverse[column]
        lengths = lengths[u]
        name = "IndexSelectBackward0"
    batch = int(batch_sizes[0]) if batch_sizes.size else 0
    padded = wrap(core.apply(unpack_kernel, [sequence.data.node, core.Constant(layout.time_of),
                                             core.Constant(column)],
                             {"t_steps": int(t_steps), "batch": batch, "batch_first": bool(batch_first),
                              "padding_value": float(padding_value)}, name=name))
    return padded, _int_tensor(lengths)


def pad_sequence(sequences, batch_first: bool = False, padding_value: float = 0.0,
                 padding_side: str = "right") -> Tensor:
    """``pad_sequence``: sequences (L_i, *) padded to the longest into (T, B, *) (or
    ``batch_first``), on the right or the left; the first sequence's dtype."""
    if not isinstance(sequences, Iterable):
        raise RuntimeError("pad_sequence: Expected iterable for input sequences, but got arg of type: "
                           f"{type(sequences)}")
    sequences = tuple(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    trailing = tuple(sequences[0].shape[1:])
    for s in sequences:
        tail = tuple(s.shape[1:])
        if len(tail) > len(trailing):
            raise RuntimeError(f"The expanded size of the tensor must match the existing size")
        for k, (want, got) in enumerate(zip(trailing[len(trailing) - len(tail):], tail)):
            if got not in (want, 1):
                dim = k + 1 + len(trailing) - len(tail)
                raise RuntimeError(f"The size of tensor a ({want}) must match the size of tensor b ({got}) at "
                                   f"non-singleton dimension {dim}")
    total = max(s.shape[0] if s.dim() else 1 for s in sequences)
    dtype = sequences[0].dtype
    return wrap(core.apply(pad_kernel, [s.node for s in sequences],
                           {"trailing": trailing, "total": int(total), "batch_first": bool(batch_first),
                            "padding_value": float(padding_value), "left": padding_side == "left",
                            "dtype": dtype.np_name}, name="torch::autograd::CopySlices"))


def unpad_sequence(padded_sequences: Tensor, lengths, batch_first: bool = False) -> list[Tensor]:
    """``unpad_sequence``: the list of each sequence's first ``lengths[i]`` steps.

    Known difference: torch transposes ``padded_sequences`` in place when not ``batch_first``
    (so a leaf that requires grad is refused); here the input is left unchanged."""
    lens = _lengths_array(lengths)
    if batch_first:
        return [padded_sequences[i, :int(n)] for i, n in enumerate(lens)]
    return [padded_sequences[:int(n), i] for i, n in enumerate(lens)]


def pack_sequence(sequences, enforce_sorted: bool = True) -> PackedSequence:
    """``pack_sequence``: ``pack_padded_sequence(pad_sequence(sequences), lengths)``."""
    lengths = [v.shape[0] for v in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences: PackedSequence) -> list[Tensor]:
    """``unpack_sequence``: the list of sequences a PackedSequence holds, in the original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
