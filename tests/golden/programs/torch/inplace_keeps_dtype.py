"""In-place ops keep the tensor's dtype (the promoted result is cast back, recorded or not),
gradients flow through the cast, and torch's can_cast error for float into an integer tensor."""
import torch
from harness import emit, expect_error

a = torch.tensor([1.0, 2.0], requires_grad=True)
y = a * 1
y += torch.tensor([0.1, 0.2], dtype=torch.float64) * 3
emit("recorded_add", y.detach())
emit("recorded_dtype", str(y.dtype))
emit("grad_fn", y.grad_fn.name())
y.sum().backward()
emit("a_grad", a.grad)

w = torch.tensor([1.5, 2.5], dtype=torch.float64, requires_grad=True)
z = a * 1
z.mul_(w)
emit("mul_dtype", str(z.dtype))
z.sum().backward()
emit("w_grad", w.grad)
emit("w_grad_dtype", str(w.grad.dtype))

b = torch.ones(2)
b += torch.ones(2, dtype=torch.float64) / 3
emit("plain", b)
emit("plain_dtype", str(b.dtype))

h = torch.ones(2, dtype=torch.float16)
h.add_(torch.ones(2) / 3)
emit("half", h)
emit("half_dtype", str(h.dtype))

i = torch.ones(2, dtype=torch.int32)
i *= torch.tensor([3, 4], dtype=torch.int64)
emit("int_dtype", str(i.dtype))
emit("int", i)


def float_into_long():
    t = torch.ones(2, dtype=torch.int64)
    t += 0.5


def int_into_bool():
    t = torch.ones(2, dtype=torch.bool)
    t.add_(torch.ones(2, dtype=torch.int64))


expect_error("float_into_long", float_into_long, "can't be cast to the desired output type Long")
expect_error("int_into_bool", int_into_bool, "can't be cast to the desired output type Bool")
