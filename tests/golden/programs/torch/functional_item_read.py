"""autograd.functional transforms of a function that reads a value with .item() (torch reads it
and treats it as a constant): jacobian, hessian, hvp, vjp, jvp."""
import torch
from torch.autograd.functional import hessian, hvp, jacobian, jvp, vjp
from harness import emit


def f(x):
    scale = x.sum().item()
    return (x ** 3).sum() * scale


x = torch.tensor([1.0, 2.0, 0.5])
v = torch.tensor([1.0, -1.0, 2.0])
emit("jacobian", jacobian(f, x))
emit("hessian", hessian(f, x))
emit("hvp", hvp(f, x, v))
emit("vjp", vjp(f, x))
emit("jvp", jvp(f, x, v))
emit("jacobian_vectorized", jacobian(f, x, vectorize=True))
