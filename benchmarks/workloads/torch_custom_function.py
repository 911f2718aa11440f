"""A small custom ``torch.autograd.Function`` applied many times (issue 12, Speed: the per-apply
cost behind torch's test_free_deep_graph_pyfunction): a 2,000-step chain ``y = Scale.apply(y, w)``
whose forward is ``y * w`` (saving both inputs) and whose backward returns ``grad * w``,
``(grad * y).sum()``.

Modes: ``apply`` builds the chain (2,000 applies that record autograd) and reads its value;
``step`` builds it and runs ``backward()`` through the 2,000 user backwards.
"""
import numpy as np
import torch

DEPTH = 2000


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y, w):
        ctx.save_for_backward(y, w)
        return y * w

    @staticmethod
    def backward(ctx, grad):
        y, w = ctx.saved_tensors
        return grad * w, (grad * y).sum()


def build(mode: str):
    if mode not in ("apply", "step"):
        raise ValueError(f"unknown mode {mode!r}")
    x = torch.tensor(np.linspace(0.5, 1.0, 8, dtype=np.float32), requires_grad=True)
    w = torch.tensor(np.float32(1.0001), requires_grad=True)

    def chain():
        y = x
        for _ in range(DEPTH):
            y = Scale.apply(y, w)
        return y.sum()

    def step():
        out = chain()
        if mode == "apply":
            return out.item()
        out.backward()
        value = w.grad.item()
        x.grad = w.grad = None
        return value
    return step
