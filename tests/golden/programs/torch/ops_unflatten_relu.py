"""Tensor.unflatten / torch.unflatten, and nn.functional's relu and binary_cross_entropy checks."""
import torch
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

z = torch.arange(6.).reshape(2, 3).requires_grad_()
for name, sizes, dim in [("a", (3, 1), 1), ("b", (1, 3), -1), ("c", (-1, 1), 1), ("d", (2, 1, 1), 0)]:
    u = z.unflatten(dim, sizes)
    emit(f"unflatten_{name}", u)
    emit_text(f"unflatten_{name}_grad_fn", u.grad_fn.name())
emit("torch_unflatten", torch.unflatten(z, 1, (1, 3)))
expect_error("unflatten_bad", lambda: z.unflatten(1, (2, 2)),
             "unflatten: Provided sizes [2, 2] don't multiply up to the size of dim 1 (3) in the input tensor")
x = torch.tensor([-1.0, 0.0, 2.0], requires_grad=True)
y = F.relu(x)
y.sum().backward()
emit("relu", (y, x.grad))
emit_text("relu_grad_fn", y.grad_fn.name())
expect_error("relu_bool", lambda: F.relu(torch.tensor([True, False])), "Boolean inputs not supported for relu")
expect_error("bce_target_range", lambda: F.binary_cross_entropy(torch.tensor([0.5]), torch.tensor([1.5])),
             "all elements of target should be between 0 and 1")
