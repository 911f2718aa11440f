"""Execution modes: get_context/set_context, mindspore.jit on functions and on construct,
Cells in GRAPH_MODE (tuple outputs, Parameter writes with ops.Assign, BatchNorm moving
statistics), gradients in GRAPH_MODE, and ms_function's absence in MindSpore 2.x."""
import numpy as np
import mindspore
import mindspore.nn as nn
from mindspore import Tensor, Parameter, ParameterTuple, ops, jit
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(5)
x = Tensor(rng.normal(size=(3, 4)).astype(np.float32))
y = Tensor(rng.normal(size=(4, 2)).astype(np.float32))

emit_text("default_context", [mindspore.get_context("mode"), mindspore.get_context("device_target")])
emit_text("mode_values", [mindspore.GRAPH_MODE, mindspore.PYNATIVE_MODE])


@jit
def affine(a, b):
    return ops.matmul(a, b) * 2 + a.sum()


@mindspore.jit()
def two_outputs(a):
    return a * a, (a.sum(), a.mean())


emit("jit_function", affine(x, y))
emit("jit_function_again", affine(x * 2, y))
emit("jit_tuple", two_outputs(x))
emit("jit_grad", mindspore.grad(affine, grad_position=(0, 1))(x, y))


class Scaled(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.array([1.5, -2.0], np.float32)), name='w')

    @jit
    def construct(self, a):
        return ops.matmul(a, y) * self.w


scaled = Scaled()
emit("jit_construct", scaled(x))
emit("jit_construct_grads", ops.GradOperation(get_all=True, get_by_list=True)(scaled, ParameterTuple(scaled.trainable_params()))(x))


class Counter(nn.Cell):
    def __init__(self):
        super().__init__()
        self.count = Parameter(Tensor(np.array([0.0], np.float32)), name='count', requires_grad=False)
        self.assign = ops.Assign()

    def construct(self, a):
        self.assign(self.count, self.count + a.sum())
        return a * 2, a.sum()


class Branchy(nn.Cell):
    """Control flow on Tensor values inside construct."""

    def construct(self, a):
        if a.sum() > 0:
            return a * 2
        return a - 1


for mode_name, mode in (("pynative", mindspore.PYNATIVE_MODE), ("graph", mindspore.GRAPH_MODE)):
    mindspore.set_context(mode=mode, device_target="CPU")
    emit_text(f"{mode_name}_mode", mindspore.get_context("mode"))
    counter = Counter()
    outs = [counter(x) for _ in range(3)]
    emit(f"{mode_name}_counter_outputs", outs[-1])
    emit(f"{mode_name}_counter", counter.count)
    bn = nn.BatchNorm1d(4)
    bn.set_train()
    for _ in range(2):
        out = bn(x)
    emit(f"{mode_name}_bn_out", out)
    emit(f"{mode_name}_bn_moving", [bn.moving_mean, bn.moving_variance])
    net = nn.SequentialCell(nn.Dense(4, 3, weight_init=Tensor(np.arange(12, dtype=np.float32).reshape(3, 4) / 10),
                                     bias_init='zeros', activation='relu'), nn.Dense(3, 1, weight_init='ones', bias_init='ones'))
    emit(f"{mode_name}_seq", net(x))
    emit(f"{mode_name}_seq_grads", ops.GradOperation(get_all=True, get_by_list=True)(net, ParameterTuple(net.trainable_params()))(x))
    emit(f"{mode_name}_value_and_grad", mindspore.value_and_grad(net, None, net.trainable_params())(x))
    emit(f"{mode_name}_jit_in_mode", affine(x, y))
    branchy = Branchy()
    emit(f"{mode_name}_branches", [branchy(x), branchy(-x), branchy(x * 0 + 1)])

mindspore.set_context(mode=mindspore.PYNATIVE_MODE)
expect_error("ms_function", lambda: mindspore.ms_function, "has no attribute 'ms_function'")
