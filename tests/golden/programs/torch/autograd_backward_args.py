"""torch.autograd.backward and Tensor.backward: gradient, retain_graph, create_graph, inputs."""
import torch
from harness import emit, expect_error

a = torch.tensor([1., 2.], requires_grad=True)
b = torch.tensor([3., -1.], requires_grad=True)
y = a * b + a.exp()

y.backward(torch.tensor([1., 0.5]), retain_graph=True)
emit("a_grad_1", a.grad)
emit("b_grad_1", b.grad)
y.sum().backward(retain_graph=True)
emit("a_grad_accumulated", a.grad)
a.grad = None
b.grad = None
y.sum().backward(inputs=[a], retain_graph=True)
emit("inputs_only_a", [a.grad, b.grad])
h = a * 3
out = (h * b).sum()
out.backward(inputs=[h, b], retain_graph=True)
emit("non_leaf_input_grad", h.grad)
emit("b_after_inputs", b.grad)
emit("h_retains_grad", h.retains_grad)
a.grad = None
b.grad = None
torch.autograd.backward([y.sum(), (y * y).sum()], [torch.tensor(1.), torch.tensor(2.)], retain_graph=True)
emit("two_tensors", [a.grad, b.grad])
torch.autograd.backward(y, grad_tensors=torch.ones(2), retain_graph=True)
emit("grad_tensors_kw", a.grad)

a.grad = None
(a ** 3).sum().backward(create_graph=True)
emit("create_graph_grad_requires_grad", a.grad.requires_grad)
g = a.grad
a.grad = None
g.sum().backward()
emit("second_derivative", a.grad)

c = torch.tensor(2., requires_grad=True)
loss = c * c
loss.backward()
emit("c_grad", c.grad)
expect_error("second_backward_freed", lambda: loss.backward(), "Trying to backward through the graph a second time")
d = c + 5
d.backward()
d.backward()
emit("saves_nothing_twice", c.grad)

expect_error("implicit_nonscalar", lambda: y.backward(retain_graph=True), "grad can be implicitly created only for scalar outputs")
expect_error("no_grad_fn", lambda: torch.ones(2).sum().backward(), "element 0 of tensors does not require grad")
expect_error("empty_inputs", lambda: y.sum().backward(inputs=[], retain_graph=True),
             "`inputs` argument to `backward()` cannot be empty.")
expect_error("inputs_no_grad", lambda: y.sum().backward(inputs=[torch.ones(2)], retain_graph=True),
             "can't retain_grad on Tensor that has requires_grad=False")
expect_error("shape_mismatch", lambda: y.backward(torch.ones(3), retain_graph=True),
             "Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2])")
expect_error("fewer_grads", lambda: torch.autograd.backward([y, y], [torch.ones(2)], retain_graph=True),
             "got 2 tensors and 1 gradients")
