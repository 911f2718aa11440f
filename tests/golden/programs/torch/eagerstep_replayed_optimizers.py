"""Eager training steps whose optimizer step is replayed from one recorded program per
structure (issue 17): the weights and state after steps where the structure changes (a
parameter without a gradient, a new learning rate, loaded state) match torch's; and the
F.linear / cross_entropy argument errors of the eager fast checks."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, expect_error

rng = np.random.default_rng(7)
X = torch.tensor(rng.normal(size=(6, 5)).astype(np.float32))
Y = torch.tensor(rng.integers(0, 3, 6))
W1 = rng.uniform(-0.4, 0.4, (4, 5)).astype(np.float32)
B1 = rng.uniform(-0.4, 0.4, 4).astype(np.float32)
W2 = rng.uniform(-0.4, 0.4, (3, 4)).astype(np.float32)
B2 = rng.uniform(-0.4, 0.4, 3).astype(np.float32)


def train(make, steps=7):
    model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
    with torch.no_grad():
        for p, v in zip(model.parameters(), (W1, B1, W2, B2)):
            p.copy_(torch.tensor(v))
    optimizer = make(model.parameters())
    losses = []
    for step in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(X), Y)
        loss.backward()
        if step == 2:
            model[0].bias.grad = None  # this step leaves one parameter as it is
        if step == 4:
            for group in optimizer.param_groups:
                group["lr"] *= 0.5
        if step == 5:  # the state reloaded: the step reads and writes the loaded tensors
            optimizer.load_state_dict(optimizer.state_dict())
        optimizer.step()
        losses.append(loss.item())
    return losses, [p.detach().clone() for p in model.parameters()], optimizer


for name, make in [
    ("sgd_momentum", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("adam", lambda p: torch.optim.Adam(p, lr=0.05)),
    ("adamw_amsgrad", lambda p: torch.optim.AdamW(p, lr=0.05, amsgrad=True)),
]:
    losses, params, optimizer = train(make)
    emit(f"{name}_losses", losses)
    emit(f"{name}_params", params)
    state = optimizer.state_dict()["state"]
    emit(f"{name}_state", [[state[i][k] for k in sorted(state[i])] for i in sorted(state)])

W = torch.randn(3, 4)
expect_error("linear_0d_input", lambda: F.linear(torch.tensor(1.0), W), "need to be at least 1D")
expect_error("linear_0d_weight", lambda: F.linear(torch.ones(2, 4), torch.tensor(1.0)), "need to be at least 1D")
expect_error("linear_shapes", lambda: F.linear(torch.ones(2, 5), W), "cannot be multiplied")
expect_error("linear_dtypes", lambda: F.linear(torch.ones(2, 4, dtype=torch.float64), W), "same dtype")
expect_error("ce_0d_target", lambda: F.cross_entropy(torch.ones(4, 3), torch.tensor(1)), "target batch_size (0)")
expect_error("ce_batch", lambda: F.cross_entropy(torch.ones(4, 3), torch.tensor([0, 1])), "target batch_size (2)")
expect_error("ce_target_dtype", lambda: F.cross_entropy(torch.ones(4, 3), torch.tensor([0, 1, 2, 1], dtype=torch.int32)),
             "Long or Byte")
