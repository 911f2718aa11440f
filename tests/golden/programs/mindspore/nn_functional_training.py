"""MindSpore 2.x's functional training idiom: value_and_grad over a forward function
(has_aux) with the optimizer's parameters, the optimizer called on the gradients, the
step decorated with mindspore.jit or not, in PYNATIVE_MODE and GRAPH_MODE."""
import numpy as np
import mindspore
import mindspore.nn as nn
from mindspore import Tensor
from harness import emit

rng = np.random.default_rng(9)
X = Tensor(rng.normal(size=(12, 3)).astype(np.float32))
Y = Tensor(rng.normal(size=(12, 2)).astype(np.float32))
W1 = rng.normal(size=(5, 3)).astype(np.float32) * 0.5
W2 = rng.normal(size=(2, 5)).astype(np.float32) * 0.5


def run(name, use_jit, make_optimizer):
    net = nn.SequentialCell([nn.Dense(3, 5, weight_init=Tensor(W1), bias_init="zeros", activation="relu"),
                             nn.Dense(5, 2, weight_init=Tensor(W2), bias_init="zeros")])
    loss_fn = nn.MSELoss()
    optimizer = make_optimizer(net.trainable_params())

    def forward_fn(x, y):
        logits = net(x)
        return loss_fn(logits, y), logits

    grad_fn = mindspore.value_and_grad(forward_fn, None, optimizer.parameters, has_aux=True)

    def train_step(x, y):
        (loss, _), grads = grad_fn(x, y)
        optimizer(grads)
        return loss

    if use_jit:
        train_step = mindspore.jit(train_step)
    losses = [train_step(X, Y) for _ in range(5)]
    emit(f"{name}_losses", losses)
    emit(f"{name}_weights", list(net.trainable_params()))


for mode_name, mode in (("pynative", mindspore.PYNATIVE_MODE), ("graph", mindspore.GRAPH_MODE)):
    mindspore.set_context(mode=mode)
    for use_jit in (False, True):
        run(f"{mode_name}_{'jit' if use_jit else 'plain'}_adam", use_jit, lambda p: nn.Adam(p, 0.02))
        run(f"{mode_name}_{'jit' if use_jit else 'plain'}_sgd", use_jit,
            lambda p: nn.SGD(p, 0.05, momentum=0.9, nesterov=True))
