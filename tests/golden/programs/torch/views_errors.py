"""torch's errors for in-place changes of views, and version-counter errors through views."""
import torch
from harness import emit, expect_error

x = torch.tensor([[1., 2., 3.], [4., 5., 6.]], requires_grad=True)

expect_error("leaf_view_select", lambda: x[0].mul_(2),
             "a view of a leaf Variable that requires grad is being used in an in-place operation.")
expect_error("leaf_view_view", lambda: x.view(-1).zero_(),
             "a view of a leaf Variable that requires grad is being used in an in-place operation.")
expect_error("leaf_view_setitem", lambda: x.t().__setitem__(0, 1.),
             "a view of a leaf Variable that requires grad is being used in an in-place operation.")
emit("leaf_untouched", [x, x._version])

y = x * 1
expect_error("split_output", lambda: y.split(1)[0].mul_(2), "is a view and is being modified inplace")
expect_error("split_sizes_output", lambda: y.split([1, 1])[1].add_(1), "is a view and is being modified inplace")
expect_error("chunk_output", lambda: y.chunk(2)[1].zero_(), "is a view and is being modified inplace")
expect_error("unbind_output", lambda: y.unbind(1)[2].mul_(3), "is a view and is being modified inplace")
q = torch.zeros(4)
expect_error("split_of_plain_copy_grad", lambda: q.split(2)[0].copy_(torch.ones(2, requires_grad=True)),
             "is being modified inplace")
emit("split_names", [t.grad_fn.name() for t in (y.split(1)[0], y.split([2])[0], y.unbind()[0])])

with torch.no_grad():
    nv = y[0]
    nl = x[1]
    a, b = y.split(1)
    a.mul_(2)  # allowed in no_grad
expect_error("nograd_view_of_nonleaf", lambda: nv.mul_(2), "A view was created in no_grad mode")
expect_error("nograd_view_of_leaf", lambda: nl.add_(1), "A view was created in no_grad mode")
emit("nograd_split_write", y)

z = torch.zeros(3)
e = z.expand(2, 3)
expect_error("expand_add", lambda: e.add_(1), "more than one element of the written-to tensor")
expect_error("expand_copy", lambda: e.copy_(torch.ones(2, 3)), "more than one element of the written-to tensor")
e[0, 0] = 1.
expect_error("expand_setitem_number", lambda: e.__setitem__((slice(None), 1), 2.), "more than one element")
expect_error("expand_setitem_tensor", lambda: e.__setitem__((slice(None), 2), torch.tensor([3., 4.])),
             "more than one element")
emit("expand_setitem_regions", [z, e])
expect_error("view_incompatible", lambda: torch.zeros(2, 3).t().view(-1), "view size is not compatible")
expect_error("diagonal_same_dims", lambda: torch.zeros(2, 2).diagonal(0, 1, 1),
             "diagonal dimensions cannot be identical")

# a saved tensor modified through a view, or a saved view modified through its base
y = x * 1
v = y[0]
w = v * v
y.mul_(2)
expect_error("saved_view_base_modified", lambda: w.sum().backward(), "modified by an inplace operation")
y = x * 1
s = y.sin()
y[0].mul_(2)
expect_error("saved_base_view_modified", lambda: s.sum().backward(), "modified by an inplace operation")
y = x * 1
ex = y.exp()
ex.t()[0].zero_()
expect_error("saved_output_view_modified", lambda: ex.sum().backward(), "modified by an inplace operation")
y = x * 1
dt = y.detach()
sq = y * y
dt.add_(1)
expect_error("saved_modified_through_detach", lambda: sq.sum().backward(), "modified by an inplace operation")
# unsaved tensors may change through views
y = x * 1
u = (y + 1).sum()
y[1].fill_(0)
u.backward()
emit("unsaved_ok", x.grad)
