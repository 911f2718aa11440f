"""A custom Function's backward in an eager backward pass: run once per node, in the order of
the pass, with the very ctx its forward filled (forward not run again); gradients reaching one
input through many nodes summed; set_materialize_grads(False); a broadcast gradient summed to
its input's shape; retain_graph; an error raised in backward reaching the caller as itself."""
import numpy as np
import torch
from harness import emit, expect_error

calls = {"forward": 0, "backward": 0}
ctxs, order = [], []


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y, w):
        calls["forward"] += 1
        ctx.save_for_backward(y, w)
        ctx.tag = calls["forward"]
        ctxs.append(ctx)
        return y * w

    @staticmethod
    def backward(ctx, g):
        calls["backward"] += 1
        order.append(ctx.tag)
        ctx.seen_in_backward = ctx in ctxs  # the forward's own ctx object
        y, w = ctx.saved_tensors
        return g * w, (g * y).sum()


x = torch.tensor(np.linspace(0.5, 1.0, 4, dtype=np.float32), requires_grad=True)
w = torch.tensor(np.float32(1.01), requires_grad=True)
y = x
for _ in range(40):
    y = Scale.apply(y, w)
emit("chain_value", y)
y.sum().backward(retain_graph=True)
emit("chain_x_grad", x.grad)
emit("chain_w_grad", w.grad)
emit("calls_after_one_pass", dict(calls))
emit("order_first_last", [order[0], order[-1], len(order)])
emit("same_ctx", all(getattr(c, "seen_in_backward", False) for c in ctxs))
(gw,) = torch.autograd.grad(y.sum(), w)  # the retained graph, a second time
emit("second_pass_w_grad", gw)
emit("calls_after_two_passes", dict(calls))


class Two(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        ctx.set_materialize_grads(False)
        return a * 2, a * 3

    @staticmethod
    def backward(ctx, g1, g2):
        ctx.got = (g1 is None, g2 is None)
        total = None
        for g, k in ((g1, 2.0), (g2, 3.0)):
            if g is not None:
                total = g * k if total is None else total + g * k
        Two.got = ctx.got
        return total


a = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
p, q = Two.apply(a)
(p * p).sum().backward()
emit("two_outputs_grad", a.grad)
emit("two_outputs_none", list(Two.got))


class Broadcast(torch.autograd.Function):
    @staticmethod
    def forward(ctx, b, m):
        return m + b

    @staticmethod
    def backward(ctx, g):
        return g, g  # g has m's shape (3, 4): torch sums it to b's shape (4,)


b = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
m = torch.ones(3, 4, requires_grad=True)
(Broadcast.apply(b, m) * torch.arange(12.0).reshape(3, 4)).sum().backward()
emit("broadcast_b_grad", b.grad)
emit("broadcast_m_grad", m.grad)


class Boom(torch.autograd.Function):
    @staticmethod
    def forward(ctx, t):
        return t.clone()

    @staticmethod
    def backward(ctx, g):
        raise ValueError("boom in backward")


expect_error("error_in_backward", lambda: Boom.apply(torch.ones(2, requires_grad=True)).sum().backward(),
             "boom in backward")
