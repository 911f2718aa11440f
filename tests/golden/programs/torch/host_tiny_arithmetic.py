"""Arithmetic on scalar-sized tensors (gradcompat runs these on the host, in numpy): the exact
bits torch gives (compared as int32 / int16 numpy views), subnormal results kept, overflow to inf
without warnings, integer wrap-around, and the gradients of a deep scalar chain."""
import warnings

import numpy as np
import torch
from harness import emit, emit_text

warnings.simplefilter("error", RuntimeWarning)  # numpy's overflow warnings must not leak

a = torch.tensor([1.1, -2.7, 3.3e-3, 7.0], dtype=torch.float32)
b = torch.tensor([0.3, 1.9, -4.1e5, 3.0], dtype=torch.float32)
for name, value in [("add", a + b), ("sub", a - b), ("mul", a * b), ("div", a / b),
                    ("scalar_mul", a * 1e-6), ("rdiv", 1.0 / b), ("chain", (a + b) * (a - b) / 3.0)]:
    emit(name + "_bits", value.numpy().view(np.int32))

h = torch.tensor([1.1, 2.3, 65000.0], dtype=torch.float16)
k = torch.tensor([3.7, 1e-3, 600.0], dtype=torch.float16)
emit("half_bits", torch.stack([h + k, h * k, h / k, h - k]).numpy().view(np.int16))

d = torch.tensor([0.1, 1e300], dtype=torch.float64)
emit("double", torch.stack([d + d, d * d, d / 3.0]))

tiny = torch.tensor([1e-39, 3e-45], dtype=torch.float32)
emit("subnormal_kept", (tiny * 1.0 > 0).tolist())
emit("subnormal_bits", (tiny * 0.5).numpy().view(np.int32))

big = torch.tensor([3e38], dtype=torch.float32)
emit("overflow", (big * 10.0).tolist())
emit("nan", ((big * 10.0) - (big * 10.0)).isnan().tolist())
emit("int_wrap", torch.tensor([2**62], dtype=torch.int64) * 4)
emit("int32_wrap", torch.tensor([2**31 - 1], dtype=torch.int32) + 1)
emit("promotion", [str((torch.tensor([1], dtype=torch.int32) * 2.5).dtype),
                   str((torch.tensor([1], dtype=torch.int64) / 2).dtype)])

x = torch.tensor([0.5], requires_grad=True)
y = x.clone()
for _ in range(300):
    y = y + y * 1e-3
emit("chain_value", y.detach())
y.backward()
emit("chain_grad", x.grad)

w = torch.tensor(2.0, requires_grad=True)
total = torch.tensor(0.0)
for i in range(20):
    total = total + w * float(i) - 0.5 / w
total.backward()
emit("accumulated", total.detach())
emit("accumulated_grad", w.grad)
emit_text("repr", repr(total))
