"""torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp and their output structures."""
import torch
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vhp, vjp
from harness import emit

x = torch.tensor([1., 2., 3.])
y = torch.tensor([0.5, -1., 2.])


def f(t):
    return t.sin() * t


def two(a, b):
    return a * b, (a * a).sum()


def scalar(t):
    return (t ** 3).sum() + (t[0] * t[1])


emit("jacobian", jacobian(f, x))
emit("jacobian_forward", jacobian(f, x, strategy="forward-mode", vectorize=True))
emit("jacobian_tuple", jacobian(two, (x, y)))
emit("jacobian_vectorize", jacobian(f, x, vectorize=True))
emit("hessian", hessian(scalar, x))
emit("hessian_tuple", hessian(lambda a, b: (a * b * b).sum(), (x, y)))
emit("vjp", vjp(f, x, torch.tensor([1., 0., 2.])))
emit("vjp_scalar_default", vjp(scalar, x))
emit("vjp_tuple", vjp(two, (x, y), (torch.ones(3), torch.tensor(2.))))
emit("jvp", jvp(f, x, torch.tensor([1., 0., 2.])))
emit("jvp_tuple", jvp(two, (x, y), (torch.ones(3), torch.zeros(3))))
emit("hvp", hvp(scalar, x, torch.tensor([1., 1., 0.])))
emit("vhp", vhp(scalar, x, torch.tensor([1., 1., 0.])))

w = torch.tensor([1., 2., 3.], requires_grad=True)
J = jacobian(f, w, create_graph=True)
emit("create_graph", J.requires_grad)
(g,) = torch.autograd.grad(J.sum(), w)
emit("grad_of_jacobian", g)
emit("no_create_graph", jacobian(f, w).requires_grad)
