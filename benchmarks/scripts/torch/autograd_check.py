# Checking gradients by hand: torch.autograd.grad of a small function against finite differences,
# a second derivative (create_graph=True), and backward() into .grad (the autograd tutorial's idiom).
import torch

x = torch.linspace(-1.0, 1.0, 5, dtype=torch.float64, requires_grad=True)


def f(t):
    return (torch.sin(t) * t ** 2 + torch.exp(-t)).sum()


(g,) = torch.autograd.grad(f(x), x, create_graph=True)
eps = 1e-6
fd = torch.stack([(f(x.detach() + eps * e) - f(x.detach() - eps * e)) / (2 * eps)
                  for e in torch.eye(5, dtype=torch.float64)])
print("max |grad - fd| < 1e-6:", bool((g - fd).abs().max() < 1e-6))
(h,) = torch.autograd.grad(g.sum(), x)
print("second derivative", h.detach().numpy().round(4))

w = torch.ones(3, requires_grad=True)
loss = (w * torch.tensor([1.0, 2.0, 3.0])).pow(2).sum()
loss.backward()
print(w.grad)
print(torch.autograd.gradcheck(lambda t: (t.sin() * t).sum(), (x.detach().requires_grad_(),)))
