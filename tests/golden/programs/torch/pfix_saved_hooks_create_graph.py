"""saved_tensors_hooks around the ops of a create_graph backward: the gradient's graph saves what
its derivative formula reads (pow's ``grad * (3 * self.pow(2))`` saves ``self`` and ``grad``), so a
pack hook active during ``autograd.grad(..., create_graph=True)`` changes the second derivative."""
import torch
from harness import emit


def double(x):
    return 2 * x


def ident(x):
    return x


def second(hooks_forward, hooks_backward, fn):
    a = torch.tensor([0.5, -1.5, 2.0], requires_grad=True)
    if hooks_forward:
        with torch.autograd.graph.saved_tensors_hooks(double, ident):
            s = fn(a).sum()
    else:
        s = fn(a).sum()
    if hooks_backward:
        with torch.autograd.graph.saved_tensors_hooks(double, ident):
            g, = torch.autograd.grad(s, (a,), create_graph=True)
            g.sum().backward()
    else:
        g, = torch.autograd.grad(s, (a,), create_graph=True)
        g.sum().backward()
    return [g, a.grad]


for name, fn in [("cube", lambda a: a ** 3), ("sin", torch.sin), ("mul_self", lambda a: a * a)]:
    emit(f"{name}_none", second(False, False, fn))
    emit(f"{name}_forward", second(True, False, fn))
    emit(f"{name}_backward", second(False, True, fn))
    emit(f"{name}_both", second(True, True, fn))

# which values a create_graph gradient saved shows in the in-place check of its backward
from harness import expect_error  # noqa: E402


def modified_after(k):
    a = torch.tensor([1., 2.], requires_grad=True)
    b = torch.tensor([3., 4.], requires_grad=True)
    x = a.clone()
    y = [(x * b).sum(), (x * x).sum(), x.sin().sum(), (x ** 3).sum()][k]
    g, = torch.autograd.grad(y, x, create_graph=True)
    with torch.no_grad():
        x.add_(1)
    g.sum().backward()
    return [a.grad, b.grad]


emit("inplace_mul_other", modified_after(0))
emit("inplace_mul_self", modified_after(1))
expect_error("inplace_sin", lambda: modified_after(2), "modified by an inplace operation")
expect_error("inplace_cube", lambda: modified_after(3), "modified by an inplace operation")
