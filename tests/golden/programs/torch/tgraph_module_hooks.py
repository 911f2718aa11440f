"""Module.register_full_backward_hook / register_full_backward_pre_hook: what the hooks see,
replacements of grad_input / grad_output, inputs without grad, double backward."""
import warnings

import torch
from harness import emit, emit_text

m = torch.nn.Linear(2, 2)
with torch.no_grad():
    m.weight.copy_(torch.tensor([[1., 2.], [3., 4.]]))
    m.bias.copy_(torch.tensor([0.5, -0.5]))
x = torch.tensor([[1., -1.]], requires_grad=True)
log = []
pre = m.register_full_backward_pre_hook(lambda mod, go: (log.append(("pre", go[0].tolist())), (go[0] * 3,))[1])


def full(mod, gi, go):
    log.append(("full", gi[0].tolist(), go[0].tolist()))
    return (gi[0] + 1,)


h = m.register_full_backward_hook(full)
y = m(x)
emit_text("grad_fn", y.grad_fn.name())
emit("forward", y)
(y * torch.tensor([[1., 2.]])).sum().backward()
emit_text("log", log)
emit("x_grad", x.grad)
emit("w_grad", m.weight.grad)

pre.remove()
h.remove()
x.grad = None
m(x).sum().backward()
emit("after_remove", x.grad)

seen = []
m2 = torch.nn.Linear(2, 1)
m2.register_full_backward_hook(lambda mod, gi, go: seen.append([g is None for g in gi]))
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    m2(torch.ones(1, 2)).sum().backward()
emit_text("no_input_grad", seen)
emit("warned", any("no inputs require gradients" in str(x.message) for x in w))

counter = [0]
f = torch.nn.MSELoss()
f.register_full_backward_hook(lambda mod, gi, go: counter.__setitem__(0, counter[0] + 1))
a = torch.tensor([0.3, 0.7], requires_grad=True)
loss = f(a, torch.tensor([1., 0.]))
(ga,) = torch.autograd.grad(loss, a, create_graph=True)
emit("first_order", ga)
emit("count_after_first", counter[0])
(gga,) = torch.autograd.grad(ga.sum(), a)
emit("second_order", gga)
emit("count_after_second", counter[0])
