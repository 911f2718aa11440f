"""The migration guide's torch example: z = x * x * y, by backward and by autograd.grad."""
import torch
from harness import emit, emit_text

x = torch.tensor(2., requires_grad=True)
y = torch.tensor(3., requires_grad=True)
z = x * x * y
emit_text("z_repr", repr(z))
z.backward()
emit("x_grad", x.grad)
emit("y_grad", y.grad)
emit_text("x_grad_repr", repr(x.grad))
emit_text("y_grad_repr", repr(y.grad))

x = torch.tensor(2.).requires_grad_()
y = torch.tensor(3.).requires_grad_()
z = x * x * y
grad_x = torch.autograd.grad(outputs=z, inputs=x)
emit("grad_x", grad_x)
emit_text("grad_x_repr", repr(grad_x[0]))
emit("is_tuple", isinstance(grad_x, tuple))
grads = torch.autograd.grad(x * x * y, [x, y])
emit("grads_xy", grads)
