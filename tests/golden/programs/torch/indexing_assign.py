"""Index assignment and in-place ops: values, gradients through them, torch's leaf error."""
import torch
from harness import emit, emit_text, expect_error

z = torch.zeros(3, 4)
z[0] = 1.0
z[1, 2] = 5
z[:, 3] = torch.tensor([7.0, 8.0, 9.0])
z[torch.tensor([2, 2]), torch.tensor([0, 1])] = -1.0
z[z > 8] = 0.5
z[..., 1:3] += 100
emit("assigned", z)
i = torch.arange(6)
i[2:4] = torch.tensor([-1, -2])
i[i < 0] = 0
i[0] = 3.7  # cast to the tensor's dtype
emit("assigned_int", i)

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = w * 2
h[1] = 0.0
emit("after_setitem", h)
emit_text("setitem_grad_fn", h.grad_fn.name())
emit("setitem_grad", torch.autograd.grad(h.sum(), w)[0])
v = torch.tensor([4.0, 5.0], requires_grad=True)
k = w * 1
k[torch.tensor([0, 2])] = v * v
emit("setitem_value_grads", torch.autograd.grad(k.sum(), [w, v]))
expect_error("setitem_leaf", lambda: w.__setitem__(0, 1.0),
             "a leaf Variable that requires grad is being used in an in-place operation")

ops = {
    "add_": lambda t: t.add_(torch.tensor([1.0, 2.0, 3.0])), "add_alpha": lambda t: t.add_(1.0, alpha=3),
    "sub_": lambda t: t.sub_(0.5), "mul_": lambda t: t.mul_(torch.tensor([3.0, -1.0, 0.5])), "div_": lambda t: t.div_(2.0),
    "zero_": lambda t: t.zero_(), "fill_": lambda t: t.fill_(2.5), "copy_": lambda t: t.copy_(torch.tensor([9.0, 8.0, 7.0])),
    "clamp_": lambda t: t.clamp_(2.5, 4.0), "clamp_min_": lambda t: t.clamp_(min=3.0), "exp_": lambda t: t.exp_(),
    "iadd": lambda t: t.__iadd__(1.0), "imul": lambda t: t.__imul__(torch.tensor([2.0, 0.0, 1.0])),
    "masked_fill_": lambda t: t.masked_fill_(t > 4, 0.0),
}
for name, f in ops.items():
    t = w * 2
    out = f(t)
    emit(name, t)
    emit(name + "_returns_self", out is t)
    emit(name + "_grad", torch.autograd.grad(t.sum(), w, allow_unused=True)[0])
    plain = torch.tensor([1.0, 2.0, 3.0])
    f(plain)
    emit(name + "_plain", plain)
    expect_error(name + "_leaf", lambda: f(w), "a leaf Variable that requires grad is being used in an in-place operation")

with torch.no_grad():
    p = torch.tensor([1.0, 2.0], requires_grad=True)
    p.add_(1.0)
    p.mul_(2.0)
    p[0] = 10.0
    p.copy_(p * 3)
emit("no_grad_updates", p.detach())
emit_text("no_grad_still_leaf", (p.is_leaf, p.requires_grad))
c = torch.tensor([1, 2, 3])
c.copy_(torch.tensor([1.9, -2.9, 3.5]))
emit("copy_cast", c)
d = torch.zeros(2, 3)
d.copy_(torch.tensor([1.0, 2.0, 3.0]))
emit("copy_broadcast", d)
e = torch.ones(3)
e.fill_(torch.tensor(4.0))
emit("fill_tensor", e)
