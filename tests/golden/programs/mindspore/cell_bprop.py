"""Cell.bprop: a Cell's own backward (signature x, y, out, dout), alone and inside a network
with Parameters, with GradOperation and with grad."""
import numpy as np
import mindspore.nn as nn
from mindspore import ops, Tensor, Parameter
from harness import emit


class Custom(nn.Cell):
    def construct(self, x, y):
        return x * y

    def bprop(self, x, y, out, dout):
        return dout * 2.0, dout * out


class Outer(nn.Cell):
    def __init__(self):
        super().__init__()
        self.inner = Custom()
        self.w = Parameter(Tensor(np.array([1.5, 2.0], np.float32)), name='w')

    def construct(self, x, y):
        return self.inner(x * self.w, y) + x


x = Tensor(np.array([1.0, 2.0], np.float32))
y = Tensor(np.array([3.0, 0.5], np.float32))
emit("forward", Custom()(x, y))
emit("bprop_alone", ops.GradOperation(get_all=True)(Custom())(x, y))
outer = Outer()
emit("bprop_inside", ops.GradOperation(get_all=True, get_by_list=True)(outer, outer.trainable_params())(x, y))
emit("bprop_sens", ops.GradOperation(get_all=True, sens_param=True)(Custom())(x, y, Tensor(np.array([0.5, -1.0], np.float32))))
emit("bprop_with_grad", ops.grad(outer, grad_position=(0, 1))(x, y))
