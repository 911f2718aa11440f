"""nn.utils.parametrize (register / remove / cached / is_parametrized), parametrizations
weight_norm / spectral_norm / orthogonal, legacy nn.utils.weight_norm / spectral_norm:
parameter names, state_dict keys, values and gradients (spectral norm's power-iteration
vectors loaded explicitly), reprs, warnings, errors."""
import warnings

import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils import parametrize
from torch.nn.utils import parametrizations as P
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(17)


def arr(*shape):
    return torch.tensor(rng.normal(size=shape).astype(np.float32))


def load(m):
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(arr(*p.shape))
    return m


def grads(name, out, params):
    w = arr(*out.shape)
    emit(name + "_grads", list(torch.autograd.grad((out * w).sum(), params, allow_unused=True)))


class Symmetric(nn.Module):
    def forward(self, X):
        return X.triu() + X.triu(1).transpose(0, 1)


class Scale(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c

    def forward(self, X):
        return X * self.c

    def right_inverse(self, Y):
        return Y / self.c


x = arr(5, 3)
# a user parametrization
m = load(nn.Linear(3, 3))
w0 = m.weight.detach().clone()
parametrize.register_parametrization(m, "weight", Symmetric())
emit_text("sym_repr", repr(m))
emit_text("sym_type", type(m).__name__)
emit_text("sym_keys", list(m.state_dict().keys()))
emit_text("sym_names", [n for n, _ in m.named_parameters()])
emit("sym_weight", m.weight)
emit_text("sym_weight_grad_fn", m.weight.grad_fn.name())
emit("sym_original_is_param", m.parametrizations.weight.original is not None)
out = m(x)
emit("sym_out", out)
grads("sym", out, [m.parametrizations.weight.original, m.bias])
emit("is_parametrized", [parametrize.is_parametrized(m), parametrize.is_parametrized(m, "weight"),
                         parametrize.is_parametrized(m, "bias"), parametrize.is_parametrized(nn.Linear(2, 2))])
emit_text("type_before", parametrize.type_before_parametrizations(m).__name__)
with parametrize.cached():
    a, b = m.weight, m.weight
    emit("cached_same", a is b)
emit("uncached_differ", m.weight is not m.weight)
# a second parametrization on the same tensor, and assignment through right_inverse
m2 = load(nn.Linear(3, 4))
parametrize.register_parametrization(m2, "weight", Scale(2.0))
parametrize.register_parametrization(m2, "weight", Scale(3.0))
emit_text("two_repr", repr(m2))
target = arr(4, 3)
m2.weight = target
emit("two_weight_after_set", m2.weight)
emit("two_original_after_set", m2.parametrizations.weight.original)
grads("two", m2(x), [m2.parametrizations.weight.original])
parametrize.remove_parametrizations(m2, "weight", leave_parametrized=False)
emit("removed_original", m2.weight)
emit_text("removed_type", type(m2).__name__)
emit_text("removed_keys", list(m2.state_dict().keys()))
parametrize.remove_parametrizations(m, "weight")
emit("removed_leave", m.weight)
emit_text("removed_repr", repr(m))
expect_error("no_tensor", lambda: parametrize.register_parametrization(nn.Linear(2, 2), "foo", Symmetric()),
             "does not have a parameter, a buffer, or a parametrized element with name 'foo'")
class FirstColumn(nn.Module):
    def forward(self, X):
        return X[:, :1]


expect_error("shape_change", lambda: parametrize.register_parametrization(nn.Linear(3, 2), "weight", FirstColumn()),
             "Registering a parametrization may not change the shape of the tensor")
expect_error("remove_missing", lambda: parametrize.remove_parametrizations(nn.Linear(2, 2), "weight"),
             "does not have a parametrization on weight")

# weight_norm parametrization
for dim in (0, 1, None):
    wn = load(nn.Linear(3, 4))
    wv = wn.weight.detach().clone()
    P.weight_norm(wn, dim=dim)
    tag = f"wn_{dim}"
    emit_text(tag + "_keys", list(wn.state_dict().keys()))
    emit(tag + "_g", wn.parametrizations.weight.original0)
    emit(tag + "_v", wn.parametrizations.weight.original1)
    emit(tag + "_weight", wn.weight)
    emit_text(tag + "_grad_fn", wn.weight.grad_fn.name())
    with torch.no_grad():
        wn.parametrizations.weight.original0.mul_(1.5)
    out = wn(x)
    emit(tag + "_out", out)
    grads(tag, out, [wn.parametrizations.weight.original0, wn.parametrizations.weight.original1, wn.bias])
emit_text("wn_repr", repr(wn))
conv = load(nn.Conv2d(2, 3, 2))
P.weight_norm(conv)
xc = arr(1, 2, 4, 4)
emit("wn_conv", conv(xc))
emit("wn_conv_g_shape", tuple(conv.parametrizations.weight.original0.shape))
grads("wn_conv", conv(xc), [conv.parametrizations.weight.original0, conv.parametrizations.weight.original1])

# spectral_norm parametrization (u, v loaded so that no random stream is involved)
sn = load(nn.Linear(3, 4))
P.spectral_norm(sn)
emit_text("sn_keys", list(sn.state_dict().keys()))
emit_text("sn_repr", repr(sn))
emit("sn_uv_shapes", [tuple(sn.parametrizations.weight[0]._u.shape), tuple(sn.parametrizations.weight[0]._v.shape)])
u0, v0 = arr(4), arr(3)
sn.parametrizations.weight[0]._u.copy_(u0 / u0.norm())
sn.parametrizations.weight[0]._v.copy_(v0 / v0.norm())
w_train = sn.weight
emit("sn_weight_train", w_train)
emit_text("sn_grad_fn", w_train.grad_fn.name())
emit("sn_u_after", sn.parametrizations.weight[0]._u)
emit("sn_v_after", sn.parametrizations.weight[0]._v)
grads("sn", sn(x), [sn.parametrizations.weight.original, sn.bias])
sn.eval()
emit("sn_weight_eval", sn.weight)
emit("sn_u_eval_unchanged", sn.parametrizations.weight[0]._u)
snc = load(nn.ConvTranspose2d(2, 3, 2))
P.spectral_norm(snc, n_power_iterations=3)
snc.parametrizations.weight[0]._u.copy_(torch.ones(3) / 3 ** 0.5)
snc.parametrizations.weight[0]._v.copy_(torch.ones(8) / 8 ** 0.5)
emit("sn_convt_weight", snc.weight)
emit("sn_convt_dim", snc.parametrizations.weight[0].dim)
# converged: sigma is the top singular value whatever the start
snl = load(nn.Linear(6, 5))
P.spectral_norm(snl, n_power_iterations=200)
wl = snl.parametrizations.weight.original.detach()
emit("sn_converged_sigma", torch.linalg.matrix_norm(snl.weight.detach(), ord=2))
expect_error("sn_iters", lambda: P.spectral_norm(nn.Linear(2, 2), n_power_iterations=0),
             "Expected n_power_iterations to be positive")
expect_error("sn_missing", lambda: P.spectral_norm(nn.Linear(2, 2), name="foo"), "has no parameter or buffer")

# orthogonal
xo = arr(5, 5)
for shape, mp in (((4, 4), None), ((5, 3), None), ((3, 5), None), ((4, 4), "cayley"), ((5, 3), "matrix_exp")):
    lin = load(nn.Linear(shape[1], shape[0]))
    P.orthogonal(lin, orthogonal_map=mp)
    tag = f"orth_{shape[0]}x{shape[1]}_{mp}"
    q = lin.weight
    emit(tag + "_is_orth", bool(torch.allclose(q @ q.T if shape[0] <= shape[1] else q.T @ q,
                                               torch.eye(min(shape)), atol=1e-5)))
    emit_text(tag + "_keys", list(lin.state_dict().keys()))
    if shape[0] >= shape[1]:
        emit(tag + "_weight", q)  # the Q of the weight's QR (R with a positive diagonal)
    emit(tag + "_original", lin.parametrizations.weight.original)
    if shape[0] != shape[1]:  # the base's completion is random: replace it with a fixed reflection
        n = max(shape)
        v = rng.normal(size=(n, 1))
        lin.parametrizations.weight[0].base.copy_(torch.tensor((np.eye(n) - 2 * v @ v.T / (v.T @ v)).astype(np.float32)))
    with torch.no_grad():
        lin.parametrizations.weight.original.add_(0.1 * arr(*shape))
    q2 = lin.weight
    emit(tag + "_stays_orth", bool(torch.allclose(q2 @ q2.T if shape[0] <= shape[1] else q2.T @ q2,
                                                  torch.eye(min(shape)), atol=1e-5)))
    if shape[0] >= shape[1]:
        emit(tag + "_weight2", q2)
        grads(tag, lin(xo[:, :shape[1]]), [lin.parametrizations.weight.original])
emit_text("orth_repr", repr(lin))

# legacy hooks
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    lw = load(nn.Linear(3, 4))
    torch.nn.utils.weight_norm(lw)
emit_text("legacy_wn_warning", [f"{w.category.__name__}: {w.message}" for w in caught])
emit_text("legacy_wn_keys", list(lw.state_dict().keys()))
emit_text("legacy_wn_names", [n for n, _ in lw.named_parameters()])
emit("legacy_wn_g", lw.weight_g)
with torch.no_grad():
    lw.weight_g.mul_(2.0)
out = lw(x)
emit("legacy_wn_out", out)
emit_text("legacy_wn_grad_fn", lw.weight.grad_fn.name())
grads("legacy_wn", out, [lw.weight_g, lw.weight_v, lw.bias])
torch.nn.utils.remove_weight_norm(lw)
emit_text("legacy_wn_removed_keys", list(lw.state_dict().keys()))
emit("legacy_wn_removed_weight", lw.weight)
ls = load(nn.Linear(3, 4))
torch.nn.utils.spectral_norm(ls)
emit_text("legacy_sn_keys", list(ls.state_dict().keys()))
emit_text("legacy_sn_names", [n for n, _ in ls.named_parameters()])
with torch.no_grad():
    ls.weight_u.copy_(u0 / u0.norm())
    ls.weight_v.copy_(v0 / v0.norm())
out = ls(x)
emit("legacy_sn_out", out)
emit("legacy_sn_u", ls.weight_u)
grads("legacy_sn", out, [ls.weight_orig, ls.bias])
torch.nn.utils.remove_spectral_norm(ls)
emit_text("legacy_sn_removed_keys", list(ls.state_dict().keys()))
expect_error("legacy_wn_twice", lambda: torch.nn.utils.weight_norm(torch.nn.utils.weight_norm(nn.Linear(2, 2))),
             "Cannot register two weight_norm hooks on the same parameter weight")
