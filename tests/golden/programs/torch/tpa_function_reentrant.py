"""Reentrant backward: a custom Function whose forward builds a graph under enable_grad (kept on
ctx) and whose backward runs .backward() on it, nested, as torch's engine allows."""
import numpy as np
import torch
from harness import emit

rng = np.random.default_rng(0)
y_data = torch.tensor(rng.standard_normal((2, 2)), dtype=torch.float32)


class Reenter(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        with torch.enable_grad():
            ctx.x = x.detach().requires_grad_()
            ctx.out = ctx.x * y_data
        return ctx.out.detach()

    @staticmethod
    def backward(ctx, g):
        with torch.enable_grad():
            ctx.out.sum().backward()
        return ctx.x.grad * g


x = torch.tensor(rng.standard_normal((2, 2)), dtype=torch.float32, requires_grad=True)
for step in range(2):  # a second call (a training loop's next step)
    out = Reenter.apply(x)
    emit(f"forward_{step}", out)
    (out * 3).sum().backward()
    emit(f"grad_{step}", x.grad)
(g,) = torch.autograd.grad(Reenter.apply(x).sum(), x)
emit("autograd_grad", g)

order = []


class Plain(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x

    @staticmethod
    def backward(ctx, g):
        order.append("Plain")
        return g


class Countdown(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        with torch.enable_grad():
            ctx.x = x.detach().requires_grad_() - 1
        return ctx.x.detach()

    @staticmethod
    def backward(ctx, g):
        order.append("Countdown")
        if ctx.x < 0:
            return g
        with torch.enable_grad():
            Countdown.apply(ctx.x).backward()
        return g * 2


a = Plain.apply(torch.tensor(6.0, requires_grad=True))
b0 = torch.tensor(4.0, requires_grad=True)
(a * Countdown.apply(b0)).backward()
emit("order", order)
emit("countdown_grad", b0.grad)

deep = torch.tensor(60.0, requires_grad=True)
Countdown.apply(deep).sum().backward()
emit("deep_grad", deep.grad)
emit("deep_calls", len(order))
