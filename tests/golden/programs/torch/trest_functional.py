"""torch.autograd.functional: strict=True errors, create_graph inside no_grad, the errors'
function names, strict with vectorize."""
import torch
import torch.autograd.functional as F
from harness import emit, expect_error

x = torch.tensor([0.5, -1.0, 2.0, 3.0])
v = torch.tensor([1.0, 2.0, 3.0, 4.0])
detached = lambda a: a.detach()  # noqa: E731
unconnected = lambda a: a.long().float().requires_grad_().clone()  # noqa: E731
linear = lambda a: a.clone()  # noqa: E731

expect_error("vjp_strict_no_grad", lambda: F.vjp(detached, x, v, strict=True), "does not require gradients")
expect_error("vjp_strict_independent", lambda: F.vjp(unconnected, x, v, strict=True), "is independent of input 0")
emit("vjp_not_strict", F.vjp(unconnected, x, v)[1])
xr = x.clone().requires_grad_()
expect_error("vjp_strict_create_graph", lambda: F.vjp(linear, xr, v, create_graph=True, strict=True),
             "jacobian of the user-provided function is independent of input 0")
expect_error("jvp_strict", lambda: F.jvp(unconnected, x, v, strict=True), "is independent of input 0")
expect_error("jacobian_strict", lambda: F.jacobian(unconnected, x, strict=True),
             "Output 0 of the user-provided function is independent of input 0")
expect_error("jacobian_strict_vectorize", lambda: F.jacobian(linear, x, strict=True, vectorize=True),
             "not supported together")
expect_error("hessian_strict_linear", lambda: F.hessian(lambda a: (3 * a).sum(), x, strict=True),
             "jacobian of the user-provided function with respect to input 0")
expect_error("hvp_strict", lambda: F.hvp(lambda a: a.detach().sum(), x, v, strict=True),
             "does not require gradients")
cube = lambda a: (a ** 3).sum()  # noqa: E731
emit("jacobian_strict_ok", F.jacobian(lambda a: a ** 2, x, strict=True))
emit("hessian_strict_ok", F.hessian(cube, x, strict=True))
emit("hvp_strict_ok", F.hvp(cube, x, v, strict=True))
emit("vhp_strict_ok", F.vhp(cube, x, v, strict=True))

# create_graph=True inside no_grad: the results are connected (torch enables grad)
with torch.no_grad():
    out, g = F.vjp(lambda a: (a ** 2).sum(dim=0), x.reshape(2, 2), torch.ones(2), create_graph=True)
    h = F.hessian(cube, x, create_graph=True)
    plain = F.hessian(cube, x)
emit("no_grad_create_graph", [out.requires_grad, g.requires_grad, h.requires_grad, plain.requires_grad])
emit("no_grad_values", [g, h])

bad = lambda a: (3 * a, "bar")  # noqa: E731
expect_error("jacobian_bad_output", lambda: F.jacobian(bad, x), "The outputs of the user-provided function given to jacobian")
expect_error("hessian_bad_output", lambda: F.hessian(bad, x), "The outputs of the user-provided function given to hessian")
expect_error("vjp_bad_output", lambda: F.vjp(bad, x, v), "The outputs of the user-provided function given to vjp")
