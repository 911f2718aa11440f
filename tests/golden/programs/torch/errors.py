"""torch's errors: implicit grad of non-scalars, no grad_fn, unused inputs, integer grads, numpy()."""
import torch
from harness import emit, expect_error

x = torch.tensor([1.0, 2.0], requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
expect_error("nonscalar_backward", lambda: (x * 2).backward(), "grad can be implicitly created only for scalar outputs")
expect_error("nonscalar_grad", lambda: torch.autograd.grad(x * 2, x), "grad can be implicitly created only for scalar outputs")
expect_error("no_grad_fn", lambda: torch.tensor(1.0).backward(), "element 0 of tensors does not require grad and does not have a grad_fn")
expect_error("no_grad_fn_grad", lambda: torch.autograd.grad(torch.tensor(1.0), [x]), "does not require grad and does not have a grad_fn")
expect_error("unused", lambda: torch.autograd.grad((x * 2).sum(), [x, y]), "appears to not have been used in the graph")
emit("allow_unused", torch.autograd.grad((x * 2).sum(), [x, y], allow_unused=True))
emit("materialize", torch.autograd.grad((x * 2).sum(), [x, y], materialize_grads=True))
expect_error("input_no_grad", lambda: torch.autograd.grad((x * 2).sum(), [torch.tensor(1.0)]), "One of the differentiated Tensors does not require grad")
expect_error("int_requires_grad", lambda: torch.tensor([1, 2], requires_grad=True), "Only Tensors of floating point and complex dtype can require gradients")
expect_error("int_requires_grad_", lambda: torch.tensor([1, 2]).requires_grad_(), "only Tensors of floating point dtype can require gradients")
expect_error("numpy_requires_grad", lambda: x.numpy(), "Can't call numpy() on Tensor that requires grad")
emit("numpy_detached", x.detach().numpy())
expect_error("item_many", lambda: x.item(), "a Tensor with 2 elements cannot be converted to Scalar")
expect_error("broadcast", lambda: x + torch.ones(3), "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
expect_error("mm_shapes", lambda: torch.ones(2, 3) @ torch.ones(2, 3), "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)")
expect_error("mm_dtypes", lambda: torch.ones(2, 2) @ torch.ones(2, 2, dtype=torch.float64), "expected m1 and m2 to have the same dtype")
expect_error("mean_int", lambda: torch.tensor([1, 2]).mean(), "mean(): could not infer output dtype")
expect_error("grad_shape", lambda: (x * 2).backward(torch.ones(3)), "Mismatch in shape")
expect_error("nonleaf_requires_grad", lambda: (x * 2).requires_grad_(False), "you can only change requires_grad flags of leaf variables")
expect_error("leaf_inplace", lambda: x.add_(1.0), "a leaf Variable that requires grad is being used in an in-place operation")


def twice():
    z = (x * x).sum()
    z.backward()
    z.backward()


expect_error("second_backward", twice, "Trying to backward through the graph a second time")
emit("x_grad_after", x.grad)
z = (x * x).sum()
z.backward(retain_graph=True)
z.backward()
emit("retained", x.grad)
s = (x + x).sum()
s.backward()
s.backward()
emit("add_twice", x.grad)

# misuse that must give torch's errors, not JAX's or Python's internals
v = torch.tensor([1.0, 2.0], requires_grad=True)
expect_error("grad_input_not_tensor", lambda: torch.autograd.grad((v * v).sum(), ["a"]),
             "all inputs have to be Tensors or GradientEdges, but got str")
expect_error("add_str", lambda: v + "a", "unsupported operand type(s) for +")
expect_error("vec_at_mat", lambda: v @ torch.ones(1, 3), "mat1 and mat2 shapes cannot be multiplied (1x2 and 1x3)")
expect_error("mat_at_vec", lambda: torch.ones(2, 3) @ v, "size mismatch, got input (2), mat (2x3), vec (2)")
expect_error("batched_at_mat", lambda: torch.ones(2, 2, 3) @ torch.ones(2, 2), "mat1 and mat2 shapes cannot be multiplied (4x3 and 2x2)")
expect_error("batched_at_vec", lambda: torch.ones(2, 3, 4) @ torch.ones(5), "size mismatch, got input (6), mat (6x4), vec (5)")
expect_error("batched_inner", lambda: torch.ones(2, 2, 3) @ torch.ones(2, 4, 2), "Expected size for first two dimensions of batch2 tensor")
expect_error("batched_broadcast", lambda: torch.ones(2, 2, 3) @ torch.ones(3, 3, 2), "The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0")
