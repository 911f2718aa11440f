"""torch.autograd.function.once_differentiable: first-order gradients as written, the backward runs
without recording, and a second-order gradient through it raises torch's error."""
import torch
from torch.autograd import Function
from torch.autograd.function import once_differentiable
from harness import emit, expect_error

modes = []


class Square(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        modes.append(torch.is_grad_enabled())
        return g * 2 * x


x = torch.tensor([1.0, 2.0, -3.0], requires_grad=True)
Square.apply(x).sum().backward()
emit("first_order", x.grad)
(g,) = torch.autograd.grad(Square.apply(x * 1).sum(), x)
emit("grad", [g, g.requires_grad])
emit("backward_grad_mode", modes[:2])


def second_order():
    y = Square.apply(x * 1)
    (g,) = torch.autograd.grad(y, x, torch.ones(3, requires_grad=True), create_graph=True)
    g.sum().backward()


expect_error("second_order", second_order, "marked with @once_differentiable")
