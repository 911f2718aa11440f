"""mindspore.ops.functional.grad / value_and_grad / get_grad, return_ids, get_grad's errors,
GradOperation(get_by_list=True)(net) without a weights list, @jit around grad."""
import numpy as np
from mindspore import nn, ops, Tensor, Parameter, jit
from mindspore.ops import GradOperation
from mindspore.ops.functional import grad, value_and_grad, get_grad
from harness import emit, expect_error


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.array([2.0, 3.0], np.float32)), name="w")
        self.b = Parameter(Tensor(np.array([1.0, -1.0], np.float32)), name="b")
        self.frozen = Parameter(Tensor(np.array([5.0, 5.0], np.float32)), name="frozen", requires_grad=False)
        self.unused = Parameter(Tensor(np.array([7.0], np.float32)), name="unused")

    def construct(self, x, y):
        return x * self.b * self.frozen + self.w * y, x


class ReturnsParam(nn.Cell):
    def __init__(self):
        super().__init__()
        self.p = Parameter(Tensor(np.array([2.0], np.float32)), name="p")

    def construct(self, x):
        return self.p


net = Net()
x = Tensor(np.array([1.0, 2.0], np.float32))
y = Tensor(np.array([3.0, -0.5], np.float32))
weights = net.trainable_params()

emit("grad_default", grad(net)(x, y))
emit("grad_positions", grad(net, (0, 1))(x, y))
emit("grad_weights_only", grad(net, None, weights)(x, y))
emit("grad_has_aux", grad(net, 0, weights, has_aux=True)(x, y))
emit("value_and_grad", value_and_grad(net, (0, 1), weights)(x, y))
emit("value_and_grad_aux", value_and_grad(net, 0, weights, has_aux=True)(x, y))

with_ids = grad(net, (0, 1), weights, return_ids=True)(x, y)
emit("return_ids_positions", [pair[0] for pair in with_ids[0]])
emit("return_ids_names", [pair[0] for pair in with_ids[1]])
emit("return_ids_values", with_ids)
emit("get_grad_position", get_grad(with_ids, 1))
emit("get_grad_parameter", get_grad(with_ids, net.b))
value, gradient = value_and_grad(net, 0, weights, False, True)(x, y)
emit("value_and_grad_ids", (value, gradient[0][0], gradient[0][1], [g[0] for g in gradient[1]]))
emit("get_grad_from_value_and_grad", get_grad(gradient, net.w))

expect_error("get_grad_missing_position", lambda: get_grad(with_ids, 2),
             "Can not find the gradient for position or Parameter 2")
expect_error("get_grad_frozen", lambda: get_grad(with_ids, net.frozen),
             "Can not find the gradient for position or Parameter")
expect_error("get_grad_plain_result", lambda: get_grad(grad(net)(x, y), 0),
             "Can not find the gradient for position or Parameter 0")
expect_error("get_grad_bad_identifier", lambda: get_grad(with_ids, "w"),
             "the `x` should be an integer or a Parameter, but got w")

emit("get_by_list_no_weights", GradOperation(get_by_list=True)(net)(x, y))
emit("get_all_and_list_no_weights", GradOperation(get_all=True, get_by_list=True)(net)(x, y))
emit("returned_parameter", GradOperation(get_all=True, get_by_list=True)(ReturnsParam())(x))


def fn(a, b):
    return a * a * b


@jit
def jit_grad(a, b):
    return grad(fn, (0, 1))(a, b)


@jit
def jit_get_grad(a, b):
    out = grad(fn, 0, return_ids=True)(a, b)
    return get_grad(out, 0)


emit("jit_around_grad", jit_grad(x, y))
emit("jit_around_get_grad", jit_get_grad(x, y))
