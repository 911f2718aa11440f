"""Every GradOperation flag combination on a Cell with parameters, one unused input and one
parameter the output does not reach."""
import numpy as np
import mindspore.nn as nn
from mindspore import dtype as mstype
from mindspore import ops, Tensor, Parameter, ParameterTuple
from harness import emit, emit_text


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.matmul = ops.MatMul()
        self.z = Parameter(Tensor(np.array([1.5], np.float32)), name='z')
        self.w = Parameter(Tensor(np.array([2.0], np.float32)), name='w')
        self.unused = Parameter(Tensor(np.array([2.0, 3.0], np.float32)), name='unused')

    def construct(self, x, y, u):
        x = x * self.z * self.w
        return self.matmul(x, y)


x = Tensor([[0.5, 0.6, 0.4], [1.2, 1.3, 1.1]], mstype.float32)
y = Tensor([[0.01, 0.3, 1.1], [0.1, 0.2, 1.3], [2.1, 1.2, 3.3]], mstype.float32)
u = Tensor([1.0, 2.0], mstype.float32)
net = Net()
params = ParameterTuple(net.trainable_params())

emit("default", ops.GradOperation()(net)(x, y, u))
emit("get_all", ops.GradOperation(get_all=True)(net)(x, y, u))
emit("get_by_list", ops.GradOperation(get_by_list=True)(net, params)(x, y, u))
emit("get_by_list_plain_list", ops.GradOperation(get_by_list=True)(net, net.trainable_params())(x, y, u))
emit("get_by_list_single_param", ops.GradOperation(get_by_list=True)(net, net.z)(x, y, u))
emit("get_by_list_default_weights", ops.GradOperation(get_by_list=True)(net)(x, y, u))
emit("get_all_and_by_list", ops.GradOperation(get_all=True, get_by_list=True)(net, params)(x, y, u))
sens = Tensor(np.array([[1.0, 2.0, 3.0], [0.5, 0.25, 2.0]], np.float32))
emit("sens", ops.GradOperation(sens_param=True)(net)(x, y, u, sens))
emit("sens_get_all", ops.GradOperation(get_all=True, sens_param=True)(net)(x, y, u, sens))
emit("sens_all_by_list", ops.GradOperation(get_all=True, get_by_list=True, sens_param=True)(net, params)(x, y, u, sens))
emit_text("types", [type(ops.GradOperation(get_all=True)(net)(x, y, u)).__name__,
                    type(ops.GradOperation(get_by_list=True)(net, params)(x, y, u)).__name__])
