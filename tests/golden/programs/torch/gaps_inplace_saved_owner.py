"""After an in-place op (``y += 1``, ``y.mul_(3)``, an in-place op on a view of ``y``), the
tensor object a later op saves is ``y`` itself: ``grad_fn._saved_self is y``."""
import torch
from harness import emit, emit_text

x = torch.tensor([1.0, 2.0], requires_grad=True)
k = torch.tensor([3.0, 4.0], requires_grad=True)
y = x * 2
y += 1
z = y * k
emit_text("iadd_saved_self", z.grad_fn._saved_self is y)
emit_text("iadd_saved_other", z.grad_fn._saved_other is k)
y2 = x * 2
y2.mul_(3)
w = y2.sin()
emit_text("mul__saved_self", w.grad_fn._saved_self is y2)
y3 = x * 2
y3 += 1
y3 *= 2
z3 = y3 * y3
emit_text("twice_saved", (z3.grad_fn._saved_self is y3, z3.grad_fn._saved_other is y3))
y4 = x.clone()
y4.add_(1)
emit_text("clone_add_", (y4 * k).grad_fn._saved_self is y4)
e = x.exp()
e.add_(1)
emit_text("exp_add_", e.sin().grad_fn._saved_self is e)
h = x.to(torch.float16) * 2
h += torch.tensor([1.0, 1.0])  # a float32 result cast back to float16
emit_text("cast_back_mul", (h * h).grad_fn._saved_self is h)
y6 = x * 2
v = y6[0:1]
v.mul_(2)
emit_text("base_after_view_inplace", (y6 * k).grad_fn._saved_self is y6)
emit_text("view_after_inplace", (v * k[:1]).grad_fn._saved_self is v)
# the values and gradients stay as before
loss = z.sum() + w.sum() + z3.sum() + (y6 * k).sum()
emit("grads", torch.autograd.grad(loss, [x, k]))
