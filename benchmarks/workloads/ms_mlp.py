"""The MLP of torch_mlp.py in MindSpore: nn.Dense cells, SoftmaxCrossEntropyWithLogits
(sparse, mean), WithLossCell + TrainOneStepCell + nn.Momentum. Modes: ``graph``
(GRAPH_MODE) and ``pynative`` (PYNATIVE_MODE). Plain MindSpore code, run with the real
MindSpore and, unchanged, under gradcompat."""
import mindspore
from mindspore import nn

from data import BATCH, batch, mlp_weights


class MLP(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Dense(784, 256)
        self.fc2 = nn.Dense(256, 256)
        self.fc3 = nn.Dense(256, 10)
        self.relu = nn.ReLU()

    def construct(self, x):
        return self.fc3(self.relu(self.fc2(self.relu(self.fc1(x)))))


def network():
    """The MLP holding the shared initial weights (nn.Dense stores weight as (out, in))."""
    net = MLP()
    for dense, (w, b) in zip([net.fc1, net.fc2, net.fc3], mlp_weights()):
        dense.weight.set_data(mindspore.Tensor(w.T.copy()))
        dense.bias.set_data(mindspore.Tensor(b))
    return net


def set_mode(mode: str):
    modes = {"graph": mindspore.GRAPH_MODE, "pynative": mindspore.PYNATIVE_MODE}
    if mode not in modes:
        raise ValueError(f"unknown mode {mode!r}")
    mindspore.set_context(mode=modes[mode])


def build(mode: str, size: int = BATCH):
    set_mode(mode)
    x, y = batch(size=size)
    inputs, labels = mindspore.Tensor(x), mindspore.Tensor(y.astype("int32"))
    net = network()
    loss_fn = nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction="mean")
    optimizer = nn.Momentum(net.trainable_params(), learning_rate=0.01, momentum=0.9)
    train = nn.TrainOneStepCell(nn.WithLossCell(net, loss_fn), optimizer)
    train.set_train()
    return lambda: float(train(inputs, labels).asnumpy())
