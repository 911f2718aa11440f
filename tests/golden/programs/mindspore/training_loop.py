"""A small end-to-end training loop (linear regression, plain gradient descent, 50 steps):
the final loss and weights."""
from harness import emit, emit_text
import numpy as np
import mindspore.nn as nn
from mindspore import ops, Tensor, Parameter, ParameterTuple
rng = np.random.default_rng(0)
Xv = rng.normal(size=(32, 4)).astype(np.float32)
yv = Xv @ np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32) + 0.1
class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.zeros((4, 1), np.float32)), name='w')
        self.b = Parameter(Tensor(np.zeros((1,), np.float32)), name='b')
        self.matmul = ops.MatMul()
    def construct(self, x, y):
        d = self.matmul(x, self.w) + self.b - y
        return (d * d).mean()
net = Net()
params = ParameterTuple(net.trainable_params())
grad_fn = ops.GradOperation(get_by_list=True)(net, params)
X, Y = Tensor(Xv), Tensor(yv)
for i in range(50):
    grads = grad_fn(X, Y)
    for p, g in zip(params, grads):
        p.set_data(p - 0.1 * g)
emit("loss", net(X, Y))
emit("w", net.w)
emit("b", net.b)
