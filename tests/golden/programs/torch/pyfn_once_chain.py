"""Deep chains of custom Functions as an eager pass runs them (issue 12, Speed): a chain of
``once_differentiable`` Functions (backward once per node, grad mode off inside, gradients as
torch's), the same chain with ``create_graph=True`` (torch's Error node: differentiating again
raises), a Function whose output grad_fn has hooks or retains its gradient (each backward
still runs once), and the elementwise ops these backwards use
(a tensor times a 0-d tensor of one dtype, whole sums) with their dtypes and grad_fn names."""
import numpy as np
import torch
from torch.autograd.function import once_differentiable
from harness import emit, expect_error

calls = {"backward": 0, "grad_enabled": []}


class Once(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y, w):
        ctx.save_for_backward(y, w)
        return y * w

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        calls["backward"] += 1
        calls["grad_enabled"].append(torch.is_grad_enabled())
        y, w = ctx.saved_tensors
        return g * w, (g * y).sum()


x = torch.tensor(np.linspace(0.5, 1.0, 5, dtype=np.float32), requires_grad=True)
w = torch.tensor(np.float32(1.01), requires_grad=True)
y = x
for _ in range(60):
    y = Once.apply(y, w)
emit("once_value", y)
emit("once_grad_fn", type(y.grad_fn).__name__)
y.sum().backward(retain_graph=True)
emit("once_x_grad", x.grad)
emit("once_w_grad", w.grad)
emit("once_calls", calls["backward"])
emit("once_grad_mode_off", not any(calls["grad_enabled"]))
gx, gw = torch.autograd.grad(y.sum(), (x, w))  # the retained graph, through autograd.grad
emit("once_second_pass", [gx, gw])
emit("once_calls_after_two", calls["backward"])

# create_graph: the gradients come from torch's Error node; differentiating them raises
x.grad = w.grad = None
short = Once.apply(Once.apply(x, w), w)
(plain,) = torch.autograd.grad(short.sum(), x, create_graph=True)  # a seed that needs no grad: no Error node
emit("once_create_graph_plain", [plain, plain.requires_grad])
(gx,) = torch.autograd.grad(short.sum(), x, torch.ones((), requires_grad=True), create_graph=True)
emit("once_create_graph_grad", gx)
emit("once_create_graph_requires_grad", gx.requires_grad)
emit("once_create_graph_grad_fn", type(gx.grad_fn).__name__)
expect_error("once_twice", lambda: gx.sum().backward(), "differentiate twice")


class Plain(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y, w):
        ctx.save_for_backward(y, w)
        return y * w

    @staticmethod
    def backward(ctx, g):
        calls["plain"] += 1
        y, w = ctx.saved_tensors
        return g * w, (g * y).sum()


# a Function output whose grad_fn has hooks, in a chain: each backward runs once
calls["plain"] = 0
seen = []
a = Plain.apply(x, w)
a.grad_fn.register_prehook(lambda go: seen.append(("pre", go[0].sum().item())))
a.grad_fn.register_hook(lambda gi, go: seen.append(("post", gi[1].item())))
b = Plain.apply(a, w)
b.sum().backward()
emit("hooked_x_grad", x.grad)
emit("hooked_w_grad", w.grad)
emit("hooked_seen", seen)
emit("hooked_backward_calls", calls["plain"])

# an intermediate output that retains its gradient: each backward runs once too
x.grad = w.grad = None
calls["plain"] = 0
a = Plain.apply(x, w)
a.retain_grad()
c = Plain.apply(Plain.apply(a, w), w)
c.sum().backward()
emit("retained", [a.grad, x.grad, w.grad])
emit("retained_backward_calls", calls["plain"])

# the ops of these backwards: a tensor times a 0-d tensor of one dtype, either side; whole sums
v = torch.tensor(np.linspace(-1.0, 2.0, 6, dtype=np.float32), requires_grad=True)
s = torch.tensor(np.float32(0.3), requires_grad=True)
left, right = v * s, s * v
emit("mul_0d", [left, right, str(left.dtype), str(right.dtype), type(left.grad_fn).__name__])
added = v + s
emit("add_0d", [added, str(added.dtype), type(added.grad_fn).__name__])
whole = (left * right).sum()
emit("sum_whole", [whole, str(whole.dtype), type(whole.grad_fn).__name__])
emit("sum_whole_grads", list(torch.autograd.grad(whole, (v, s))))
i = torch.tensor([1, 2, 3], dtype=torch.int32)
k = torch.tensor(4, dtype=torch.int32)
emit("int_0d", [i * k, str((i * k).dtype), (i * k).sum(), str((i * k).sum().dtype)])
d = torch.tensor(np.float64(2.0))
emit("mixed_0d", [str((v * d).dtype), str((d * v).dtype), str((i * s).dtype)])
b16 = torch.tensor([True, False, True]).sum()
emit("bool_sum", [b16, str(b16.dtype)])
emit("half_sum", [torch.tensor([0.1, 0.2, 0.3], dtype=torch.float16).sum(),
                  str(torch.tensor([0.1, 0.2, 0.3], dtype=torch.float16).sum().dtype)])
