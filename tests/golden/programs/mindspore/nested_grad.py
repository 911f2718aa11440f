"""Nested GradOperation: second derivatives of functions and Cells."""
import mindspore.nn as nn
from mindspore import ops, Tensor
from harness import emit


def cube(a):
    return a * a * a


first = ops.GradOperation()(cube)
second = ops.GradOperation()(first)
emit("first", first(Tensor(2.0)))
emit("second", second(Tensor(2.0)))
emit("third", ops.GradOperation()(second)(Tensor(2.0)))


class Cube(nn.Cell):
    def construct(self, x):
        return x * x * x


class GradNet(nn.Cell):
    def __init__(self, net):
        super().__init__()
        self.net = net
        self.grad_op = ops.GradOperation()

    def construct(self, x):
        return self.grad_op(self.net)(x)


emit("cell_second", GradNet(GradNet(Cube()))(Tensor([2.0, 3.0])))


def mixed(a, b):
    return a * a * b


emit("mixed_second", ops.GradOperation(get_all=True)(ops.GradOperation()(mixed))(Tensor(2.0), Tensor(3.0)))
