"""The graph as torch exposes it: grad_fn names, next_functions, metadata, node pre/post hooks
and their order, AccumulateGrad hooks, post-accumulate-grad hooks, output_nr, GradientEdge."""
import torch
from harness import emit, emit_text, expect_error

a = torch.tensor([1., 2., 3.], requires_grad=True)
w = torch.tensor([0.5, -1., 2.], requires_grad=True)
y = a * w
z = y.exp().sum()
emit_text("names", [y.grad_fn.name(), z.grad_fn.name()])
emit_text("next_of_mul", [type(f).__name__ for f, _ in y.grad_fn.next_functions])
emit("next_variable", y.grad_fn.next_functions[1][0].variable)
emit("grad_fn_identity", y.grad_fn is y.grad_fn)
y.grad_fn.metadata["k"] = 7
emit("metadata", y.grad_fn.metadata["k"])
emit("output_nr", [a.output_nr, y.output_nr])
emit("is_node", isinstance(y.grad_fn, torch.autograd.graph.Node))

log = []
x = torch.tensor([1., 2.], requires_grad=True)
b = x.clone()
b.grad_fn.register_prehook(lambda gs: (log.append("pre"), (gs[0] * 2,))[1])
b.register_hook(lambda g: (log.append("tensor"), g * 3)[1])
b.grad_fn.register_hook(lambda gi, go: (log.append("post"), (gi[0] + 1,))[1])
acc = b.grad_fn.next_functions[0][0]
acc.register_prehook(lambda gs: (log.append("acc_pre"), (gs[0] * 10,))[1])
x.register_post_accumulate_grad_hook(lambda t: log.append(("post_acc", t.grad.tolist())))
acc.register_hook(lambda gi, go: log.append(("acc_post", len(gi), go[0].tolist())))
(b * b).sum().backward()
emit_text("hook_order", log)
emit("grad_through_node_hooks", x.grad)

handle = b.grad_fn.register_prehook(lambda gs: (gs[0] * 0,))
handle.remove()
emit("after_remove", torch.autograd.grad((b * 1).sum(), x))

p = torch.tensor([1., 2.], requires_grad=True).clone()
edge = torch.autograd.graph.get_gradient_edge(p)
p *= 3
g_old, g_new = torch.autograd.grad(p.sum(), (edge, p))
emit("edge_grads", [g_old, g_new])
expect_error("edge_no_grad", lambda: torch.autograd.graph.get_gradient_edge(torch.ones(2)),
             "does not require gradients")
expect_error("post_acc_non_leaf", lambda: b.register_post_accumulate_grad_hook(lambda t: None),
             "cannot be registered on non-leaf tensors")
expect_error("prehook_count", lambda: (lambda c: (c.grad_fn.register_prehook(lambda gs: (gs[0], gs[0])),
                                                  c.sum().backward()))(x.clone()),
             "has returned an incorrect number of values")
