"""A small end-to-end training loop (linear regression, plain gradient descent, 50 steps):
the final loss and weights."""
from harness import emit, emit_text
import numpy as np
import torch
rng = np.random.default_rng(0)
X = torch.tensor(rng.normal(size=(32, 4)).astype(np.float32))
w_true = torch.tensor([[1.0], [-2.0], [0.5], [3.0]])
y = X @ w_true + 0.1
w = torch.zeros(4, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
for step in range(50):
    pred = X @ w + b
    loss = ((pred - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
    w.grad.zero_()
    b.grad.zero_()
emit("loss", loss)
emit("w", w)
emit("b", b)
emit_text("loss_repr_dtype", loss.dtype)
