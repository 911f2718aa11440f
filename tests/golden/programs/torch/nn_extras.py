"""More of nn.functional: leaky_relu, elu, softplus (and their modules), one_hot, pad (all
modes), normalize (including an all-zero row): values, gradients, grad_fn names, reprs."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(13)


def check(name, out, *inputs):
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name())
    weights = torch.tensor(rng.normal(size=tuple(out.shape)).astype(np.float32))
    emit(name + "_grads", list(torch.autograd.grad((out * weights).sum(), inputs)))


x = torch.tensor([[-30.0, -2.0, -0.5, 0.0, 0.5, 2.0, 30.0]], requires_grad=True)
for name, fn in [("leaky_relu", F.leaky_relu), ("leaky_relu_02", lambda v: F.leaky_relu(v, 0.2)),
                 ("elu", F.elu), ("elu_alpha", lambda v: F.elu(v, alpha=0.5)), ("softplus", F.softplus),
                 ("softplus_beta", lambda v: F.softplus(v, beta=2.0, threshold=5.0)),
                 ("m_leaky", nn.LeakyReLU(0.1)), ("m_elu", nn.ELU()), ("m_softplus", nn.Softplus())]:
    check(name, fn(x), x)
emit_text("reprs", [repr(m) for m in [nn.LeakyReLU(), nn.LeakyReLU(0.2, inplace=True), nn.ELU(alpha=0.5),
                                      nn.Softplus(beta=2, threshold=10)]])

emit("one_hot", F.one_hot(torch.tensor([0, 2, 1, 2])))
emit("one_hot_classes", F.one_hot(torch.tensor([[0, 1], [1, 0]]), num_classes=4))
expect_error("one_hot_big", lambda: F.one_hot(torch.tensor([0, 5]), num_classes=3), "Class values must be smaller")

y = torch.tensor(rng.normal(size=(1, 2, 4, 5)).astype(np.float32), requires_grad=True)
check("pad_constant", F.pad(y, (1, 2)), y)
check("pad_constant_2d", F.pad(y, (1, 0, 2, 1), value=0.5), y)
check("pad_reflect", F.pad(y, (2, 1, 1, 2), mode="reflect"), y)
check("pad_replicate", F.pad(y, (2, 1, 1, 2), mode="replicate"), y)
check("pad_circular", F.pad(y, (1, 2, 2, 1), mode="circular"), y)
expect_error("pad_odd", lambda: F.pad(y, (1, 2, 3)), "Padding length must be divisible by 2")

z = torch.tensor([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0], [1.0, -2.0, 2.0]], requires_grad=True)
check("normalize", F.normalize(z), z)
check("normalize_dim0_p1", F.normalize(z, p=1.0, dim=0), z)
