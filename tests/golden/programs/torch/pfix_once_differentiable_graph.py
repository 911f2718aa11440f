"""once_differentiable as torch: the backward runs under no_grad; with create_graph and a gradient
that requires grad, its outputs come from torch's ``Error`` node (inputs: detached copies that require
grad, None for a None output) and differentiating them raises; otherwise the gradients simply do not
require grad."""
import warnings

import torch
from torch.autograd.function import once_differentiable
from harness import emit, emit_text, expect_error

warnings.simplefilter("ignore")  # backward(create_graph=True)'s reference-cycle warning


def desc(fn):
    if fn is None:
        return "None"
    return fn.name().replace("torch::autograd::", "") + "(" + ", ".join(desc(n[0]) for n in fn.next_functions) + ")"


grad_modes = []


class MyFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, tensor1, pyscalar, tensor2):
        ctx.pyscalar = pyscalar
        ctx.save_for_backward(tensor1, tensor2)
        return tensor1 + pyscalar * tensor2 + tensor1 * tensor2

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_output):
        grad_modes.append(torch.is_grad_enabled())
        t1, t2 = ctx.saved_tensors
        return (grad_output + grad_output * t2, None, grad_output * ctx.pyscalar + grad_output * t1)


def inputs():
    return (torch.tensor([[1., 2.], [3., -1.]], requires_grad=True),
            torch.tensor([[0.5, 2.], [1., 4.]], requires_grad=True))


x, y = inputs()
go = torch.ones((), requires_grad=True)
MyFunction.apply(x, 2, y).sum().backward(go, create_graph=True)
emit("grads", [x.grad, y.grad])
emit_text("x_graph", desc(x.grad.grad_fn))
emit_text("y_graph", desc(y.grad.grad_fn))
err = x.grad.grad_fn.next_functions[1][0]
emit("shared_error_node", err is y.grad.grad_fn.next_functions[1][0])
emit("error_leaf", err.next_functions[0][0].variable)
expect_error("twice", lambda: x.grad.sum().backward(), "trying to differentiate twice")

x, y = inputs()
MyFunction.apply(x, 2, y).sum().backward(torch.ones(()), create_graph=True)
emit("plain_grads", [x.grad, y.grad, x.grad.requires_grad, x.grad.grad_fn is None])

x, y = inputs()
g = torch.autograd.grad(MyFunction.apply(x, 3, y).sum(), [x, y], create_graph=True)
emit("grad_create_graph", [g[0], g[1], g[0].requires_grad])
x, y = inputs()
MyFunction.apply(x, 2, y).sum().backward()
emit("eager", [x.grad, y.grad])
emit("grad_modes", grad_modes)


class MySquare(torch.autograd.Function):  # a non-tensor output: its gradient argument is None
    @staticmethod
    def forward(x):
        return x ** 2, x.item() * 2

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.two_x = output[1]

    @staticmethod
    @once_differentiable
    def backward(ctx, g, g_number):
        grad_modes.append(g_number is None)
        return g * ctx.two_x


s = torch.tensor(1.5, requires_grad=True)
out, two = MySquare.apply(s)
emit("non_tensor_output", [two, torch.autograd.grad(out, s)[0], grad_modes[-1]])
