"""mindspore.grad / ops.grad and value_and_grad: grad_position (int, tuple, None), weights
(Parameter, list, ParameterTuple), has_aux, return_ids, on functions and Cells."""
import numpy as np
import mindspore
import mindspore.nn as nn
from mindspore import ops, Tensor, Parameter, ParameterTuple
from harness import emit, expect_error


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.array([[1.0, -2.0], [0.5, 3.0]], np.float32)), name='w')
        self.b = Parameter(Tensor(np.array([0.25, -0.5], np.float32)), name='b')

    def construct(self, x, y):
        return ops.matmul(x, self.w) * y + self.b


def f(x, y):
    return x * x * y


def f_aux(x, y):
    return x * x * y, x + y, y * 2.0


def f_two(x, y):
    return x * y, x + y


net = Net()
x = Tensor(np.array([[0.5, 1.5], [2.0, -1.0]], np.float32))
y = Tensor(np.array([[1.0, 2.0], [3.0, 0.5]], np.float32))
params = ParameterTuple(net.trainable_params())

emit("grad_default", mindspore.grad(f)(x, y))
emit("grad_pos_1", ops.grad(f, grad_position=1)(x, y))
emit("grad_pos_tuple", ops.grad(f, grad_position=(0, 1))(x, y))
emit("grad_pos_tuple_one", ops.grad(f, grad_position=(1,))(x, y))
emit("grad_two_outputs", ops.grad(f_two, grad_position=(0, 1))(x, y))
emit("grad_aux", ops.grad(f_aux, grad_position=0, has_aux=True)(x, y))
emit("grad_cell_weights", ops.grad(net, grad_position=None, weights=params)(x, y))
emit("grad_cell_pos_and_weights", ops.grad(net, grad_position=0, weights=params)(x, y))
emit("grad_cell_single_weight", ops.grad(net, grad_position=None, weights=net.w)(x, y))
emit("grad_cell_weight_list", ops.grad(net, grad_position=(0, 1), weights=[net.b])(x, y))
emit("grad_return_ids", ops.grad(net, grad_position=(0, 1), weights=params, return_ids=True)(x, y))
emit("value_and_grad", mindspore.value_and_grad(f)(x, y))
emit("value_and_grad_tuple", ops.value_and_grad(f, grad_position=(0, 1))(x, y))
emit("value_and_grad_aux", ops.value_and_grad(f_aux, grad_position=1, has_aux=True)(x, y))
emit("value_and_grad_two_outputs", ops.value_and_grad(f_two, grad_position=0)(x, y))
emit("value_and_grad_cell", ops.value_and_grad(net, grad_position=None, weights=params)(x, y))
emit("value_and_grad_cell_both", ops.value_and_grad(net, grad_position=0, weights=net.trainable_params())(x, y))
expect_error("no_position_no_weights", lambda: ops.grad(f, grad_position=None, weights=None)(x, y),
             "can not be None at the same time.")
expect_error("position_out_of_range", lambda: ops.grad(f, grad_position=2)(x, y), "Position index 2 is exceed input size.")
expect_error("position_not_int", lambda: ops.grad(f, grad_position=1.5)(x, y), "the 'grad_position' must be int or tuple.")
