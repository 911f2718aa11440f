"""Dropout1d/2d/3d, AlphaDropout, FeatureAlphaDropout: masks are random (streams differ from
torch's), so properties are checked: whole channels dropped, the scaling, the alpha-dropout
values and gradients, the dropped fraction, eval-mode identity, grad_fn names, warnings, errors."""
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

torch.manual_seed(0)
rng = np.random.default_rng(14)


def t(*shape, grad=True):
    return torch.tensor(rng.uniform(1.0, 2.0, size=shape).astype(np.float32), requires_grad=grad)


def channel_props(name, out, x, p):
    o = out.detach().numpy().reshape(out.shape[0], out.shape[1], -1) if out.dim() > 2 else None
    xv = x.detach().numpy().reshape(o.shape)
    dropped = np.all(o == 0, axis=-1)
    kept = np.all(np.isclose(o, xv / (1 - p)), axis=-1)
    emit(name + "_channelwise", bool(np.all(dropped | kept)))
    emit(name + "_shape", tuple(out.shape))
    emit_text(name + "_grad_fn", out.grad_fn.name())
    g, = torch.autograd.grad(out.sum(), x)
    emit(name + "_grad_is_mask", bool(np.allclose(g.numpy() * (1 - p), (out.detach() != 0).float().numpy())))
    return dropped


x3, x4, x5 = t(40, 50, 6), t(30, 40, 3, 2), t(20, 30, 2, 2, 2)
d = channel_props("d1", F.dropout1d(x3, 0.3), x3, 0.3)
emit("d1_fraction_ok", bool(0.25 < d.mean() < 0.35))
d = channel_props("d2", nn.Dropout2d(0.5)(x4), x4, 0.5)
emit("d2_fraction_ok", bool(0.45 < d.mean() < 0.55))
d = channel_props("d3", nn.Dropout3d(0.2)(x5), x5, 0.2)
emit("d3_fraction_ok", bool(0.15 < d.mean() < 0.25))
xu = t(50, 6)
out = nn.Dropout1d(0.4)(xu)
emit_text("d1_unbatched_grad_fn", out.grad_fn.name())
o = out.detach().numpy()
emit("d1_unbatched_rows", bool(np.all(np.all(o == 0, 1) | np.all(np.isclose(o, xu.detach().numpy() / 0.6), 1))))
out = nn.Dropout3d(0.4)(x5[0])
emit_text("d3_unbatched_grad_fn", out.grad_fn.name())
emit("d3_unbatched_shape", tuple(out.shape))

for name, m, x in [("d1", nn.Dropout1d(), x3), ("d2", nn.Dropout2d(), x4), ("d3", nn.Dropout3d(), x5),
                   ("ad", nn.AlphaDropout(), x3), ("fad", nn.FeatureAlphaDropout(), x4)]:
    m.eval()
    emit(name + "_eval_identity", m(x) is x)
emit("p0_identity", F.dropout2d(x4, 0.0) is x4)
emit("p1_zeros", bool((nn.Dropout2d(1.0)(x4) == 0).all()))

# alpha dropout: dropped units take a * alpha' * (p - 1), kept ones x * a + a * alpha' * p
alpha = 1.7580993408473766
for p in (0.2, 0.5):
    a = 1.0 / np.sqrt((alpha * alpha * p + 1) * (1 - p))
    x = t(200, 100)
    out = nn.AlphaDropout(p)(x)
    o, xv = out.detach().numpy().astype(np.float64), x.detach().numpy().astype(np.float64)
    kept = np.isclose(o, xv * a + a * alpha * p, rtol=1e-5)
    dropped = np.isclose(o, a * alpha * (p - 1), rtol=1e-5)
    emit(f"alpha_{p}_values", bool(np.all(kept | dropped)))
    emit(f"alpha_{p}_fraction_ok", bool(abs(dropped.mean() - p) < 0.03))
    emit_text(f"alpha_{p}_grad_fn", out.grad_fn.name())
    g, = torch.autograd.grad(out.sum(), x)
    emit(f"alpha_{p}_grad", bool(np.allclose(g.numpy(), np.where(kept & ~dropped, a, 0.0), rtol=1e-5)))
x = t(100, 80, 3)
out = nn.FeatureAlphaDropout(0.5)(x)
o, xv = out.detach().numpy().astype(np.float64), x.detach().numpy().astype(np.float64)
a = 1.0 / np.sqrt((alpha * alpha * 0.5 + 1) * 0.5)
whole_kept = np.all(np.isclose(o, xv * a + a * alpha * 0.5, rtol=1e-5), -1)
whole_dropped = np.all(np.isclose(o, a * alpha * -0.5, rtol=1e-5), -1)
emit("falpha_channelwise", bool(np.all(whole_kept | whole_dropped)))
emit("falpha_fraction_ok", bool(abs(whole_dropped.mean() - 0.5) < 0.05))
emit_text("falpha_grad_fn", out.grad_fn.name())
emit_text("alpha_p1_grad_fn", F.alpha_dropout(x, 1.0, training=True).grad_fn.name())
emit("alpha_default_not_training", F.alpha_dropout(x, 0.5) is x)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    nn.Dropout2d()(x3)
    nn.Dropout2d()(t(4, 5))
    nn.Dropout3d()(t(4, 5))
emit_text("warnings", [str(w.message) for w in caught])
expect_error("d1_rank", lambda: nn.Dropout1d()(t(5)), "dropout1d: Expected 2D or 3D input, but received a 1D input")
expect_error("d2_p", lambda: nn.Dropout2d(1.5), "dropout probability has to be between 0 and 1, but got 1.5")
expect_error("d1_p", lambda: F.dropout1d(x3, -0.1), "dropout probability has to be between 0 and 1")
expect_error("alpha_p", lambda: F.alpha_dropout(x3, 2.0), "dropout probability has to be between 0 and 1")
emit_text("reprs", [repr(m) for m in [nn.Dropout1d(), nn.Dropout2d(0.2), nn.Dropout3d(inplace=True),
                                      nn.AlphaDropout(0.1), nn.FeatureAlphaDropout()]])
