"""nn.LSTM / GRU / RNN (layers, directions, batch_first, has_bias, hx, seq_length) and
nn.LSTMCell / GRUCell / RNNCell: parameter names and shapes, outputs, and gradients with
respect to the input and every weight, with weights set explicitly."""
import numpy as np
import mindspore as ms
from mindspore import Tensor, nn, ops
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(7)


def fill(net):
    for p in net.get_parameters():
        p.set_data(Tensor(rng.uniform(-0.5, 0.5, p.shape).astype(np.float32)))
    return net


def check(name, net, x, *extra):
    emit_text(f"{name}_params", [(n, p.shape) for n, p in net.parameters_and_names()])
    out = net(x, *extra)
    emit(f"{name}_out", out)
    params = net.trainable_params()

    def loss(inp):
        o = net(inp, *extra)
        flat = [o[0], o[1][0], o[1][1]] if isinstance(o[1], tuple) else [o[0], o[1]]
        total = 0
        for k, t in enumerate(flat):
            total = total + (t * (k + 1.5)).sum()
        return total
    emit(f"{name}_grads", ops.grad(loss, 0, params)(x))


x_tb = Tensor(rng.normal(size=(4, 2, 3)).astype(np.float32))
x_bt = Tensor(rng.normal(size=(2, 4, 3)).astype(np.float32))
check("lstm_bi2", fill(nn.LSTM(3, 5, num_layers=2, bidirectional=True, batch_first=True)), x_bt)
h0 = Tensor(rng.normal(size=(1, 2, 5)).astype(np.float32))
c0 = Tensor(rng.normal(size=(1, 2, 5)).astype(np.float32))
check("lstm_hx", fill(nn.LSTM(3, 5)), x_tb, (h0, c0))
check("gru", fill(nn.GRU(3, 5, num_layers=2)), x_tb)
check("gru_bi_seq", fill(nn.GRU(3, 5, bidirectional=True)), x_tb, None, Tensor(np.array([4, 2], np.int32)))
check("lstm_seq", fill(nn.LSTM(3, 5, batch_first=True)), x_bt, None, Tensor(np.array([3, 4], np.int32)))
check("rnn_relu_nobias", fill(nn.RNN(3, 5, nonlinearity="relu", has_bias=False)), x_tb, h0)
check("rnn_tanh_bi", fill(nn.RNN(3, 5, bidirectional=True, batch_first=True)), x_bt)

xc = Tensor(rng.normal(size=(2, 3)).astype(np.float32))
hc = Tensor(rng.normal(size=(2, 5)).astype(np.float32))
cc = Tensor(rng.normal(size=(2, 5)).astype(np.float32))
for name, cell, state in (("lstm_cell", nn.LSTMCell(3, 5), (hc, cc)), ("gru_cell", nn.GRUCell(3, 5), hc),
                          ("rnn_cell", nn.RNNCell(3, 5, nonlinearity="relu"), hc),
                          ("rnn_cell_nobias", nn.RNNCell(3, 5, has_bias=False), hc)):
    fill(cell)
    emit_text(f"{name}_params", [(n, p.shape) for n, p in cell.parameters_and_names()])
    emit(f"{name}_out", cell(xc, state))
    emit(f"{name}_grads", ops.grad(lambda v: ops.stack(list(cell(v, state)) if isinstance(state, tuple)
                                                      else [cell(v, state)]).sum(), 0, cell.trainable_params())(xc))


class Tagger(nn.Cell):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, batch_first=True)
        self.head = nn.Dense(4, 2)

    def construct(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


tagger = fill(Tagger())
emit_text("nested_names", [p.name for p in tagger.get_parameters()])
opt = nn.SGD(tagger.trainable_params(), 0.1)
step = nn.TrainOneStepCell(nn.WithLossCell(tagger, nn.MSELoss()), opt)
target = Tensor(rng.normal(size=(2, 2)).astype(np.float32))
emit("train_losses", [step(x_bt, target) for _ in range(3)])
expect_error("bad_dropout", lambda: nn.LSTM(3, 4, dropout=1.5), "the 'dropout' must be a number in range [0, 1)")
