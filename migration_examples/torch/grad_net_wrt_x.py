# The migration guide's MindSpore GradNetWrtX example, in idiomatic PyTorch:
# out = (x * z) @ y with a parameter z, gradient w.r.t. x with an all-ones sensitivity.
import torch

z = torch.tensor([1.0], requires_grad=True)


def net(x, y):
    x = x * z
    out = torch.matmul(x, y)
    return out


x = torch.tensor([[0.5, 0.6, 0.4], [1.2, 1.3, 1.1]], dtype=torch.float32, requires_grad=True)
y = torch.tensor([[0.01, 0.3, 1.1], [0.1, 0.2, 1.3], [2.1, 1.2, 3.3]], dtype=torch.float32)
out = net(x, y)
output = torch.autograd.grad(out, x, grad_outputs=torch.ones_like(out))[0]
print(output)
