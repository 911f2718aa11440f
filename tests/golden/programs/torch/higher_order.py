"""create_graph: second and third derivatives, and backward on a gradient."""
import torch
from harness import emit

x = torch.tensor(1.5, requires_grad=True)
y = x ** 3 + torch.sin(x) * x
(g,) = torch.autograd.grad(y, x, create_graph=True)
emit("g", g)
emit("g_requires_grad", g.requires_grad)
(g2,) = torch.autograd.grad(g, x, create_graph=True)
emit("g2", g2)
(g3,) = torch.autograd.grad(g2, x)
emit("g3", g3)
emit("g3_requires_grad", g3.requires_grad)

v = torch.tensor([1.0, 2.0], requires_grad=True)
w = torch.tensor([0.5, -1.0], requires_grad=True)
f = (v * v * w).sum()
(gv,) = torch.autograd.grad(f, v, create_graph=True)
(gv * gv).sum().backward()
emit("v_grad", v.grad)
emit("w_grad", w.grad)

u = torch.tensor([0.5, 1.0], requires_grad=True)
(u.exp() * u).sum().backward(create_graph=True)
emit("u_grad", u.grad)
emit("u_grad_requires_grad", u.grad.requires_grad)
