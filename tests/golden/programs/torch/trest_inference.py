"""Inference tensors: torch.is_inference, their errors outside inference mode, views made in
inference mode, inference_mode(False), in-place view ops, the decorator."""
import torch
from harness import emit, expect_error

s = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
a = s.clone()  # made outside: a normal tensor
with torch.inference_mode():
    c = torch.tensor([1.0, 2.0, 3.0])
    cg = torch.tensor([4.0, 5.0, 6.0], requires_grad=True)
    prod = cg * 2
    view_of_normal = a.view(3)
    with torch.inference_mode(False):
        inner = [torch.is_inference_mode_enabled(), torch.is_grad_enabled(), torch.ones(1).is_inference()]
emit("is_inference", [torch.is_inference(c), c.is_inference(), cg.is_inference(), prod.is_inference(),
                      s.is_inference(), a.is_inference(), view_of_normal.is_inference()])
emit("requires_grad", [c.requires_grad, cg.requires_grad, prod.requires_grad, view_of_normal.requires_grad,
                       view_of_normal.is_leaf])
emit("inference_false_inside", inner)
expect_error("version", lambda: c._version, "Inference tensors do not track version counter")
expect_error("inplace_outside", lambda: c.add_(1), "Inplace update to inference tensor outside InferenceMode")
expect_error("saved_for_backward", lambda: c * s, "Inference tensors cannot be saved for backward")
out = c + s  # add saves nothing: allowed
out.sum().backward()
emit("grad_through_add", s.grad)
emit("functional_on_inference", [(c * 2).is_inference(), (c * 2).requires_grad])
v = c.view(3)
emit("view_of_inference", [v.is_inference(), v._is_view(), v.requires_grad])
expect_error("view_inplace_outside", lambda: view_of_normal.mul_(2),
             "A view was created in inference mode and is being modified inplace in normal mode")
expect_error("is_inference_type", lambda: torch.is_inference(1.0), "must be Tensor")
with torch.inference_mode():
    c2 = torch.tensor([1.0, 2.0, 3.0])
    c2.add_(1)
    c2.transpose_(0, 0)
emit("inplace_inside", [c2, c2.is_inference()])


@torch.inference_mode()
def double(t):
    return t * 2, torch.is_inference_mode_enabled()


r, flag = double(s)
emit("decorator", [flag, r.is_inference(), r.requires_grad, torch.is_inference_mode_enabled()])
