"""Strides of tensors and views, empty_strided, F.threshold, in-place changes of views (no_grad /
inference-mode views, in-place view ops keeping a view's history, hooks over an in-place view,
double backward through an in-place view), scatter_reduce prod's double backward error, the
vmap random-operation error, and make_dual's copy of a tangent with another storage layout."""
import numpy as np
import torch
import torch.nn.functional as F
import torch.autograd.forward_ad as fwAD
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(7)

# ----- strides --------------------------------------------------------------------------------
x = torch.zeros(2, 3, 4)
emit("strides", [x.stride(), x.transpose(0, 2).stride(), x[:, ::2].stride(), x[:, None].stride(),
                 x[0].stride(), x.permute(2, 0, 1).stride(), torch.zeros(2, 1, 3).stride(),
                 torch.zeros(0, 3).stride(), torch.zeros(()).stride(), torch.zeros(3, 1).expand(3, 4).stride()])
emit("stride_dim", [x.stride(0), x.stride(-1), x.transpose(0, 2).stride(0)])
expect_error("stride_scalar_dim", lambda: torch.zeros(()).stride(0), "but tensor has no dimensions")
expect_error("stride_dim_range", lambda: x.stride(3), "Dimension out of range")
c = torch.empty_strided((2, 2), (4, 2), dtype=torch.float64)
emit("empty_strided", [c.stride(), c.shape, c.dtype == torch.float64, c.is_leaf])
c.copy_(torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64))
c.requires_grad_()
(c * torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64)).sum().backward()
emit("empty_strided_grad", [c.grad, c.grad.stride()])

# ----- F.threshold ----------------------------------------------------------------------------
t = torch.tensor(rng.standard_normal(6).round(2), requires_grad=True)
y = F.threshold(t, 0.1, -2.0)
emit_text("threshold_fn", y.grad_fn.name())
g, = torch.autograd.grad((y * y).sum(), t)
emit("threshold", [y, g])
z = t * 1
F.threshold_(z, 0.0, 7.0)
emit_text("threshold_inplace_fn", z.grad_fn.name())
emit("threshold_inplace", z)
emit("threshold_int", F.threshold(torch.tensor([1, 2, 3]), 2, 9))
expect_error("threshold_bool", lambda: F.threshold(torch.tensor([True]), 0, 1), "not implemented for 'Bool'")
expect_error("threshold_list", lambda: F.threshold([1.0], 0, 1), "must be Tensor, not list")

# ----- in-place on views made in no_grad / inference mode -------------------------------------
for mode, ctx in (("no_grad", torch.no_grad), ("inference", torch.inference_mode)):
    base = torch.zeros(2)
    with ctx():
        v = base.view(2)
    v.requires_grad_(True)
    vv = v.view(2)

    def view_of_view(vv=vv):
        vv /= 2
    expect_error(f"{mode}_view_of_view", view_of_view, "is a view of a view which was created in")

    def view_itself(v=v):
        v /= 2
    expect_error(f"{mode}_view_itself", view_itself, "A view was created in")

# an in-place view op (t_) under no_grad keeps the view's history
a = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)
b = a.clone()
inp = b.view_as(b)
with torch.no_grad():
    inp.t_()
inp.mul_(3)
b.sum().backward()
emit("inplace_view_op_nograd", [inp, b, a.grad])
u = a.clone().unbind()[0]
with torch.no_grad():
    u.unsqueeze_(0)
expect_error("multi_view_kept", lambda: u.add_(1), "function that returns multiple views")

# tensor hooks over an in-place view
calls = []
base = torch.tensor([1.], requires_grad=True).clone()
view, view2 = base[:], base[:]
view.register_hook(lambda g: calls.append("view"))
view2.register_hook(lambda g: calls.append("view2_before"))
view.mul_(2)
view2.grad_fn
view2.register_hook(lambda g: calls.append("view2_after"))
(view + view2).sum().backward()
emit_text("hooks_over_view", ",".join(calls))

# double backward through an in-place op on a view
m = torch.tensor(rng.standard_normal((3, 4)))
w = torch.tensor(rng.standard_normal((3, 2)), requires_grad=True)
go = torch.tensor(rng.standard_normal((3, 4)), requires_grad=True)
xm = m.clone()
xm.narrow(1, 2, 2).mul_(w)
gw, = torch.autograd.grad(xm, w, go, create_graph=True)
emit("double_backward_view", [gw, torch.autograd.grad((gw * gw).sum(), go)[0]])
r = torch.ones(1, dtype=torch.double, requires_grad=True)
xs = torch.ones(5, dtype=torch.double)
sel = xs.select(0, 1)
xs.add_(r * 3)
gr, = torch.autograd.grad(sel * sel, r, create_graph=True)
emit("double_backward_modified_base", [sel, gr, torch.autograd.grad(gr, r)[0]])

# ----- scatter_reduce prod: torch refuses the double backward where zeros meet -------------------
inp1 = torch.tensor([1.], dtype=torch.float64, requires_grad=True)
src = torch.tensor([0., 0.], dtype=torch.float64, requires_grad=True)
idx = torch.tensor([0, 0])
out = torch.scatter_reduce(inp1, 0, idx, src, "prod")
gi, gs = torch.autograd.grad(out.sum(), (inp1, src), create_graph=True)
emit("scatter_prod_grad", [gi, gs])
expect_error("scatter_prod_double", lambda: torch.autograd.grad(gs.sum(), src),
             "Double backward is unsupported for src when >1 zeros in src")
src2 = torch.tensor([0., 2.], dtype=torch.float64, requires_grad=True)
out2 = torch.scatter_reduce(inp1, 0, idx, src2, "prod")
_, gs2 = torch.autograd.grad(out2.sum(), (inp1, src2), create_graph=True)
emit("scatter_prod_double_ok", torch.autograd.grad(gs2.sum(), src2)[0])

# ----- vmap refuses random operations unless told which randomness ----------------------------
expect_error("vmap_random", lambda: torch.func.vmap(torch.randn_like)(torch.ones(3, 2)), "randomness error mode")
emit("vmap_random_different", torch.func.vmap(torch.randn_like, randomness="different")(torch.ones(3, 2)).shape)

# ----- make_dual: a tangent with another storage layout is copied ------------------------------
for name, primal in (("sliced", torch.ones(5)[:4].detach()), ("plain", torch.ones(4))):
    tangent = torch.ones(4)
    with fwAD.dual_level():
        dual = fwAD.make_dual(primal, tangent)
        unpacked = fwAD.unpack_dual(dual).tangent
        unpacked *= 2
    emit(f"dual_tangent_{name}", tangent)

# ----- nn.Threshold ---------------------------------------------------------------------------
th = torch.nn.Threshold(0.1, 20)
emit_text("threshold_module_repr", repr(th))
emit_text("threshold_module_repr_inplace", repr(torch.nn.Threshold(1, 2.5, True)))
emit_text("threshold_module_type", f"{type(th).__module__}.{type(th).__name__}")
emit("threshold_module", th(torch.tensor([0.0, 0.5, -1.0])))
