"""ops.InsertGradientOf, ops.HookBackward, Cell forward pre-hooks / forward hooks / backward
pre-hooks / backward hooks, their handles' remove(), what each hook is given, and the errors."""
import numpy as np
from mindspore import nn, ops, Tensor, Parameter
from harness import emit, emit_text, expect_error

seen = []


def halve(dout):
    seen.append(dout)
    return dout * 0.5


insert = ops.InsertGradientOf(halve)


def with_insert(x):
    return insert(x * x) * 3.0


x = Tensor(np.array([1.0, 2.0], np.float32))
y = Tensor(np.array([3.0, 4.0], np.float32))
emit("insert_forward", with_insert(x))
emit("insert_grad", ops.grad(with_insert)(x))
emit("insert_saw", seen)


def double_hook(grads):
    seen.append(grads)
    return (grads[0] * 2.0,)


def keep_hook(grads):
    seen.append(grads)


hook = ops.HookBackward(double_hook)


def with_hook(a, b):
    z = hook(a * b)
    return z * z


seen.clear()
emit("hook_forward", with_hook(x, y))
emit("hook_grad", ops.grad(with_hook, (0, 1))(x, y))
emit("hook_grad_same_input", ops.grad(with_hook, (0, 1))(x, x))
emit("hook_saw", seen)
seen.clear()
keep = ops.HookBackward(keep_hook)


def with_keep(a):
    return keep(a) * 3.0


def two_inputs(a):
    p, q = ops.HookBackward(keep_hook)(a, a * 2.0)
    return p * q


emit("hook_none_keeps", ops.grad(with_keep)(x))
emit("hook_two_inputs", ops.grad(two_inputs)(x))
emit("hook_none_saw", seen)
expect_error("hook_not_callable", lambda: ops.HookBackward(3), "Expected a callable hook function, but got int")


class Net(nn.Cell):
    def __init__(self):
        super().__init__()
        self.w = Parameter(Tensor(np.array([2.0, 3.0], np.float32)), name="w")

    def construct(self, a, b):
        return a * self.w * b


log = []


def pre(cell, args):
    log.append(("pre", type(cell).__name__, args))
    return (args[0] * 2.0, args[1])


def after(cell, args, out):
    log.append(("forward", args, out))
    return out + 1.0


def backward_pre(cell, grad_output):
    log.append(("backward_pre", grad_output))
    return (grad_output[0] * 10.0,)


def backward(cell, grad_input, grad_output):
    log.append(("backward", grad_input, grad_output))
    return (grad_input[0] * 100.0, grad_input[1])


net = Net()
h1 = net.register_forward_pre_hook(pre)
emit("pre_hook_forward", net(x, y))
h2 = net.register_forward_hook(after)
emit("forward_hooks", net(x, y))
emit("forward_hooks_grad", ops.grad(net, (0, 1))(x, y))
emit("forward_log", log)
h1.remove()
h2.remove()
h2.remove()
emit("removed", net(x, y))
log.clear()
h3 = net.register_backward_pre_hook(backward_pre)
emit("backward_pre_grad", ops.grad(net, (0, 1), net.trainable_params())(x, y))
h4 = net.register_backward_hook(backward)
emit("both_backward_hooks_grad", ops.grad(net, (0, 1), net.trainable_params())(x, y))
h3.remove()
emit("backward_hook_grad", ops.grad(net, (0, 1))(x, y))
h4.remove()
emit("no_hooks_grad", ops.grad(net, (0, 1))(x, y))
emit("backward_log", log)


def none_hook(cell, grad_input, grad_output):
    log.append(("sizes", len(grad_input), len(grad_output)))


def short_hook(cell, grad_input, grad_output):
    return (grad_input[0],)


log.clear()
other = Net()
other.register_backward_hook(none_hook)
emit("backward_hook_none", ops.grad(other, (0, 1))(x, y))
emit("backward_hook_sizes", log)


class Outer(nn.Cell):
    def __init__(self):
        super().__init__()
        self.inner = Net()

    def construct(self, a):
        return self.inner(a, a) * 2.0


log.clear()
outer = Outer()
outer.inner.register_backward_hook(none_hook)
emit("inner_cell_hook", ops.grad(outer)(x))
emit("inner_cell_log", log)
bad = Net()
bad.register_backward_hook(short_hook)
expect_error("backward_hook_wrong_size", lambda: ops.grad(bad, (0, 1))(x, y),
             "The backward hook return value size is 1 not equal to expect grad input size 2")
expect_error("forward_hook_not_callable", lambda: net.register_forward_hook(3),
             "Expected a callable hook function, but got int")
emit_text("insert_repr_prefix", repr(insert).split("<")[0])
