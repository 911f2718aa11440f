"""Seeded MindSpore training with dropout inside compiled graphs, no weight set by hand:
``set_seed`` fixes the default initial weights, and the dropout masks drawn inside a GRAPH_MODE
``TrainOneStepCell`` and inside a ``@jit`` train step (``value_and_grad`` included) are
MindSpore's: each dropout call site of a graph is a kernel seeded when the graph compiles,
continuing its stream from step to step. Losses match MindSpore's to float32 rounding; the
masks of a compiled Cell exactly, call after call. Only the first steps of a compiled training
run are compared: real MindSpore's masks inside a compiled training graph vary from run to run
after about five steps (its CPU kernels' launches race), while a compiled Cell without a
gradient draws the same masks every run."""
import numpy as np
import mindspore
import mindspore.nn as nn
from mindspore import Tensor, ops
from harness import emit

mindspore.set_seed(21)


def make_net():
    return nn.SequentialCell(nn.Dense(5, 16), nn.ReLU(), nn.Dropout(p=0.3), nn.Dense(16, 8), nn.Tanh(),
                             nn.Dropout(p=0.5), nn.Dense(8, 1))


x = Tensor(np.linspace(-1, 1, 40, dtype=np.float32).reshape(8, 5))
y = Tensor(np.cos(np.arange(8, dtype=np.float32)).reshape(8, 1))

# GRAPH_MODE: a TrainOneStepCell compiled once, replayed each step
mindspore.set_context(mode=mindspore.GRAPH_MODE)
net = make_net()
emit("init", {n: p.asnumpy() for n, p in net.parameters_and_names()})
step = nn.TrainOneStepCell(nn.WithLossCell(net, nn.MSELoss()), nn.SGD(net.trainable_params(), 0.05))
step.set_train()
emit("graph_losses", [float(step(x, y).asnumpy()) for _ in range(4)])
emit("graph_final", [p.asnumpy() for p in net.trainable_params()])


class Masks(nn.Cell):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(p=0.4)

    def construct(self, v):
        return self.drop(v), ops.dropout(v, p=0.6), ops.randn(3) * 2 + 1, ops.rand(2)


masks = Masks()
masks.set_train()
ones = Tensor(np.ones((4, 5), np.float32))
emit("graph_masks", [[o.asnumpy() for o in masks(ones)] for _ in range(3)])

# PyNative with a @jit train step: value_and_grad and the optimizer inside one graph
mindspore.set_context(mode=mindspore.PYNATIVE_MODE)
net2 = make_net()
opt = nn.Adam(net2.trainable_params(), 0.01)
loss_fn = nn.MSELoss()


def forward(a, b):
    return loss_fn(net2(a), b)


grad_fn = mindspore.value_and_grad(forward, None, opt.parameters)


@mindspore.jit
def train_step(a, b):
    loss, grads = grad_fn(a, b)
    opt(grads)
    return loss


net2.set_train()
emit("jit_losses", [float(train_step(x, y).asnumpy()) for _ in range(4)])
emit("jit_final", [p.asnumpy() for p in net2.trainable_params()])
emit("pynative_after", [ops.randn(4).asnumpy(), ops.rand(3).asnumpy()])
