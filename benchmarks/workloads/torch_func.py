"""``torch.func`` per-sample gradients (the PyTorch tutorial's idiom): ``vmap(grad(loss))`` over
a ``functional_call`` of a small MLP, batch 64, one call per step; and ``grad`` of the batch
loss, one call per step (an SGD loop on torch.func gradients).

gradcompat traces the function at every call (torch runs its Python every call too) and
replays one compiled program per traced structure.
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call, grad, vmap

BATCH, IN, HIDDEN, OUT = 64, 32, 64, 10


def build(mode: str):
    if mode not in ("per_sample", "grad"):
        raise ValueError(f"unknown mode {mode!r}")
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(IN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, OUT))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.tensor(rng.normal(scale=0.1, size=p.shape), dtype=torch.float32))
    params = {k: v.detach() for k, v in model.named_parameters()}
    x = torch.tensor(rng.normal(size=(BATCH, IN)), dtype=torch.float32)
    y = torch.tensor(rng.integers(0, OUT, size=BATCH))

    def loss(p, xb, yb):
        return F.cross_entropy(functional_call(model, p, (xb,)), yb)

    if mode == "per_sample":
        per_sample = vmap(grad(lambda p, xi, yi: loss(p, xi.unsqueeze(0), yi.unsqueeze(0))), in_dims=(None, 0, 0))
        return lambda: float(per_sample(params, x, y)["0.weight"].sum())
    g = grad(loss)
    return lambda: float(g(params, x, y)["0.weight"].sum())
