"""Leaves, .grad of non-leaves (with torch's warning), retain_grad, grad_fn, detach, requires_grad."""
import warnings

import torch
from harness import emit, emit_text, expect_error

x = torch.tensor([1., 2.], requires_grad=True)
c = torch.tensor([3., 4.])
y = x * c
z = y.sum()
emit("is_leaf", [x.is_leaf, c.is_leaf, y.is_leaf, z.is_leaf])
emit("requires_grad", [x.requires_grad, c.requires_grad, y.requires_grad, (c * 2).requires_grad])
emit_text("grad_fn_names", [y.grad_fn.name(), z.grad_fn.name(), (x + 1).grad_fn.name(), (x - c).grad_fn.name()])
emit("leaf_grad_fn_none", [x.grad_fn is None, c.grad_fn is None])
z.backward(retain_graph=True)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    emit("non_leaf_grad", y.grad)
emit("warning", [(w.category.__name__, str(w.message)) for w in caught])

y2 = x * c
y2.retain_grad()
emit("retains_grad", [y2.retains_grad, x.retains_grad])
(y2 * y2).sum().backward(retain_graph=True)
emit("retained", y2.grad)
(y2 * 2).sum().backward()
emit("retained_accumulates", y2.grad)
x.retain_grad()
emit("leaf_retain_grad_noop", x.retains_grad)

d = x.detach()
emit("detach", [d.requires_grad, d.is_leaf, d.grad_fn is None])
e = x * 2
e.detach_()
emit("detach_", [e.requires_grad, e.is_leaf, e.grad_fn is None])
emit("detach_shares_version", [d._version, x._version])

f = torch.tensor([1., 2.])
f.requires_grad_()
emit("requires_grad_", [f.requires_grad, f.is_leaf])
f.requires_grad = False
emit("requires_grad_set_false", f.requires_grad)
expect_error("int_requires_grad_", lambda: torch.tensor([1, 2]).requires_grad_(),
             "only Tensors of floating point dtype can require gradients")
expect_error("int_tensor_requires_grad", lambda: torch.tensor([1, 2], requires_grad=True),
             "Only Tensors of floating point and complex dtype can require gradients")
expect_error("non_leaf_flag", lambda: setattr(x * 2, "requires_grad", False),
             "you can only change requires_grad flags of leaf variables.")
expect_error("retain_grad_no_grad", lambda: torch.ones(2).retain_grad(),
             "can't retain_grad on Tensor that has requires_grad=False")
