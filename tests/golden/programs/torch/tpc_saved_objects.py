"""What a grad_fn's saved tensors give back: the user's own tensor objects (``_saved_self``),
a saved output that follows the output's in-place changes, an unpack hook's result that keeps
the saved tensor's grad_fn; the outputs of unbind / split (output_nr, a sibling's hook called
with None)."""
import numpy as np
import torch
from harness import emit, emit_text

rng = np.random.default_rng(0)
a = torch.tensor(rng.standard_normal(4).astype(np.float32), requires_grad=True)
b = a * a
c = a * b
emit_text("saved_identity", [b.grad_fn._saved_self is a, b.grad_fn._saved_other is a,
                             c.grad_fn._saved_self is a, c.grad_fn._saved_other is b])

# a leaf made by requires_grad_() is its AccumulateGrad's variable and what is saved
w = torch.tensor([1., 2., 3., 4.]).requires_grad_()
emit_text("requires_grad_leaf", [(w * a).grad_fn._saved_self is w,
                                 (w * 2).grad_fn.next_functions[0][0].variable is w])

# a saved output: a new tensor object sharing the output's storage and version counter
d = torch.exp(a)
r = d.grad_fn._saved_result
emit_text("saved_result", [r is d, r.grad_fn is d.grad_fn, r._version == d._version])
emit("saved_result_value", r)
with torch.no_grad():
    d += 1
emit("saved_result_after_inplace", r)
emit_text("saved_result_version", [d._version, r._version])

# an unpack hook's result for a saved non-leaf carries that tensor's grad_fn
x0 = torch.tensor([1., 2., 3.], requires_grad=True)
x = 1 + x0
fn = x.grad_fn
y = x * x
y.grad_fn._raw_saved_self.register_hooks(lambda t: 2 * t, lambda t: t / 2)
s = y.grad_fn._saved_self
emit("unpacked", s)
emit_text("unpacked_graph", [s.grad_fn is fn, s.requires_grad, s.is_leaf])
y.sum().backward()
emit("unpacked_grad", x0.grad)

# unbind / split: one torch node, several outputs
v = torch.tensor([1., 2., 3.], requires_grad=True)
parts = v.unbind()
emit_text("unbind_output_nr", [p.output_nr for p in parts])
seen = []
parts[0].register_hook(lambda g: seen.append(None if g is None else g.tolist()))
parts[0].backward()
parts[2].backward()
emit_text("sibling_hook", seen)
emit("unbind_grad", v.grad)
pieces = torch.arange(6., requires_grad=True).split(2)
emit_text("split_output_nr", [p.output_nr for p in pieces])
