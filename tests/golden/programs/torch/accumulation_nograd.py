""".grad accumulates across backward calls; no_grad / enable_grad / detach; in-place updates."""
import torch
from harness import emit, emit_text

x = torch.tensor([1.0, 2.0], requires_grad=True)
(x * x).sum().backward()
emit("first", x.grad)
(x * 3).sum().backward()
emit("accumulated", x.grad)
x.grad = None
(x * 5).sum().backward()
emit("after_reset", x.grad)
x.grad.zero_()
emit("zeroed", x.grad)

with torch.no_grad():
    y = x * 2
    emit("inside_enabled", torch.is_grad_enabled())
    with torch.enable_grad():
        z = x * 2
emit("y_requires_grad", y.requires_grad)
emit("y_is_leaf", y.is_leaf)
emit("y_grad_fn_none", y.grad_fn is None)
emit("z_requires_grad", z.requires_grad)
emit("enabled", torch.is_grad_enabled())
d = (x * 2).detach()
emit("detach_requires_grad", d.requires_grad)
emit("detach_is_leaf", d.is_leaf)
emit_text("detach_repr", repr(d))


@torch.no_grad()
def step():
    return x * 10


emit("decorated_requires_grad", step().requires_grad)

w = torch.tensor([1.0, -1.0], requires_grad=True)
for _ in range(3):
    loss = ((w * torch.tensor([2.0, 3.0]) - 1.0) ** 2).sum()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
    w.grad.zero_()
emit("trained_w", w)
emit("w_is_leaf", w.is_leaf)
emit("w_requires_grad", w.requires_grad)
