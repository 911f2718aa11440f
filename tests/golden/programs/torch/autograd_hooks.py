"""Tensor.register_hook: hooks see and may replace gradients; handles remove them."""
import torch
from harness import emit

x = torch.tensor([1., 2.], requires_grad=True)
seen = []
h = x * 3
h.register_hook(lambda g: g * 10)
h.register_hook(lambda g: seen.append(g.clone()))
h.retain_grad()
(h * h).sum().backward()
emit("hooked_non_leaf_grad", h.grad)
emit("leaf_grad_through_hook", x.grad)
emit("seen", seen)

x.grad = None
handle = x.register_hook(lambda g: g * 100)
(x * x).sum().backward()
emit("leaf_hook", x.grad)
emit("leaf_hook_autograd_grad", torch.autograd.grad((x * x).sum(), x))
handle.remove()
x.grad = None
(x * x).sum().backward()
emit("after_remove", x.grad)

h2 = x * 3
h2.register_hook(lambda g: g + 1)
emit("grad_wrt_hooked", torch.autograd.grad((h2 * h2).sum(), h2, retain_graph=True))
emit("grad_through_hooked", torch.autograd.grad((h2 * h2).sum(), x))

a = torch.tensor([1., -1.], requires_grad=True)
b = a * 2
c = b * b
b.register_hook(lambda g: g * 0.5)
c.register_hook(lambda g: g * 3)
order = []
b.register_hook(lambda g: order.append("b"))
c.register_hook(lambda g: order.append("c"))
(c + b).sum().backward()
emit("chained", a.grad)
emit("order", order)
