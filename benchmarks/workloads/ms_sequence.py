"""The GPT and LSTM language models of torch_gpt.py / torch_lstm.py in MindSpore: nn.Dense,
nn.LayerNorm, nn.Embedding, nn.LSTM cells, SoftmaxCrossEntropyWithLogits (sparse, mean),
WithLossCell + TrainOneStepCell + nn.Momentum, in GRAPH_MODE or PYNATIVE_MODE (``set_mode``
of ms_mlp.py). Plain MindSpore code, run with the real MindSpore and, unchanged, under
gradcompat; ms_gpt.py and ms_lstm.py are the two cases."""
import numpy as np
import mindspore
from mindspore import nn, ops

from data import GPT, LSTM, gpt_weights, lstm_weights, tokens
from ms_mlp import set_mode


class Block(nn.Cell):
    def __init__(self, width, heads, seq):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm((width,))
        self.qkv = nn.Dense(width, 3 * width)
        self.proj = nn.Dense(width, width)
        self.ln2 = nn.LayerNorm((width,))
        self.fc = nn.Dense(width, 4 * width)
        self.out = nn.Dense(4 * width, width)
        self.gelu = nn.GELU(approximate=False)
        self.mask = mindspore.Tensor(np.triu(np.full((seq, seq), -np.inf, np.float32), 1))

    def construct(self, x):
        B, T, C = x.shape
        q, k, v = ops.split(self.qkv(self.ln1(x)), C, axis=2)
        q, k, v = (t.view(B, T, self.heads, C // self.heads).transpose(0, 2, 1, 3) for t in (q, k, v))
        scores = ops.matmul(q, k.transpose(0, 1, 3, 2)) / float(np.sqrt(C // self.heads)) + self.mask
        y = ops.matmul(ops.softmax(scores, axis=-1), v).transpose(0, 2, 1, 3).reshape(B, T, C)
        x = x + self.proj(y)
        return x + self.out(self.gelu(self.fc(self.ln2(x))))


class TinyGPT(nn.Cell):
    def __init__(self, spec):
        super().__init__()
        self.tok = nn.Embedding(spec["vocab"], spec["width"])
        self.pos = nn.Embedding(spec["seq"], spec["width"])
        self.blocks = nn.CellList([Block(spec["width"], spec["heads"], spec["seq"]) for _ in range(spec["layers"])])
        self.ln_f = nn.LayerNorm((spec["width"],))
        self.head = nn.Dense(spec["width"], spec["vocab"], has_bias=False)
        self.positions = mindspore.Tensor(np.arange(spec["seq"], dtype=np.int32))
        self.vocab = spec["vocab"]

    def construct(self, idx):
        x = self.tok(idx) + self.pos(self.positions)
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x)).reshape(-1, self.vocab)


class LSTMModel(nn.Cell):
    def __init__(self, spec):
        super().__init__()
        self.embed = nn.Embedding(spec["vocab"], spec["embed"])
        self.lstm = nn.LSTM(spec["embed"], spec["hidden"], num_layers=spec["layers"], batch_first=True)
        self.head = nn.Dense(spec["hidden"], spec["vocab"])
        self.vocab = spec["vocab"]

    def construct(self, idx):
        out, _ = self.lstm(self.embed(idx))
        return self.head(out).reshape(-1, self.vocab)


# PyTorch's parameter names (data.py) -> MindSpore's: LayerNorm gamma/beta, Embedding's table
_RENAMES = {("ln", "weight"): "gamma", ("ln", "bias"): "beta", ("tok", "weight"): "embedding_table",
            ("pos", "weight"): "embedding_table", ("embed", "weight"): "embedding_table"}


def _load(net, weights):
    params = {p.name: p for p in net.get_parameters()}
    for name, value in weights.items():
        cell, _, leaf = name.rpartition(".")
        kind = cell.rpartition(".")[2]
        renamed = next((new for (prefix, old), new in _RENAMES.items() if kind.startswith(prefix) and leaf == old), leaf)
        params[f"{cell}.{renamed}" if cell else renamed].set_data(mindspore.Tensor(value))


def build_model(kind: str, mode: str):
    set_mode(mode)
    spec, model, weights = (GPT, TinyGPT, gpt_weights) if kind == "gpt" else (LSTM, LSTMModel, lstm_weights)
    ids, targets = tokens(spec)
    net = model(spec)
    _load(net, weights(spec))
    loss_fn = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    optimizer = nn.Momentum(net.trainable_params(), learning_rate=0.01, momentum=0.9)
    train = nn.TrainOneStepCell(nn.WithLossCell(net, loss_fn), optimizer)
    train.set_train()
    inputs, labels = mindspore.Tensor(ids.astype(np.int32)), mindspore.Tensor(targets.astype(np.int32))
    return lambda: float(train(inputs, labels).asnumpy())
