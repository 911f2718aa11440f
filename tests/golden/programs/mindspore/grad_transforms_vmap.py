"""ops.vmap: in_axes / out_axes (ints, None, nested tuples and lists), Cells, vmap of grad, grad
of vmap, vmap of vmap, keyword arguments, inside construct, and MindSpore's errors."""
import numpy as np
from mindspore import nn, ops, Tensor, Parameter
from harness import emit, expect_error

x = Tensor(np.arange(6).reshape(2, 3).astype(np.float32))
y = Tensor(np.array([1.0, -2.0, 0.5], np.float32))


def mul(a, b):
    return a * b


def pair(t):
    return t[0] + t[1]


def two_outputs(a):
    return a * 2.0, a.sum()


def square_sum(a):
    return (a * a).sum()


def outer(a):
    return ops.vmap(square_sum)(a).sum()


def double(a):
    return a * 2.0


def scaled(a, k):
    return a * k


emit("in_axes_tuple", ops.vmap(mul, in_axes=(0, None))(x, y))
emit("in_axes_list", ops.vmap(mul, in_axes=[0, None])(x, y))
emit("in_axes_1", ops.vmap(mul, in_axes=(1, None))(x, Tensor(np.float32(2.0))))
emit("in_axes_negative", ops.vmap(mul, in_axes=(-1, 0))(x, y))
emit("out_axes_1", ops.vmap(mul, in_axes=(0, None), out_axes=1)(x, y))
emit("nested_in_axes", ops.vmap(pair, in_axes=((0, 1),))((x, Tensor(np.ones((3, 2), np.float32)))))
emit("out_axes_tuple", ops.vmap(two_outputs, in_axes=0, out_axes=(1, 0))(x))
emit("python_number_arg", ops.vmap(scaled, in_axes=(0, None))(x, 3.0))
emit("grad_in_vmap", ops.vmap(ops.grad(square_sum), 0)(x))
emit("vmap_in_grad", ops.grad(outer)(x))
emit("vmap_of_vmap", ops.vmap(ops.vmap(double))(x))


class Scale(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.array([1.0, 2.0, 3.0], np.float32)), name="w")

    def construct(self, a):
        return a * self.w


emit("cell", ops.vmap(Scale(), 0)(x))


class VmapNet(nn.Cell):
    def __init__(self, fn):
        super().__init__()
        self.grad_net = ops.grad(fn)

    def construct(self, a):
        return ops.vmap(self.grad_net, 0, 0)(a)


emit("vmap_of_grad_in_construct", VmapNet(square_sum)(x))

expect_error("in_axes_length", lambda: ops.vmap(mul, in_axes=(0,))(x, y),
             "its size must be equal to the number of arguments of 'fn': 2, but got size: 1")
expect_error("axis_out_of_bounds", lambda: ops.vmap(mul, in_axes=(2, None))(x, y),
             "out of bounds for array of dimension [-2,2)")
expect_error("axis_sizes", lambda: ops.vmap(mul, in_axes=(0, 0))(x, y),
             "The 'axis_size' of each argument in the scope of 'vmap' should be equal, but got 2 and 3")
expect_error("single_none", lambda: ops.vmap(mul, in_axes=None)(x, y),
             "cannot be a single None while 'fn' is not a 'CellList'")
expect_error("float_axis", lambda: ops.vmap(mul, in_axes=1.5)(x, y), "can only be of type Int or None")
