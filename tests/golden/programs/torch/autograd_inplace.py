"""In-place ops on tensors that require grad: leaf errors, rebased history, version counters."""
import torch
from harness import emit, expect_error

x = torch.tensor([1., 2., 3.], requires_grad=True)
expect_error("leaf_inplace", lambda: x.add_(1), "a leaf Variable that requires grad is being used in an in-place operation.")
expect_error("leaf_iadd", lambda: x.__iadd__(1), "a leaf Variable that requires grad is being used in an in-place operation.")

y = x * 2
y.add_(1)
y.mul_(x)
emit("rebased_grad_fn", y.grad_fn.name())
emit("version", y._version)
y.sum().backward()
emit("grad_after_inplace", x.grad)

x.grad = None
z = x * 1
z += x
z *= 2
z.sum().backward()
emit("augmented", x.grad)

w = torch.tensor([1., 2.], requires_grad=True)
with torch.no_grad():
    w.mul_(3)
    w.sub_(1)
emit("leaf_nograd_update", [w, w.requires_grad, w.is_leaf, w._version])
(w * w).sum().backward()
emit("grad_after_update", w.grad)

e = w.exp()
e.add_(1)
expect_error("saved_output_modified", lambda: e.sum().backward(),
             "one of the variables needed for gradient computation has been modified by an inplace operation")
a = w * 2
b = a.sin()
a.mul_(2)
expect_error("saved_input_modified", lambda: b.sum().backward(),
             "one of the variables needed for gradient computation has been modified by an inplace operation")
p = torch.tensor([1., 2.], requires_grad=True)
q = torch.tensor([3., 4.], requires_grad=True)
r = p * q
with torch.no_grad():
    q.add_(1)
expect_error("leaf_saved_modified", lambda: r.sum().backward(),
             "one of the variables needed for gradient computation has been modified by an inplace operation")
s = (p + 1).sum()
with torch.no_grad():
    p.mul_(2)
s.backward()
emit("unsaved_leaf_modified_ok", p.grad)
u = p * 2
u.add_(5)
u.sum().backward()
emit("add_saves_nothing", p.grad)
d = p.detach()
d.zero_()
emit("detach_shares_version", [p._version, d._version])
