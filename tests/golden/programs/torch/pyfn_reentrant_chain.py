"""Reentrant custom Functions in an eager pass (issue 12, Speed): forward keeps a graph on ctx
(built under enable_grad) and backward differentiates it with autograd.grad / backward(); a chain
of them (each backward once, in the pass's order), and a backward that nests a pass running the
next one, deeper than the engine's own stack allows (torch escapes to a fresh thread)."""
import numpy as np
import torch
from harness import emit

order = []


class Square(torch.autograd.Function):
    """y = x * x, its gradient from the graph it kept on ctx."""

    @staticmethod
    def forward(ctx, x, tag):
        with torch.enable_grad():
            ctx.inner = x.detach().requires_grad_()
            ctx.out = ctx.inner * ctx.inner
        ctx.tag = tag
        return ctx.out.detach()

    @staticmethod
    def backward(ctx, g):
        order.append(ctx.tag)
        with torch.enable_grad():
            (gi,) = torch.autograd.grad(ctx.out, ctx.inner, g)
        return gi, None


x = torch.tensor(np.linspace(0.9, 1.1, 3, dtype=np.float32), requires_grad=True)
w = torch.tensor(np.float32(0.999), requires_grad=True)
y = x
for k in range(12):
    y = Square.apply(y * w, k)
emit("reentrant_value", y)
y.sum().backward()
emit("reentrant_x_grad", x.grad)
emit("reentrant_w_grad", w.grad)
emit("reentrant_order", order)


class Deep(torch.autograd.Function):
    """Each backward runs a backward pass through a fresh Deep until ctx.x drops below 0."""

    @staticmethod
    def forward(ctx, x):
        with torch.enable_grad():
            ctx.x = x.detach().requires_grad_()
            ctx.x = ctx.x - 1
        return ctx.x.detach()

    @staticmethod
    def backward(ctx, g):
        order.append(float(ctx.x))
        if ctx.x < 0:
            return g
        with torch.enable_grad():
            Deep.apply(ctx.x).sum().backward()
        return g


order.clear()
v = torch.tensor(40.0, requires_grad=True)
Deep.apply(v).sum().backward()
emit("deep_grad", v.grad)
emit("deep_levels", [len(order), order[0], order[-1]])
