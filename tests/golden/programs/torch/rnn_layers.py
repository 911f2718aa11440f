"""Recurrent layers (nn.RNN, nn.LSTM, nn.GRU): outputs, final states and gradients with respect
to the input, the initial states and every weight, over layers, directions, batch_first,
proj_size, bias=False, unbatched inputs and initial states; weights set explicitly.
Most configurations run in float64 (float32 gradients summed over time and batch differ from
torch's in their last digits by summation order); a float32 section checks the float32 path."""
import numpy as np
import torch
import torch.nn as nn
from harness import emit, emit_text

rng = np.random.default_rng(11)


DTYPE = np.float64


def arr(*shape, scale=1.0):
    return (rng.normal(size=shape) * scale).astype(DTYPE)


def t(*shape, grad=True):
    return torch.tensor(arr(*shape), requires_grad=grad)


def set_weights(m, scale=0.4):
    if DTYPE == np.float64:
        m.double()
    state = {k: torch.tensor(arr(*v.shape, scale=scale)) for k, v in m.state_dict().items()}
    m.load_state_dict(state)


def flat(out):
    if isinstance(out, (tuple, list)):
        return [y for x in out for y in flat(x)]
    return [out]


def check(name, m, x, hx=None):
    set_weights(m)
    out = m(x) if hx is None else m(x, hx)
    emit(name, out)
    leaves = [x] + [h for h in flat(hx) if h is not None] + [p for _, p in m.named_parameters()]
    total = sum((y * torch.tensor(arr(*y.shape))).sum() for y in flat(out))
    grads = torch.autograd.grad(total, leaves)
    emit(name + "_grads", list(grads))
    emit_text(name + "_names", [n for n, _ in m.named_parameters()])


T, B, I, H = 5, 3, 4, 6
for kind in ("RNN", "LSTM", "GRU"):
    cls = getattr(nn, kind)
    check(f"{kind}_basic", cls(I, H), t(T, B, I))
    check(f"{kind}_two_layers", cls(I, H, num_layers=2), t(T, B, I))
    check(f"{kind}_bidirectional", cls(I, H, bidirectional=True), t(T, B, I))
    check(f"{kind}_bi_2layers_batch_first", cls(I, H, num_layers=2, bidirectional=True, batch_first=True),
          t(B, T, I))
    check(f"{kind}_nobias", cls(I, H, bias=False), t(T, B, I))
    check(f"{kind}_unbatched", cls(I, H, num_layers=2), t(T, I))
    check(f"{kind}_unbatched_bf", cls(I, H, batch_first=True, bidirectional=True), t(T, I))
    if kind == "LSTM":
        check("LSTM_hx", cls(I, H, num_layers=2), t(T, B, I), (t(2, B, H), t(2, B, H)))
        check("LSTM_hx_bi_bf", cls(I, H, bidirectional=True, batch_first=True), t(B, T, I), (t(2, B, H), t(2, B, H)))
        check("LSTM_hx_unbatched", cls(I, H), t(T, I), (t(1, H), t(1, H)))
        check("LSTM_proj", cls(I, H, proj_size=3), t(T, B, I))
        check("LSTM_proj_bi_2layers", cls(I, H, num_layers=2, bidirectional=True, proj_size=2), t(T, B, I),
              (t(4, B, 2), t(4, B, H)))
        check("LSTM_proj_nobias", cls(I, H, proj_size=4, bias=False), t(T, B, I))
    else:
        check(f"{kind}_hx", cls(I, H, num_layers=2), t(T, B, I), t(2, B, H))
        check(f"{kind}_hx_bi_bf", cls(I, H, bidirectional=True, batch_first=True), t(B, T, I), t(2, B, H))
        check(f"{kind}_hx_unbatched", cls(I, H), t(T, I), t(1, H))
check("RNN_relu", nn.RNN(I, H, nonlinearity="relu", num_layers=2), t(T, B, I))
check("RNN_relu_positional", nn.RNN(I, H, 1, "relu", True, True), t(B, T, I))

# float32
DTYPE = np.float32
check("f32_RNN", nn.RNN(I, H), t(T, B, I))
check("f32_LSTM", nn.LSTM(I, H), t(T, B, I), (t(1, B, H), t(1, B, H)))
check("f32_GRU", nn.GRU(I, H), t(T, B, I))
check("f32_LSTM_proj_bi", nn.LSTM(I, H, bidirectional=True, proj_size=3), t(T, B, I))

# dropout between layers: p=1 zeroes the second layer's input in training, eval ignores it
m = nn.LSTM(I, H, num_layers=2, dropout=1.0)
set_weights(m)
x = t(T, B, I)
emit("LSTM_dropout1_train", m(x))
m.eval()
emit("LSTM_dropout1_eval", m(x))

# a long sequence: the final state of a tanh RNN over 200 steps
m = nn.RNN(2, 3)
set_weights(m, 0.3)
x = t(200, 1, 2)
o, h = m(x)
emit("RNN_long_h", h)
emit("RNN_long_grad", torch.autograd.grad(h.sum(), [x, m.weight_hh_l0]))

# the parameter list views
m = nn.LSTM(3, 4, num_layers=2, bidirectional=True, proj_size=2)
emit_text("flat_names", m._flat_weights_names)
emit("flat_shapes", [list(w.shape) for w in m._flat_weights])
emit("all_weights_shapes", [[list(w.shape) for w in ws] for ws in m.all_weights])
emit_text("flat_is_params", [w is p for w, (_, p) in zip(m._flat_weights, m.named_parameters())])
m.flatten_parameters()
emit_text("state_dict_keys", list(m.state_dict().keys()))
emit_text("reprs", [repr(nn.LSTM(3, 4, 2, bias=False, batch_first=True, dropout=0.5, bidirectional=True, proj_size=2)),
                    repr(nn.RNN(3, 4, nonlinearity="relu")), repr(nn.GRU(3, 4, dropout=0)),
                    repr(nn.RNN(3, 4, 3, dropout=0.25)),
                    repr(nn.Sequential(nn.LSTM(3, 4), nn.Linear(4, 2)))])
# initialization: U(-1/sqrt(hidden), 1/sqrt(hidden)) for every parameter
m = nn.GRU(5, 16, num_layers=2)
bound = 1 / 16 ** 0.5
emit_text("init_bounds", [bool(p.abs().max() <= bound) and bool(p.abs().max() > bound / 2) for p in m.parameters()])
