"""Second and third derivatives when first-order passes free their graph (retain_graph
defaults to create_graph): where torch works and where it reports a freed graph."""
import warnings

import torch
from harness import emit, expect_error

FREED = "Trying to backward through the graph a second time"


def leaf():
    return torch.tensor([1., 2., 3.], requires_grad=True)


# create_graph=True keeps the graph by default; the second-order pass frees its own
x = leaf()
y = (x ** 3).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
emit("gg", torch.autograd.grad(g.sum(), x))
emit("first_again", torch.autograd.grad(y, x))
expect_error("gg_again", lambda: torch.autograd.grad(g.sum(), x), FREED)

# retain_graph=False with create_graph: the grad graph needs only leaves here
x = leaf()
y = (x ** 3).sum()
g, = torch.autograd.grad(y, x, create_graph=True, retain_graph=False)
emit("gg_after_free", torch.autograd.grad(g.sum(), x))
expect_error("first_after_free", lambda: torch.autograd.grad(y, x), FREED)

x = leaf()
g, = torch.autograd.grad(x.sin().sum(), x, create_graph=True, retain_graph=False)
emit("sin_gg", torch.autograd.grad(g.sum(), x))
expect_error("sin_gg_again", lambda: torch.autograd.grad(g.sum(), x), FREED)

# the grad graph uses a freed intermediate (an output saved by exp / tanh)
x = leaf()
h = x * x
g, = torch.autograd.grad(h.exp().sum(), x, create_graph=True, retain_graph=False)
expect_error("gg_through_freed_exp", lambda: torch.autograd.grad(g.sum(), x), FREED)
expect_error("intermediate_reuse", lambda: torch.autograd.grad(h.sum(), x), FREED)
x = leaf()
y = x.tanh().sum()
g, = torch.autograd.grad(y, x, create_graph=True, retain_graph=False)
expect_error("gg_through_freed_tanh", lambda: torch.autograd.grad(g.sum(), x), FREED)

# a second-order pass frees the forward nodes the grad graph saved
x = leaf()
h = x.exp()
y = (h * h).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
emit("gg_frees_forward", torch.autograd.grad(g.sum(), x, retain_graph=False))
expect_error("forward_after_gg", lambda: torch.autograd.grad(y, x), FREED)
x = leaf()
y = (x ** 3).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
emit("gg_leaf_only", torch.autograd.grad(g.sum(), x))
emit("forward_kept", torch.autograd.grad(y, x))

# two leaves
a = leaf()
b = torch.tensor([4., 5., 6.], requires_grad=True)
y = (a * b * b).sum()
ga, = torch.autograd.grad(y, a, create_graph=True, retain_graph=False)
emit("mixed_second", torch.autograd.grad(ga.sum(), b))
expect_error("mixed_first_again", lambda: torch.autograd.grad(y, b), FREED)

# third order, each pass freeing its graph
x = leaf()
g, = torch.autograd.grad((x ** 4).sum(), x, create_graph=True, retain_graph=False)
g2, = torch.autograd.grad(g.sum(), x, create_graph=True, retain_graph=False)
emit("third", torch.autograd.grad(g2.sum(), x))
expect_error("third_again", lambda: torch.autograd.grad(g2.sum(), x), FREED)
expect_error("second_again", lambda: torch.autograd.grad(g.sum(), x), FREED)

# backward(create_graph=True) then derivatives of x.grad
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    x = leaf()
    y = (x ** 2 * x.exp()).sum()
    y.backward(create_graph=True)
emit("cycle_warning", [(w.category.__name__, str(w.message)[:60]) for w in caught])
gx = x.grad
emit("grad_of_grad", torch.autograd.grad(gx.sum(), x))
expect_error("grad_of_grad_again", lambda: torch.autograd.grad(gx.sum(), x), FREED)
expect_error("backward_after_grad_of_grad", lambda: y.backward(), FREED)

x = leaf()
y = (x ** 3).sum()
y.backward(create_graph=True)
y.backward(create_graph=True)
emit("accumulated_with_graph", [x.grad, x.grad.grad_fn.name()])
first = x.grad
x.grad.sum().backward()
emit("accumulated_in_place", [x.grad, x.grad.grad_fn.name(), x.grad is first])
x = leaf()
y = (x.sin() * x).sum()
y.backward(create_graph=True)
x.grad.sum().backward()
emit("hessian_row_sums_into_grad", x.grad)
