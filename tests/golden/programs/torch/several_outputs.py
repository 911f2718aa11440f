"""Several outputs summed with grad_outputs; autograd.backward with grad_tensors."""
import torch
from harness import emit

w1 = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w2 = torch.tensor([0.5, 0.5, 0.5], requires_grad=True)
w3 = torch.tensor([-1.0, 0.0, 1.0], requires_grad=True)
w4 = torch.tensor([2.0, 2.0, 2.0], requires_grad=True)
z1 = w1 + w2 + w3
z2 = w3 * w4
grads = torch.autograd.grad([z1, z2], [w1, w2, w3, w4],
                            grad_outputs=[torch.tensor([2., 2., 3.]), torch.tensor([3., 2., 4.])], retain_graph=True)
emit("grads", grads)

torch.autograd.backward([z1.sum(), (z2 * z2).sum()])
emit("backward_grads", [w1.grad, w2.grad, w3.grad, w4.grad])

a = torch.tensor([1.0, -2.0], requires_grad=True)
torch.autograd.backward([a * 3, a * a], grad_tensors=[torch.tensor([1.0, 0.5]), torch.tensor([2.0, 1.0])])
emit("a_grad", a.grad)

b = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
(b * b).backward(torch.tensor([[1.0, 0.0], [0.5, 2.0]]))
emit("b_grad", b.grad)
