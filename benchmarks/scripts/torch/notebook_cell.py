# A notebook cell: a handful of tensor ops on fresh data, printed (the first thing a user types).
import torch

torch.manual_seed(0)
x = torch.randn(4, 3)
w = torch.randn(3, 2)
y = torch.softmax(x @ w, dim=1)
print(y)
print(y.sum(dim=0), y.argmax(dim=1))
print(torch.cat([x, x.abs()], dim=1).mean().item())
