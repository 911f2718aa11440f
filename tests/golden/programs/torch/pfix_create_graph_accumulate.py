"""backward(create_graph=True) fills a fresh ``.grad`` with a buffer of its own that keeps the graph:
a leaf's AccumulateGrad copies the gradient (``CopyBackwards``, whose first edge is the new buffer:
None), a retained non-leaf's gradient is a clone (``CloneBackward0``); later passes add to it
(``AddBackward0``); a gradient that does not require grad is kept without a grad_fn."""
import warnings

import torch
from harness import emit, emit_text

warnings.simplefilter("ignore")  # the reference-cycle warning of backward(create_graph=True)

x = torch.tensor([1., 2., -0.5], requires_grad=True)
(x * 2).sum().backward(create_graph=True)
emit("linear_grad", [x.grad, x.grad.requires_grad, x.grad.grad_fn is None])

x.grad = None
(x * x * x).sum().backward(create_graph=True)
f = x.grad.grad_fn
emit_text("leaf_name", f.name())
emit("leaf_first_edge_none", f.next_functions[0][0] is None)
emit("leaf_edges", len(f.next_functions))
emit("leaf_flags", [x.grad.requires_grad, x.grad.is_leaf])
emit_text("leaf_repr", repr(x.grad))
(x * x).sum().backward(create_graph=True)
emit_text("accumulated_name", x.grad.grad_fn.name())
emit("accumulated", x.grad)
x.grad.sum().backward()
emit("second_order", x.grad)

x.grad = None
y = x.clone()
y.retain_grad()
(y * y).sum().backward(create_graph=True)
emit_text("retained_name", y.grad.grad_fn.name())
emit_text("leaf_name_2", x.grad.grad_fn.name())
emit("values", [y.grad, x.grad])
g, = torch.autograd.grad(x.grad.sum(), x)
emit("second_through_copy", g)
emit_text("type_names", [type(x.grad.grad_fn).__name__, type(y.grad.grad_fn).__name__])
z = torch.tensor([1., 2.], requires_grad=True).clone()
z[0] = 5.
emit_text("copy_slices", [type(z.grad_fn).__name__, z.grad_fn.name()])
emit("retained_after_second_pass", [y.grad, y.grad.grad_fn is None, x.grad, x.grad.grad_fn is None])
# a retained non-leaf's .grad is replaced by old + new (a new tensor); a leaf's is added to in place
w = torch.tensor([1., 2.], requires_grad=True)
v = w * 1
v.retain_grad()
(v * v).sum().backward(retain_graph=True)
first_v, first_w = v.grad, w.grad
(v * v).sum().backward()
emit("retained_replaced", [first_v, v.grad, first_v is v.grad, first_w is w.grad, w.grad])
