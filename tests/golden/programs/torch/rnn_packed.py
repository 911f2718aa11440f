"""Packed sequences: pack_padded_sequence / pad_packed_sequence / pad_sequence / pack_sequence /
unpack_sequence / unpad_sequence, PackedSequence through LSTM, GRU and RNN (sorted and unsorted
batches, batch_first, layers, directions, initial states), outputs, pad_packed results and
gradients through packing; torch's errors."""
import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import (PackedSequence, pack_padded_sequence, pack_sequence, pad_packed_sequence,
                                pad_sequence, unpack_sequence, unpad_sequence)
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(5)


def arr(*shape, scale=1.0, dtype=np.float64):
    return (rng.normal(size=shape) * scale).astype(dtype)


def t(*shape, grad=True, dtype=np.float64):
    return torch.tensor(arr(*shape, dtype=dtype), requires_grad=grad)


def set_weights(m):
    m.double()
    m.load_state_dict({k: torch.tensor(arr(*v.shape, scale=0.4)) for k, v in m.state_dict().items()})


def flat(out):
    if isinstance(out, PackedSequence):
        return [out.data]
    if isinstance(out, (tuple, list)):
        return [y for x in out for y in flat(x)]
    return [out]


def weighted(outs):
    return sum((y * torch.tensor(arr(*y.shape))).sum() for y in outs)


# the utilities on their own
x = t(4, 3, 2)
p = pack_padded_sequence(x, [4, 2, 1])
emit("pack_sorted", p)
emit("pack_sorted_grad", torch.autograd.grad(weighted([p.data]), x))
p = pack_padded_sequence(x, torch.tensor([2, 4, 2]), enforce_sorted=False)
emit("pack_unsorted", p)
emit("pack_unsorted_grad", torch.autograd.grad(weighted([p.data]), x, retain_graph=True))
padded, lengths = pad_packed_sequence(p)
emit("unpack_unsorted", [padded, lengths])
emit("unpack_unsorted_grad", torch.autograd.grad(weighted([padded]), x))
padded, lengths = pad_packed_sequence(p, batch_first=True, padding_value=-2.5, total_length=6)
emit("unpack_bf_total", [padded, lengths])
xb = t(3, 5, 2)
p = pack_padded_sequence(xb, [3, 5, 1], batch_first=True, enforce_sorted=False)
emit("pack_bf", p)
emit("pack_bf_roundtrip", pad_packed_sequence(p, batch_first=True))
emit("pack_ties", pack_padded_sequence(t(3, 4, 1), [2, 3, 2, 3], enforce_sorted=False))
seqs = [t(3, 2), t(5, 2), t(1, 2)]
emit("pad_sequence", pad_sequence(seqs))
emit("pad_sequence_bf_left", pad_sequence(seqs, batch_first=True, padding_value=7.0, padding_side="left"))
ps = pad_sequence(seqs, batch_first=True)
emit("pad_sequence_grad", torch.autograd.grad(weighted([ps]), seqs))
emit("pad_sequence_1d", pad_sequence([torch.tensor([1, 2, 3]), torch.tensor([4])]))
emit("pad_sequence_broadcast", pad_sequence([torch.ones(2, 3), torch.ones(3, 1) * 2]))
p = pack_sequence(seqs, enforce_sorted=False)
emit("pack_sequence", p)
emit("unpack_sequence", unpack_sequence(p))
emit("unpack_sequence_grad", torch.autograd.grad(weighted(unpack_sequence(p)), seqs))
emit("pack_sequence_sorted", pack_sequence([seqs[1], seqs[0], seqs[2]]))
emit("unpad_sequence", unpad_sequence(pad_sequence(seqs), torch.tensor([3, 5, 1])))
emit("unpad_sequence_bf", unpad_sequence(pad_sequence(seqs, batch_first=True), torch.tensor([3, 5, 1]),
                                         batch_first=True))
small = pack_sequence([torch.tensor([[1.0], [2.0]]), torch.tensor([[3.0]])])
emit_text("packed_repr", repr(small))
emit_text("packed_repr_unsorted", repr(pack_sequence([torch.tensor([1.0]), torch.tensor([3.0, 4.0])],
                                                     enforce_sorted=False)))
emit_text("packed_fields", [PackedSequence._fields, isinstance(small, tuple), small.is_cuda])
emit("packed_double", small.double().data)
emit("packed_to", small.to(torch.float64).data)
emit_text("packed_to_same", small.to(torch.float32) is small)
data, batch_sizes, sorted_indices, unsorted_indices = small
emit("packed_unpack", [data, batch_sizes, sorted_indices, unsorted_indices])
emit("packed_manual", PackedSequence(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([2, 1]),
                                     torch.tensor([1, 0])))

# recurrent layers on packed input
T, B, I, H = 6, 4, 3, 5
lengths = [6, 2, 4, 3]
for name, m, hx in [
    ("LSTM", nn.LSTM(I, H), None),
    ("LSTM_bi_2layers", nn.LSTM(I, H, num_layers=2, bidirectional=True), None),
    ("LSTM_proj_hx", nn.LSTM(I, H, bidirectional=True, proj_size=2), "lstm_proj"),
    ("LSTM_hx", nn.LSTM(I, H, num_layers=2), "lstm"),
    ("GRU", nn.GRU(I, H), None),
    ("GRU_bi_hx", nn.GRU(I, H, bidirectional=True), "gru_bi"),
    ("GRU_2layers_bf", nn.GRU(I, H, num_layers=2, batch_first=True), None),
    ("RNN_bi_relu", nn.RNN(I, H, bidirectional=True, nonlinearity="relu"), None),
]:
    set_weights(m)
    x = t(B, T, I) if m.batch_first else t(T, B, I)
    states = {"lstm_proj": (t(2, B, 2), t(2, B, H)), "lstm": (t(2, B, H), t(2, B, H)),
              "gru_bi": t(2, B, H), None: None}[hx]
    for sort in (True, False):
        lens = sorted(lengths, reverse=True) if sort else lengths
        packed = pack_padded_sequence(x, lens, batch_first=m.batch_first, enforce_sorted=sort)
        out = m(packed) if states is None else m(packed, states)
        key = f"{name}_{'sorted' if sort else 'unsorted'}"
        emit(key, out)
        emit_text(key + "_type", type(out[0]).__name__)
        padded, out_lengths = pad_packed_sequence(out[0], batch_first=m.batch_first)
        emit(key + "_padded", [padded, out_lengths])
        leaves = [x] + [s for s in flat(states) if s is not None] + list(m.parameters())
        emit(key + "_grads", torch.autograd.grad(weighted([padded] + flat(out[1])), leaves))

# packed sequences built by hand (no padded tensor behind them) and the packed rows used directly
for name, m in [("LSTM_bi_manual", nn.LSTM(I, H, bidirectional=True, num_layers=2)), ("GRU_manual", nn.GRU(I, H))]:
    set_weights(m)
    x = t(T, B, I)
    p = pack_padded_sequence(x, lengths, enforce_sorted=False)
    manual = PackedSequence(p.data * 1.0, p.batch_sizes, p.sorted_indices, p.unsorted_indices)
    out = m(manual)
    emit(name, out)
    padded, out_lengths = pad_packed_sequence(out[0], padding_value=-1.0, total_length=8)
    emit(name + "_padded", [padded, out_lengths])
    leaves = [x] + list(m.parameters())
    emit(name + "_grads", torch.autograd.grad(weighted([padded] + flat(out[1])), leaves))
    p = pack_padded_sequence(x, lengths, enforce_sorted=False)
    out = m(p)
    emit(name + "_rows_grads", torch.autograd.grad(weighted([out[0].data, p.data]), leaves))
    emit(name + "_mixed", [pad_packed_sequence(out[0], batch_first=True, total_length=7)[0], out[0].data])

# the same sequences padded with no packing differ from packing only past each length
m = nn.LSTM(I, H)
set_weights(m)
x = t(T, 2, I)
packed_out, (h, c) = m(pack_padded_sequence(x, [6, 3]))
padded_out, (h2, c2) = m(x)
emit("packed_vs_padded_long", [packed_out.data[::2], padded_out[:, 0], h[:, 0], h2[:, 0]])

expect_error("pack_unsorted_error", lambda: pack_padded_sequence(t(3, 2, 1), [1, 3]), "sorted in decreasing order")
expect_error("pack_zero_length", lambda: pack_padded_sequence(t(3, 2, 1), [3, 0]), "has to be greater than 0")
expect_error("pack_lengths_count", lambda: pack_padded_sequence(t(3, 2, 1), [3, 2, 1]),
             "Expected `len(lengths)` to be equal to batch_size")
expect_error("pack_lengths_2d", lambda: pack_padded_sequence(t(3, 2, 1), torch.tensor([[3, 2]])),
             "should be a 1D CPU int64 tensor")
expect_error("pad_packed_total", lambda: pad_packed_sequence(pack_padded_sequence(t(3, 2, 1), [3, 2]),
                                                             total_length=2), "Expected total_length")
expect_error("pad_sequence_side", lambda: pad_sequence([torch.zeros(2)], padding_side="middle"),
             "Expected padding_side")
expect_error("pad_sequence_shapes", lambda: pad_sequence([torch.zeros(2, 3), torch.zeros(3, 2)]),
             "must match the size")
expect_error("pad_sequence_empty", lambda: pad_sequence([]), "empty list of sequences")
expect_error("pack_sequence_unsorted", lambda: pack_sequence([torch.zeros(2), torch.zeros(3)]),
             "sorted in decreasing order")
gru = nn.GRU(2, 3)
expect_error("packed_gru_hidden", lambda: gru(pack_padded_sequence(torch.zeros(3, 2, 2), [3, 2]),
                                              torch.zeros(1, 3, 3)), "Expected hidden size")
expect_error("packed_gru_size", lambda: gru(pack_padded_sequence(torch.zeros(3, 2, 4), [3, 2])),
             "input.size(-1) must be equal to input_size")
