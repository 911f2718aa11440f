# The migration guide's PyTorch example (z = x * x * y; x.grad is 12, y.grad is 4),
# written in MindSpore: GradOperation(get_all=True) returns the gradients of all inputs.
import mindspore.nn as nn
from mindspore import dtype as mstype
from mindspore import ops, Tensor


class Net(nn.Cell):
    def construct(self, x, y):
        z = x * x * y
        return z


x = Tensor(2., dtype=mstype.float32)
y = Tensor(3., dtype=mstype.float32)
grad_x, grad_y = ops.GradOperation(get_all=True)(Net())(x, y)
print(grad_x, grad_y)
# Out:
# 12.0 4.0

grad_x = ops.GradOperation()(Net())(x, y)
print(grad_x)
# Out:
# 12.0
