"""torch.autograd.grad: every argument and its misuse errors."""
import warnings

import torch
from harness import emit, expect_error

x = torch.tensor([1., 2., 3.], requires_grad=True)
w = torch.tensor([0.5, -1., 2.], requires_grad=True)
y = x * w + x.sin()

emit("grad_outputs", torch.autograd.grad(y, x, grad_outputs=torch.tensor([1., 10., 100.]), retain_graph=True))
emit("two_inputs", torch.autograd.grad(y.sum(), [x, w], retain_graph=True))
emit("several_outputs", torch.autograd.grad([y.sum(), (y * y).sum()], [x], retain_graph=True))
emit("grad_outputs_f64", torch.autograd.grad(y, x, torch.ones(3, dtype=torch.float64), retain_graph=True))
emit("grad_outputs_list_none", torch.autograd.grad([y.sum(), y], x, [None, torch.ones(3)], retain_graph=True))
emit("batched", torch.autograd.grad(y, x, torch.tensor([[1., 0., 0.], [0., 1., 0.], [0., 0., 1.]]), retain_graph=True, is_grads_batched=True))
emit("batched_two", torch.autograd.grad(y, [x, w], torch.tensor([[1., 0., 0.], [1., 1., 1.]]),
                                        retain_graph=True, is_grads_batched=True))
unused = torch.tensor([5.], requires_grad=True)
emit("allow_unused", torch.autograd.grad(y.sum(), [x, unused], retain_graph=True, allow_unused=True))
emit("materialize", torch.autograd.grad(y.sum(), [x, unused], retain_graph=True, materialize_grads=True))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    emit("only_inputs_false", torch.autograd.grad(y.sum(), x, retain_graph=True, only_inputs=False))
emit("only_inputs_warning", [(w_.category.__name__, str(w_.message)) for w_ in caught])

(g,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
emit("create_graph_requires_grad", g.requires_grad)
(g2,) = torch.autograd.grad(g.sum(), x, create_graph=True)
(g3,) = torch.autograd.grad(g2.sum(), x)
emit("g2", g2)
emit("g3", g3)
emit("no_create_graph", torch.autograd.grad((x ** 3).sum(), x)[0].requires_grad)

expect_error("implicit_nonscalar", lambda: torch.autograd.grad(y, x, retain_graph=True),
             "grad can be implicitly created only for scalar outputs")
expect_error("shape_mismatch", lambda: torch.autograd.grad(y, x, torch.ones(2), retain_graph=True),
             "Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3])")
expect_error("batched_mismatch", lambda: torch.autograd.grad(y, x, torch.ones(3), retain_graph=True,
                                                             is_grads_batched=True),
             "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension")
expect_error("unused", lambda: torch.autograd.grad(y.sum(), [x, unused], retain_graph=True),
             "The differentiated Tensor at index 1 appears to not have been used in the graph")
expect_error("no_grad_output", lambda: torch.autograd.grad(torch.ones(2).sum(), x),
             "element 0 of tensors does not require grad and does not have a grad_fn")
expect_error("input_no_grad", lambda: torch.autograd.grad(y.sum(), torch.ones(3), retain_graph=True),
             "One of the differentiated Tensors does not require grad")
expect_error("empty_inputs", lambda: torch.autograd.grad(y.sum(), [], retain_graph=True),
             "`inputs` argument to `grad()` cannot be empty.")
expect_error("fewer_grads", lambda: torch.autograd.grad([y, y], x, [torch.ones(3)], retain_graph=True),
             "got 2 tensors and 1 gradients")
expect_error("materialize_and_not_unused", lambda: torch.autograd.grad(y.sum(), x, retain_graph=True,
                                                                       materialize_grads=True, allow_unused=False),
             "Expected allow_unused to be True or not passed when materialize_grads=True")
z = (x * x).sum()
torch.autograd.grad(z, x)
expect_error("freed", lambda: torch.autograd.grad(z, x), "Specify retain_graph=True")
