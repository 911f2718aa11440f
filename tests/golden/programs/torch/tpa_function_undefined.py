"""Custom autograd.Function edge cases: a backward returning None gives None gradients (not
zeros), torch's mark_dirty checks, anomaly mode's messages for a NaN in a nested custom backward,
calling a grad_fn, and materialize_grads zeros that can be differentiated again."""
import warnings

import torch
from harness import emit, emit_text, expect_error


class NoGrad(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return None


x = torch.ones(2, requires_grad=True)
NoGrad.apply(x).sum().backward()
emit("none_backward_grad_is_none", x.grad is None)
NoGrad.apply(x ** 2).sum().backward()
emit("none_through_pow", x.grad is None)
emit("grad_allow_unused", torch.autograd.grad(NoGrad.apply(x).sum(), x, allow_unused=True)[0] is None)
(NoGrad.apply(x) * 3 + x).sum().backward()
emit("other_path_defined", x.grad)


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.mark_dirty(a)
        return a.mul_(2)

    @staticmethod
    def backward(ctx, g):
        return g * 2, None


a = torch.tensor([1., 3.], requires_grad=True)
b = torch.tensor(1., requires_grad=True)
Scale.apply(a.clone()[:], b).sum().backward()
emit("dirty_view_grads", [a.grad, b.grad is None])


class MarkForeign(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a):
        c = 3 * a
        ctx.mark_dirty(c)
        return c

    @staticmethod
    def backward(ctx, g):
        return 3 * g


with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    MarkForeign.apply(a.clone())
emit_text("foreign_dirty_warning", [str(m.message).split(" (Triggered")[0] for m in w])


class NotReturned(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        a.add_(b)
        ctx.mark_dirty(a)
        return a.clone(), a + b

    @staticmethod
    def backward(ctx, ga, gb):
        return ga, gb


expect_error("dirty_not_returned", lambda: NotReturned.apply(a.clone(), b),
             "Some elements marked as dirty during the forward method were not returned as output")


class TwoOut(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        a.add_(b)
        ctx.mark_dirty(a)
        return a, a + b

    @staticmethod
    def backward(ctx, ga, gb):
        return ga + gb, ga + gb


expect_error("dirty_view_two_outputs", lambda: TwoOut.apply(a.clone().view_as(a), b),
             "your Function cannot return more than one Tensor")
c, d = TwoOut.apply(a.clone(), b)
c += 2
(c * d).sum().backward()
emit("two_out_grads", [a.grad, b.grad])


class Outer(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, flag):
        ctx.flag = flag
        ctx.save_for_backward(x)
        return x.sum(0, keepdim=True)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        g = g.clone().expand(4)
        return Inner.apply(g * x, g + x, ctx.flag), None


class Inner(torch.autograd.Function):
    @staticmethod
    def forward(ctx, p, q, flag):
        ctx.flag = flag
        return p * 2.0 + q

    @staticmethod
    def backward(ctx, g):
        g1, g2 = g.clone(), g.clone()
        g1[0] = 0
        g2[0] = 0
        if ctx.flag:
            g1[0] /= 0
        return g1, g2, None


v = torch.tensor([1., 2., 3., 4.], requires_grad=True)
for _ in range(2):  # a second double backward through the same Functions
    (gv,) = torch.autograd.grad(Outer.apply(v, False), (v,), create_graph=True)
    gv.sum().backward()
emit("double_backward_twice", v.grad)
(gv,) = torch.autograd.grad(Outer.apply(v, True), (v,), create_graph=True)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    expect_error("anomaly_nan", lambda: torch.autograd.detect_anomaly().__enter__() or gv.sum().backward(),
                 "returned nan values in its 0th output")
    torch.autograd.set_detect_anomaly(False)
emit_text("anomaly_warning", [str(m.message).split(" (Triggered")[0] for m in w][-1])

y = torch.tensor([1., 2.], requires_grad=True)
z = y ** 2
expect_error("grad_fn_too_many", lambda: z.grad_fn(y.detach(), y.detach()), "expected 1 arguments, got 2 instead")
expect_error("grad_fn_too_few", lambda: z.grad_fn(), "expected 1 arguments, got 0 instead")
emit("grad_fn_call", z.grad_fn(torch.ones(2)))

p = torch.tensor(0.5, requires_grad=True)
q = torch.tensor(1.5, requires_grad=True)
(dp,) = torch.autograd.grad(p * q, p, create_graph=True)
(d2,) = torch.autograd.grad(dp, p, create_graph=True, materialize_grads=True)
emit("materialized", [d2, d2.requires_grad])
emit("third", torch.autograd.grad(d2, p, materialize_grads=True)[0])
