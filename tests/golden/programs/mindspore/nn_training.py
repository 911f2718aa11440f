"""Training with WithLossCell + TrainOneStepCell and each optimizer (SGD with momentum,
dampening, nesterov and weight decay; Momentum; Adam; AdamWeightDecay; a list learning
rate; sens), from explicit initial weights: the losses of every step and the final
weights, in PYNATIVE_MODE and in GRAPH_MODE."""
import numpy as np
import mindspore
import mindspore.nn as nn
from mindspore import Tensor
from harness import emit

rng = np.random.default_rng(7)
X = Tensor(rng.normal(size=(16, 4)).astype(np.float32))
Y = Tensor(rng.integers(0, 3, 16).astype(np.int32))
W1 = rng.uniform(-0.5, 0.5, (8, 4)).astype(np.float32)
B1 = rng.uniform(-0.1, 0.1, (8,)).astype(np.float32)
W2 = rng.uniform(-0.5, 0.5, (3, 8)).astype(np.float32)
B2 = np.zeros((3,), np.float32)


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Dense(4, 8, weight_init=Tensor(W1), bias_init=Tensor(B1), activation='relu')
        self.fc2 = nn.Dense(8, 3, weight_init=Tensor(W2), bias_init=Tensor(B2))

    def construct(self, x):
        return self.fc2(self.fc1(x))


OPTIMIZERS = {
    "sgd": lambda p: nn.SGD(p, learning_rate=0.1),
    "sgd_momentum": lambda p: nn.SGD(p, learning_rate=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01),
    "sgd_nesterov": lambda p: nn.SGD(p, learning_rate=0.05, momentum=0.8, nesterov=True),
    "momentum": lambda p: nn.Momentum(p, learning_rate=0.1, momentum=0.9),
    "momentum_wd_nesterov": lambda p: nn.Momentum(p, 0.05, 0.9, weight_decay=0.01, use_nesterov=True),
    "momentum_lr_list": lambda p: nn.Momentum(p, [0.1, 0.05, 0.02, 0.01, 0.01, 0.005], 0.9),
    "adam": lambda p: nn.Adam(p, learning_rate=0.01),
    "adam_wd": lambda p: nn.Adam(p, learning_rate=0.01, weight_decay=0.01, eps=1e-6),
    # eps 1e-4: with the default 1e-6, steps of near-zero gradients amplify float32 rounding
    "adamw": lambda p: nn.AdamWeightDecay(p, learning_rate=0.01, weight_decay=0.1, eps=1e-4),
}


def train(name, make_optimizer, steps=6, sens=None):
    net = Net()
    loss_net = nn.WithLossCell(net, nn.SoftmaxCrossEntropyWithLogits(sparse=True, reduction='mean'))
    opt = make_optimizer(net.trainable_params())
    step = nn.TrainOneStepCell(loss_net, opt) if sens is None else nn.TrainOneStepCell(loss_net, opt, sens=sens)
    step.set_train()
    losses = [step(X, Y) for _ in range(steps)]
    emit(f"{name}_losses", losses)
    emit(f"{name}_weights", [p for p in net.trainable_params()])


for mode_name, mode in (("pynative", mindspore.PYNATIVE_MODE), ("graph", mindspore.GRAPH_MODE)):
    mindspore.set_context(mode=mode)
    for name, make in OPTIMIZERS.items():
        train(f"{mode_name}_{name}", make)
    train(f"{mode_name}_sens", OPTIMIZERS["momentum"], sens=2.0)
