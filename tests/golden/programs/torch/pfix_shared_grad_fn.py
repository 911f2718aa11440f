"""The outputs of a multi-output op share one grad_fn (var_mean, a custom Function with several
outputs): its pre hooks see the gradients of all outputs (None where an output got none), its post
hooks get all outputs' gradients, its metadata is one dict, output_nr counts non-tensor outputs,
and a GradientEdge of one output asks for that output's gradient."""
import torch
from harness import emit, emit_text


def shapes(gs):
    return [None if g is None else list(g.shape) for g in gs]


b = torch.tensor([[1., 2., 3.], [4., 0., -1.], [2., 5., 1.], [0.5, 1., 2.]], requires_grad=True)
var, mean = torch.var_mean(b, dim=0)
emit("same_grad_fn", var.grad_fn is mean.grad_fn)
emit_text("name", var.grad_fn.name())
emit("output_nr", [var.output_nr, mean.output_nr])
var.grad_fn.metadata["k"] = 1
emit("shared_metadata", mean.grad_fn.metadata.get("k"))

log = []


def pre(grads):
    log.append(("pre", shapes(grads)))
    return tuple(None if g is None else g * 2 for g in grads)


def post(grad_inputs, grad_outputs):
    log.append(("post", shapes(grad_inputs), shapes(grad_outputs)))


h1 = mean.grad_fn.register_prehook(pre)
h2 = var.grad_fn.register_hook(post)
(var + mean).sum().backward(retain_graph=True)
emit("grad_both", b.grad)
b.grad = None
mean.sum().backward(retain_graph=True)
emit("grad_mean_only", b.grad)
b.grad = None
var.register_hook(lambda g: g * 10)  # a tensor hook runs before the node's pre hook
(3 * var).sum().backward()
emit("grad_var_tensor_hook", b.grad)
emit_text("log", log)
h1.remove()
h2.remove()

v2, m2 = torch.var_mean(b, dim=0)
edge = torch.autograd.graph.get_gradient_edge(m2)
emit("edge_output_nr", edge.output_nr)
emit("grad_by_edge", torch.autograd.grad((v2 + 2 * m2).sum(), edge))


class DoubleMul2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, a, y):
        ctx.a = a
        return a * x * 2, a, a * y * 2

    @staticmethod
    def backward(ctx, g1, _a, g2):
        return ctx.a * g1 * 2, None, ctx.a * g2 * 2


seen = []


def prehook(grads):
    seen.append(shapes(grads))
    return (grads[0] * 2, None, None if grads[2] is None else grads[2] * 2)


x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
y = torch.tensor([[0.5, -1.], [2., 1.]], requires_grad=True)
c, k, d = DoubleMul2.apply(x, 3, y)
emit("fn_same_grad_fn", c.grad_fn is d.grad_fn)
emit("fn_output_nr", [c.output_nr, d.output_nr])
emit_text("fn_name", c.grad_fn.name())
c.grad_fn.register_prehook(prehook)
(c + d).sum().backward(retain_graph=True)
emit("fn_grads", [x.grad, y.grad])
x.grad = y.grad = None
c.sum().backward()
emit("fn_grads_c_only", [x.grad, y.grad])
emit_text("fn_seen", seen)

# calling the shared grad_fn: one gradient per output (None: none for that output)
v3, m3 = torch.var_mean(b, dim=0)
emit("call_both", v3.grad_fn(torch.ones(3), torch.ones(3)))
emit("call_one", v3.grad_fn(torch.ones(3), None))
from harness import expect_error  # noqa: E402
expect_error("call_arity", lambda: v3.grad_fn(torch.ones(3)), "expected 2 arguments, got 1")
