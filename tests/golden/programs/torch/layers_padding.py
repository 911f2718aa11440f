"""Padding modules (ZeroPad, ConstantPad, ReflectionPad, ReplicationPad, CircularPad in 1-3
dimensions): values, gradients, grad_fn names, attributes, reprs, errors."""
import numpy as np
import torch
import torch.nn as nn
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(19)


def t(*shape):
    return torch.tensor(rng.normal(size=shape).astype(np.float32), requires_grad=True)


def check(name, out, *inputs):
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name())
    w = torch.tensor(rng.normal(size=tuple(out.shape)).astype(np.float32))
    emit(name + "_grads", list(torch.autograd.grad((out * w).sum(), inputs)))


inputs = {1: t(2, 3, 5), 2: t(1, 2, 4, 5), 3: t(1, 1, 3, 4, 3)}
pads = {1: (2, 1), 2: (1, 2, 0, 3), 3: (1, 0, 2, 1, 0, 2)}
for n in (1, 2, 3):
    x = inputs[n]
    mods = [getattr(nn, f"ZeroPad{n}d")(pads[n]), getattr(nn, f"ConstantPad{n}d")(pads[n], 2.5),
            getattr(nn, f"ReflectionPad{n}d")(pads[n]), getattr(nn, f"ReplicationPad{n}d")(pads[n]),
            getattr(nn, f"CircularPad{n}d")(pads[n]), getattr(nn, f"ReflectionPad{n}d")(1)]
    for m in mods:
        check(f"{type(m).__name__}_{n}_{m.padding}", m(x), x)
    emit_text(f"reprs_{n}", [repr(m) for m in mods])
    emit(f"paddings_{n}", [m.padding for m in mods])
check("zeropad2d_negative", nn.ZeroPad2d((-1, 1, 0, -2))(inputs[2]), inputs[2])
check("reflect_unbatched", nn.ReflectionPad2d(1)(inputs[2][0]), inputs[2])
emit_text("reprs_more", [repr(nn.ZeroPad2d(1)), repr(nn.ConstantPad1d(2, 3.5)), repr(nn.ConstantPad3d(1, 0.0))])
expect_error("reflect_rank", lambda: nn.ReflectionPad2d(1)(t(3)), "Padding length should be less than or equal")
expect_error("reflect_big", lambda: nn.ReflectionPad1d(5)(inputs[1]), "Padding size should be less than")
expect_error("circular_rank", lambda: nn.CircularPad2d(1)(t(4, 4)), "expected 3D or 4D input (got 2D input)")
