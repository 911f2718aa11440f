"""A second backward through freed saved tensors fails unless retain_graph; ops that save nothing work."""
import torch
from harness import emit, expect_error

x = torch.tensor([1., 2.], requires_grad=True)
m = torch.ones(2, 2, requires_grad=True)
cases = [("muls", lambda: x * 2), ("divs", lambda: x / 2), ("pows", lambda: x ** 2), ("T", lambda: m.T),
         ("mm", lambda: m @ m), ("mean", lambda: x.mean()), ("adds", lambda: x + 1), ("rdiv", lambda: 2 / x),
         ("exp", lambda: x.exp()), ("neg", lambda: -x), ("double", lambda: x.double()), ("index", lambda: x[0]),
         ("slice", lambda: x[1:]), ("sin", lambda: x.sin()), ("mv", lambda: m @ x), ("rsub", lambda: 1 - x)]
for name, f in cases:
    z = f().sum()
    z.backward()
    try:
        z.backward()
        emit(name, "ok")
    except RuntimeError as e:
        emit(name, "Trying to backward through the graph a second time" in str(e))
emit("x_grad", x.grad)
emit("m_grad", m.grad)

y = torch.tensor(3.0, requires_grad=True)
h = y * y
out = h.exp()
(g,) = torch.autograd.grad(out, h, retain_graph=True)
emit("g", g)
(g2,) = torch.autograd.grad(out, y)
emit("g2", g2)
expect_error("after_free", lambda: torch.autograd.grad(out, y), "Specify retain_graph=True")
