# The migration guide's TensorFlow tf.gradients example, in PyTorch: the gradients of
# z1 = w1 + w2 + w3 and z2 = w3 + w4, weighted by grad_ys [2, 2, 3] and [3, 2, 4].
import torch

w1 = torch.zeros(3, requires_grad=True)
w2 = torch.zeros(3, requires_grad=True)
w3 = torch.zeros(3, requires_grad=True)
w4 = torch.zeros(3, requires_grad=True)
z1 = w1 + w2 + w3
z2 = w3 + w4
grads = torch.autograd.grad([z1, z2], [w1, w2, w3, w4],
                            grad_outputs=[torch.tensor([2., 2., 3.]), torch.tensor([3., 2., 4.])])
for g in grads:
    print(g)
print([g.numpy() for g in grads])
