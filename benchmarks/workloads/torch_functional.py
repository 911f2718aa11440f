"""``torch.autograd.functional.jacobian`` and ``hessian`` with ``create_graph=True`` of a small
function of an 8-vector, one of each per step (issue 12, Speed: the autograd.functional tests).

Modes: ``loop`` (``vectorize=False``: torch runs one backward pass per output element) and
``vectorize`` (``vectorize=True``: torch's vmap over the basis). gradcompat computes both as
one ``jax.jacrev`` / ``jax.hessian`` of the traced function, built once per structure.
"""
import numpy as np
import torch

N = 8


def vector(x, w):
    """A small vector function: 4 ops."""
    return torch.tanh(x * w) * x.sum()


def scalar(x, w):
    """A small scalar function: 4 ops."""
    return (torch.sin(x * w) * x).sum()


def build(mode: str):
    if mode not in ("loop", "vectorize"):
        raise ValueError(f"unknown mode {mode!r}")
    vectorize = mode == "vectorize"
    x = torch.tensor(np.linspace(-1.0, 1.0, N), requires_grad=True)
    w = torch.tensor(np.linspace(0.5, 1.5, N))

    def step():
        jac = torch.autograd.functional.jacobian(lambda a: vector(a, w), x, create_graph=True, vectorize=vectorize)
        hess = torch.autograd.functional.hessian(lambda a: scalar(a, w), x, create_graph=True, vectorize=vectorize)
        return (jac.sum() + hess.sum()).item()
    return step
