# MindSpore's functional autodiff guide: ops.grad with grad_position and weights,
# ops.value_and_grad with has_aux, and a higher-order derivative.
import numpy as np
import mindspore
from mindspore import Parameter, Tensor, nn, ops

x = Tensor(np.array([1.0, 2.0, 3.0], np.float32))
y = Tensor(np.array([0.5, -1.0, 2.0], np.float32))


def f(a, b):
    return (a * a * b).sum()


print(ops.grad(f, grad_position=(0, 1))(x, y))


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.ones((3, 2), np.float32)), name="w")
        self.b = Parameter(Tensor(np.zeros(2, np.float32)), name="b")

    def construct(self, inputs):
        return ops.matmul(inputs, self.w) + self.b


net = Net()


def forward(inputs, target):
    z = net(inputs)
    loss = ops.reduce_mean((z - target) ** 2)
    return loss, z


grad_fn = ops.value_and_grad(forward, grad_position=None, weights=net.trainable_params(), has_aux=True)
(loss, z), grads = grad_fn(Tensor(np.array([[1.0, 2.0, 3.0]], np.float32)), Tensor(np.array([[1.0, 0.0]], np.float32)))
print(loss, z)
print(grads[0], grads[1])

sin_grad2 = ops.grad(ops.grad(ops.sin))
print(sin_grad2(Tensor(np.array([0.0, 1.0], np.float32))))
