"""Gradients of x ** y at torch's special points: x == 0, y == 0, negative bases, scalar exponents."""
import torch
from harness import emit

for xv in [0.0, 2.0, -2.0]:
    for yv in [-0.5, 0.0, 1.5, 2.0]:
        x = torch.tensor(xv, dtype=torch.float64, requires_grad=True)
        y = torch.tensor(yv, dtype=torch.float64, requires_grad=True)
        emit(f"pow_{xv}_{yv}", (x ** y,) + torch.autograd.grad(x ** y, [x, y]))
x = torch.tensor([0.0, 2.0, -1.5], requires_grad=True)
for e in [0.0, 2.5, 2, -1, 0.5]:
    emit(f"scalar_exponent_{e}", torch.autograd.grad((x ** e).sum(), x))
y = torch.tensor([0.0, 1.0, -1.0], requires_grad=True)
emit("zero_base_tensor_exponent", torch.autograd.grad((torch.tensor(0.0) ** y).sum(), y))
