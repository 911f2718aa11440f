"""Views share storage with their base: in-place changes through a view reach the base
(and the other views), versions are shared, gradients flow through CopySlices."""
import torch
from harness import emit, emit_text

x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)

# a view changed in place: the base sees it, grad_fns become CopySlices / AsStrided
y = x * 1
v = y[0]
emit("view_before", [v.grad_fn.name(), v._version, v._base is y, v.is_contiguous()])
v.mul_(2)
emit("base_after_view_mul", [y, v, y._version, v._version])
emit_text("base_repr", repr(y))
emit_text("view_repr", repr(v))
emit("names", [y.grad_fn.name(), v.grad_fn.name()])
y.sum().backward()
emit("grad_view_mul", x.grad)

# the base changed in place: existing views see the new values
x.grad = None
y = x * 1
t = y.t()
c = y[:, 1]
y.add_(1)
emit("views_after_base_add", [t, c, t._version])
(t * t).sum().backward()
emit("grad_through_rederived_view", x.grad)

# every view op: writes through each of them land in the base
b = torch.zeros(2, 3)
b.unsqueeze(0)[0, 1, 2] = 7
b.narrow(1, 0, 1).fill_(1)
b.T[2].add_(10)
b.flatten()[0] = -1
b.permute(1, 0)[1, 1] = 5
b.unflatten(1, (3, 1))[0, 1, 0] = 9
b.diagonal().mul_(100)
b.view(3, 2)[2].sub_(0.5)
b.reshape(6)[3:].div_(2)
b.transpose(0, 1)[0].copy_(torch.tensor([8., 8.]))
b.squeeze()[1, 0] += 3
b[1][2] = 42
emit("all_view_ops", [b, b._version])
emit("expand_fill", [torch.zeros(3).expand(2, 3).fill_(2), torch.zeros(1, 3).expand(2, 3).is_contiguous()])

# split / chunk / unbind outputs write into a base that does not require grad
q = torch.zeros(4)
q0, q1 = q.split(2)
q1.add_(1)
c0, c1 = q.chunk(2)
c0.fill_(3)
r = torch.zeros(2, 2)
r.unbind(1)[0].add_(5)
emit("multi_output_views", [q, r])

# views of views, and a view of a view after the base changed
z = torch.arange(12.).reshape(3, 4)
w = z[1:]
ww = w[:, ::2]
ww.mul_(-1)
z[2, 0] = 100
emit("view_of_view", [z, w, ww, ww._base is z])

# copy_ into a view of a tensor that does not require grad: the base joins the graph
s = torch.tensor([1., 2., 3.], requires_grad=True)
base = torch.zeros(2, 3)
base[1].copy_(s * 2)
emit("copy_into_view", [base, base.requires_grad, base.grad_fn.name()])
(base * base).sum().backward()
emit("grad_copy_into_view", s.grad)

# setitem through a view with a tensor that requires grad, then gradients to both
a = torch.tensor([1., 2., 3., 4.], requires_grad=True)
k = torch.tensor(10., requires_grad=True)
h = a * 1
h.view(2, 2)[1, 0] = k * 2
hv = h[1:3]
hv.mul_(a[:2])
(h * torch.tensor([1., 2., 3., 4.])).sum().backward()
emit("grads_setitem_view", [a.grad, k.grad])

# a view of a leaf, the leaf updated under no_grad: the view follows, gradients too
p = torch.ones(3, requires_grad=True)
pv = p[:2]
with torch.no_grad():
    p.mul_(3)
    p[2] = -1
emit("leaf_view_after_nograd_update", [pv, pv.grad_fn.name(), pv._version])
pv.sum().backward()
emit("grad_leaf_view", p.grad)
with torch.no_grad():
    p[0].fill_(7)
    p.view(3)[1:].zero_()
emit("nograd_view_writes_on_leaf", [p, p.is_leaf, p.requires_grad, p._version])

# detach() shares storage and the version counter, without gradient
d_base = torch.tensor([1., 2., 3.], requires_grad=True)
m = d_base * 2
d = m.detach()
d[0] = 0
emit("detach_shares_storage", [m, m.grad_fn.name(), m._version, d._version, d.requires_grad])
dl = d_base.detach()
dl.zero_()
emit("detach_of_leaf", [d_base, d_base.is_leaf, d_base._version])

# reshape copies where torch copies, contiguous() of a non-contiguous view copies
g = torch.arange(6.).reshape(2, 3)
gt = g.t()
flat = gt.reshape(-1)
flat[0] = 50
alias = gt.reshape(3, 1, 2)
alias[0, 0, 1] = 60
cont = gt.contiguous()
cont[0, 0] = 70
emit("reshape_copy_or_view", [g, flat._base is None, alias._base is g, cont._base is None,
                              gt.is_contiguous(), g.is_contiguous()])
