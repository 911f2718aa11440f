"""Gradients reduce over broadcast dimensions, with scalars, 0-dim tensors and rows/columns."""
import torch
from harness import emit

m = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
row = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
col = torch.tensor([[2.0], [3.0]], requires_grad=True)
s = torch.tensor(1.5, requires_grad=True)
out = (m * row + col / s - row ** 2).sum()
out.backward()
emit("out", out)
emit("m_grad", m.grad)
emit("row_grad", row.grad)
emit("col_grad", col.grad)
emit("s_grad", s.grad)

x = torch.ones(2, 1, 3, requires_grad=True)
y = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0], [1.0, 0.0, -1.0]], requires_grad=True)
z = x * y
emit("z_shape", list(z.shape))
gx, gy = torch.autograd.grad(z, [x, y], grad_outputs=torch.ones(2, 4, 3) * 2)
emit("gx", gx)
emit("gy", gy)
