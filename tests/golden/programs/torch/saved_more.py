"""grad_fn saved attributes beyond the values: an attribute torch's node lacks (AttributeError),
python-number operands on either side, saved tensors after backward freed them, pack/unpack
hooks on the SavedTensor objects of matmul / linear / layer_norm nodes, saved_tensors_hooks
counts for those nodes, and the gradients they leave unchanged."""
import torch
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

torch.manual_seed(0)
a = torch.randn(2, 3).requires_grad_()
b = torch.randn(2, 3).requires_grad_()
w = torch.randn(4, 3).requires_grad_()

expect_error("add_has_no_self", lambda: (a + b).grad_fn._saved_self, "_saved_self")
expect_error("view_has_no_raw_sizes", lambda: a.view(6).grad_fn._raw_saved_self_sym_sizes, "_raw_saved_self_sym_sizes")
expect_error("pow_no_raw_exponent", lambda: (a ** 2).grad_fn._raw_saved_exponent, "_raw_saved_exponent")

g = (2 * a).grad_fn
emit_text("rmul", [g.name(), g._saved_self, g._saved_other.dtype, g._saved_other.item()])
g = (a * True).grad_fn
emit_text("mul_bool", [g.name(), g._saved_other.dtype])
g = (a - 1).grad_fn
emit_text("sub_int", [g.name(), g._saved_alpha])
g = (a / 4).grad_fn
emit_text("div_int", [g._saved_other.dtype, g._saved_other.item()])

y = a @ b.t()
y.sum().backward(retain_graph=True)
emit("mm_after_retained_backward", y.grad_fn._saved_mat2)
y.sum().backward()
expect_error("mm_freed", lambda: y.grad_fn._saved_mat2, "after they have already been freed")
emit_text("mm_sizes_after_free", y.grad_fn._saved_self_sym_sizes)

seen = []
z = a @ b.t()
z.grad_fn._raw_saved_mat2.register_hooks(lambda t: (seen.append(tuple(t.shape)), t * 2)[1], lambda t: t / 2)
emit("hooked_mat2", z.grad_fn._saved_mat2)
emit_text("packed_shapes", seen)
emit("hooked_grads", torch.autograd.grad(z.sum(), [a, b]))

packed = []
with torch.autograd.graph.saved_tensors_hooks(lambda t: (packed.append(tuple(t.shape)), t)[1], lambda t: t):
    out = F.linear(a, w)
    m = torch.mm(a, b.t())
    c = a * b
emit_text("hook_pack_count", len(packed))
emit("linear_grads", torch.autograd.grad((out.sum() + m.sum() + c.sum()), [a, b, w]))
emit_text("linear_nobias", [out.grad_fn.name(), sorted(n for n in dir(out.grad_fn) if n.startswith("_saved"))])

# a negative dim as given (torch's binding shows it as an unsigned 64-bit number)
for tag, y in {"log_softmax_neg": F.log_softmax(a, dim=-1), "softmax_method_neg": a.softmax(-1),
               "sum_neg": a.sum(-1), "sum_neg_keep": a.sum(dim=-1, keepdim=True), "mean_neg_pair": a.mean((-1, 0)),
               "mean_method_neg": a.mean(dim=-2), "sum_pos": torch.sum(a, 1)}.items():
    emit_text(tag, [y.grad_fn.name(), y.grad_fn._saved_dim])
