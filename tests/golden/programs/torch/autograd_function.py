"""torch.autograd.Function: ctx, saved tensors, needs_input_grad, non-differentiable outputs."""
import torch
from harness import emit, expect_error


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.save_for_backward(x)
        ctx.k = k
        return x * x * x * k

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 3 * x * x * ctx.k, None


x = torch.tensor([1., 2., 3.], requires_grad=True)
y = Cube.apply(x, 2.0)
emit("forward", y)
emit("requires_grad", [y.requires_grad, y.is_leaf])
y.sum().backward()
emit("grad", x.grad)
(g,) = torch.autograd.grad(Cube.apply(x, 1.0).sum(), x, create_graph=True)
emit("create_graph", [g, g.requires_grad])
(g2,) = torch.autograd.grad(g.sum(), x)
emit("second_order", g2)
emit("no_grad_input", Cube.apply(torch.tensor([2.]), 1.0).requires_grad)


class Straight(torch.autograd.Function):
    """Straight-through estimator: the gradient is not the forward's derivative."""

    @staticmethod
    def forward(ctx, x):
        return (x * 0).floor() + x * 0 + 1 if False else x * 0 + 5

    @staticmethod
    def backward(ctx, g):
        return g * 7


a = torch.tensor([1., 2.], requires_grad=True)
emit("custom_gradient", torch.autograd.grad(Straight.apply(a * 2).sum(), a))

needs = []


class Mul(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u, v):
        ctx.save_for_backward(u, v)
        return u * v

    @staticmethod
    def backward(ctx, g):
        needs.append(ctx.needs_input_grad)
        u, v = ctx.saved_tensors
        return g * v, g * u


p = torch.tensor([1., 2.], requires_grad=True)
q = torch.tensor([3., 4.])
Mul.apply(p, q).sum().backward()
emit("needs_input_grad", needs[0])
emit("mul_grad", p.grad)


class TwoOut(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u):
        big = u * 0 + 1
        ctx.mark_non_differentiable(big)
        return u * 2, big

    @staticmethod
    def backward(ctx, g, g_big):
        return g * 2


doubled, big = TwoOut.apply(p)
emit("non_differentiable", [doubled.requires_grad, big.requires_grad, big])

got = []


class Pair(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u):
        ctx.set_materialize_grads(False)
        return u * 2, u * 3

    @staticmethod
    def backward(ctx, ga, gb):
        got.append((ga is None, gb is None))
        return ga * 2 if ga is not None else None


first, second = Pair.apply(p)
emit("materialize_false_grad", torch.autograd.grad(first.sum(), p))
emit("materialize_false_seen", got)


class Wrong(torch.autograd.Function):
    @staticmethod
    def forward(ctx, u, v):
        return u * v

    @staticmethod
    def backward(ctx, g):
        return g


expect_error("wrong_count", lambda: Wrong.apply(p, p).sum().backward(), "returned an incorrect number of gradients")


class NewStyle(torch.autograd.Function):
    @staticmethod
    def forward(u):
        return u.sin()

    @staticmethod
    def setup_context(ctx, inputs, output):
        ctx.save_for_backward(inputs[0])

    @staticmethod
    def backward(ctx, g):
        (u,) = ctx.saved_tensors
        return g * u.cos()


emit("setup_context", torch.autograd.grad(NewStyle.apply(p).sum(), p))
