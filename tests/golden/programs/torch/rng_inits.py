"""Default initialization of layers and nn.init functions after torch.manual_seed (issue 16)."""
import math

import torch
from torch import nn
from harness import emit

torch.manual_seed(0)
layers = {
    "linear": nn.Linear(4, 3),
    "conv1d": nn.Conv1d(2, 3, 3),
    "conv2d": nn.Conv2d(3, 4, 3),
    "convt2d": nn.ConvTranspose2d(2, 3, 2),
    "embedding": nn.Embedding(10, 4, padding_idx=1),
    "lstm": nn.LSTM(5, 6, num_layers=2),
    "gru": nn.GRU(5, 6, bidirectional=True),
    "rnn": nn.RNN(3, 4),
    "layernorm": nn.LayerNorm(5),
    "batchnorm": nn.BatchNorm1d(5),
    "mha": nn.MultiheadAttention(8, 2),
}
for name, layer in layers.items():
    for pname, p in layer.named_parameters():
        emit(f"{name}.{pname}", p)

w = torch.empty(6, 5)
for fn, args in [("uniform_", (-1.0, 2.0)), ("normal_", (0.5, 2.0)), ("xavier_uniform_", ()),
                 ("xavier_normal_", ()), ("kaiming_uniform_", ()), ("kaiming_normal_", ()),
                 ("trunc_normal_", (0.0, 1.0)), ("sparse_", (0.5,))]:
    getattr(nn.init, fn)(w, *args)
    emit(f"init.{fn}", w)
nn.init.kaiming_uniform_(w, a=math.sqrt(5), mode="fan_out", nonlinearity="leaky_relu")
emit("init.kaiming_fan_out", w)
nn.init.orthogonal_(w)
emit("init.orthogonal_", w)
emit("after_inits", torch.rand(2))
