"""nn.RNNCell / LSTMCell / GRUCell (batched, unbatched, with and without states, bias=False):
outputs, grad_fn names and gradients; cell reprs and parameter names; the errors and the warning
of recurrent layers and cells for bad arguments and bad inputs."""
import warnings

import numpy as np
import torch
import torch.nn as nn
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(3)


def arr(*shape, scale=1.0):
    return (rng.normal(size=shape) * scale).astype(np.float32)


def t(*shape, grad=True):
    return torch.tensor(arr(*shape), requires_grad=grad)


def set_weights(m):
    m.load_state_dict({k: torch.tensor(arr(*v.shape, scale=0.5)) for k, v in m.state_dict().items()})


def flat(out):
    if isinstance(out, (tuple, list)):
        return [y for x in out for y in flat(x)]
    return [out]


def check(name, m, x, hx=None):
    set_weights(m)
    out = m(x) if hx is None else m(x, hx)
    emit(name, out)
    emit_text(name + "_grad_fn", [y.grad_fn.name() for y in flat(out)])
    leaves = [x] + flat(hx if hx is not None else []) + list(m.parameters())
    total = sum((y * torch.tensor(arr(*y.shape))).sum() for y in flat(out))
    emit(name + "_grads", torch.autograd.grad(total, leaves))
    emit_text(name + "_names", [n for n, _ in m.named_parameters()])


check("rnn_cell", nn.RNNCell(4, 5), t(3, 4))
check("rnn_cell_hx", nn.RNNCell(4, 5), t(3, 4), t(3, 5))
check("rnn_cell_relu", nn.RNNCell(4, 5, nonlinearity="relu"), t(3, 4), t(3, 5))
check("rnn_cell_unbatched", nn.RNNCell(4, 5), t(4), t(5))
check("rnn_cell_nobias", nn.RNNCell(4, 5, bias=False), t(3, 4))
check("lstm_cell", nn.LSTMCell(4, 5), t(3, 4))
check("lstm_cell_hx", nn.LSTMCell(4, 5), t(3, 4), (t(3, 5), t(3, 5)))
check("lstm_cell_unbatched", nn.LSTMCell(4, 5), t(4), (t(5), t(5)))
check("lstm_cell_nobias", nn.LSTMCell(4, 5, bias=False), t(2, 4), (t(2, 5), t(2, 5)))
check("gru_cell", nn.GRUCell(4, 5), t(3, 4))
check("gru_cell_hx", nn.GRUCell(4, 5), t(3, 4), t(3, 5))
check("gru_cell_unbatched", nn.GRUCell(4, 5), t(4))
check("gru_cell_nobias", nn.GRUCell(4, 5, bias=False), t(3, 4), t(3, 5))

# a cell unrolled by hand gives the layer's result
cell, layer = nn.LSTMCell(3, 4), nn.LSTM(3, 4)
set_weights(cell)
layer.load_state_dict({k + "_l0": v for k, v in cell.state_dict().items()})
x = t(6, 2, 3)
h = c = torch.zeros(2, 4)
for step in x:
    h, c = cell(step, (h, c))
out, (hn, cn) = layer(x)
emit("cell_unrolled", [h, c, hn[0], cn[0], out[-1]])

emit_text("cell_reprs", [repr(nn.RNNCell(4, 6, nonlinearity="relu")), repr(nn.LSTMCell(3, 4, bias=False)),
                         repr(nn.GRUCell(4, 6)), repr(nn.RNNCell(2, 3))])
emit("cell_shapes", [list(p.shape) for p in nn.LSTMCell(3, 7).parameters()])
emit_text("cell_nobias_attrs", [nn.GRUCell(3, 4, bias=False).bias_ih is None, nn.RNNCell(3, 4).nonlinearity])
bound = 1 / 16 ** 0.5
emit_text("cell_init", [bool(p.abs().max() <= bound) for p in nn.LSTMCell(5, 16).parameters()])

# constructor errors and the dropout warning
expect_error("ctor_dropout_range", lambda: nn.LSTM(3, 4, dropout=1.5), "dropout should be a number in range [0, 1]")
expect_error("ctor_dropout_bool", lambda: nn.LSTM(3, 4, 2, dropout=True), "dropout should be a number")
expect_error("ctor_nonlinearity", lambda: nn.RNN(3, 4, nonlinearity="sigmoid"), "Unknown nonlinearity")
expect_error("ctor_proj_gru", lambda: nn.GRU(3, 4, proj_size=2), "proj_size argument is only supported for LSTM")
expect_error("ctor_proj_rnn", lambda: nn.RNN(3, 4, proj_size=2), "proj_size argument is only supported for LSTM")
expect_error("ctor_proj_big", lambda: nn.LSTM(3, 4, proj_size=4), "proj_size has to be smaller than hidden_size")
expect_error("ctor_proj_neg", lambda: nn.LSTM(3, 4, proj_size=-1), "proj_size should be a positive integer")
expect_error("ctor_hidden_zero", lambda: nn.LSTM(3, 0), "hidden_size must be greater than zero")
expect_error("ctor_hidden_float", lambda: nn.GRU(3, 4.0), "hidden_size should be of type int")
expect_error("ctor_input_float", lambda: nn.GRU(3.0, 4), "input_size should be of type int")
expect_error("ctor_layers_zero", lambda: nn.LSTM(3, 4, 0), "num_layers must be greater than zero")
expect_error("ctor_input_zero", lambda: nn.LSTM(0, 4), "input_size must be greater than zero")
expect_error("ctor_bias_type", lambda: nn.LSTM(3, 4, bias=1), "bias should be of type bool")
expect_error("ctor_batch_first_type", lambda: nn.GRU(3, 4, batch_first=None), "batch_first should be of type bool")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    m = nn.LSTM(3, 4, dropout=0.5)
emit_text("dropout_warning", [(w.category.__name__, str(w.message)) for w in caught])
emit_text("dropout_warning_repr", repr(m))

# forward errors
lstm, gru, rnn = nn.LSTM(4, 6, 2), nn.GRU(4, 6), nn.RNN(4, 6)
z = torch.zeros
expect_error("lstm_rank4", lambda: lstm(z(2, 3, 4, 5)), "LSTM: Expected input to be 2D or 3D, got 4D instead")
expect_error("lstm_rank1", lambda: lstm(z(4)), "Expected input to be 2D or 3D")
expect_error("gru_rank4", lambda: gru(z(2, 3, 4, 5)), "GRU: Expected input to be 2D or 3D")
expect_error("rnn_rank4", lambda: rnn(z(2, 3, 4, 5)), "got 4D tensor instead")
expect_error("lstm_input_size", lambda: lstm(z(2, 3, 5)), "input.size(-1) must be equal to input_size. Expected 4, got 5")
expect_error("lstm_input_size_unbatched", lambda: lstm(z(2, 5)), "input.size(-1) must be equal to input_size")
expect_error("lstm_h_shape", lambda: lstm(z(2, 3, 4), (z(2, 2, 6), z(2, 3, 6))), "Expected hidden[0] size (2, 3, 6), got [2, 2, 6]")
expect_error("lstm_c_shape", lambda: lstm(z(2, 3, 4), (z(2, 3, 6), z(1, 3, 6))), "Expected hidden[1] size (2, 3, 6), got [1, 3, 6]")
expect_error("lstm_hx_rank", lambda: lstm(z(2, 3, 4), (z(3, 6), z(3, 6))), "hx and cx should also be 3-D but got (2-D, 2-D)")
expect_error("lstm_hx_rank_unbatched", lambda: lstm(z(2, 4), (z(2, 3, 6), z(2, 3, 6))),
             "For unbatched 2-D input, hx and cx should also be 2-D")
expect_error("lstm_h_unbatched_shape", lambda: lstm(z(2, 4), (z(2, 5), z(2, 6))), "Expected hidden[0] size (2, 1, 6), got [2, 1, 5]")
expect_error("lstm_dtype", lambda: lstm(z(2, 3, 4, dtype=torch.float64)), "RNN input dtype (torch.float64) does not match weight dtype (torch.float32)")
expect_error("lstm_int", lambda: lstm(z(2, 3, 4, dtype=torch.long)), "does not match weight dtype")
expect_error("gru_h_shape", lambda: gru(z(2, 3, 4), z(1, 2, 6)), "Expected hidden size (1, 3, 6), got [1, 2, 6]")
expect_error("gru_h_rank", lambda: gru(z(2, 3, 4), z(3, 6)), "For batched 3-D input, hx should also be 3-D but got 2-D tensor")
expect_error("rnn_h_size", lambda: rnn(z(2, 3, 4), z(1, 3, 7)), "Expected hidden size (1, 3, 6), got [1, 3, 7]")
expect_error("rnn_h_rank_unbatched", lambda: rnn(z(2, 4), z(1, 1, 6)), "For unbatched 2-D input, hx should also be 2-D")
expect_error("rnn_bf_h", lambda: nn.RNN(4, 6, batch_first=True)(z(3, 2, 4), z(1, 2, 6)), "Expected hidden size (1, 3, 6)")
expect_error("proj_h_shape", lambda: nn.LSTM(4, 6, proj_size=2)(z(2, 3, 4), (z(1, 3, 6), z(1, 3, 6))),
             "Expected hidden[0] size (1, 3, 2), got [1, 3, 6]")

lc, gc, rc = nn.LSTMCell(4, 6), nn.GRUCell(4, 6), nn.RNNCell(4, 6)
expect_error("lstm_cell_rank", lambda: lc(z(2, 3, 4)), "LSTMCell: Expected input to be 1D or 2D, got 3D instead")
expect_error("lstm_cell_size", lambda: lc(z(3, 5)), "input has inconsistent input_size: got 5 expected 4")
expect_error("lstm_cell_batch", lambda: lc(z(3, 4), (z(2, 6), z(2, 6))), "Input batch size 3 doesn't match hidden0 batch size 2")
expect_error("lstm_cell_hidden", lambda: lc(z(3, 4), (z(3, 5), z(3, 6))), "hidden0 has inconsistent hidden_size: got 5, expected 6")
expect_error("lstm_cell_c", lambda: lc(z(3, 4), (z(3, 6), z(3, 5))), "hidden1 has inconsistent hidden_size: got 5, expected 6")
expect_error("lstm_cell_hx_rank", lambda: lc(z(3, 4), (z(1, 3, 6), z(3, 6))), "LSTMCell: Expected hx[0] to be 1D or 2D, got 3D instead")
expect_error("gru_cell_rank", lambda: gc(z(3, 4, 1)), "GRUCell: Expected input to be 1D or 2D")
expect_error("gru_cell_size", lambda: gc(z(3, 5)), "input has inconsistent input_size")
expect_error("gru_cell_batch", lambda: gc(z(3, 4), z(2, 6)), "doesn't match hidden0 batch size")
expect_error("gru_cell_hidden", lambda: gc(z(3, 4), z(3, 7)), "hidden0 has inconsistent hidden_size: got 7, expected 6")
expect_error("gru_cell_h_rank", lambda: gc(z(3, 4), z(1, 3, 6)), "GRUCell: Expected hidden to be 1D or 2D, got 3D instead")
expect_error("rnn_cell_h_rank", lambda: rc(z(3, 4), z(1, 3, 6)), "RNNCell: Expected hidden to be 1D or 2D, got 3D instead")
expect_error("rnn_cell_nonlinearity", lambda: nn.RNNCell(4, 6, nonlinearity="foo")(z(3, 4)), "Unknown nonlinearity: foo")

# second derivatives through a layer (a gradient penalty)
for kind in ("GRU", "LSTM"):
    m = getattr(nn, kind)(2, 3, bidirectional=True).double()
    m.load_state_dict({k: torch.tensor(rng.normal(size=tuple(v.shape)) * 0.5) for k, v in m.state_dict().items()})
    x = torch.tensor(rng.normal(size=(4, 2, 2)), requires_grad=True)
    out, _ = m(x)
    g, = torch.autograd.grad((out * torch.tensor(rng.normal(size=tuple(out.shape)))).sum(), x, create_graph=True)
    emit(f"{kind}_double_backward", torch.autograd.grad(g.pow(2).sum(), [x, m.weight_hh_l0, m.bias_ih_l0_reverse]))
