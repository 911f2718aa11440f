"""Indexing: basic and advanced (int tensors, lists, bool masks), gather, scatter,
index_select, masked_fill: values and gradients."""
import numpy as np
import torch
from harness import emit, emit_text

x = torch.tensor(np.arange(24, dtype=np.float32).reshape(2, 3, 4) - 10, requires_grad=True)
m = torch.tensor([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]], requires_grad=True)
cases = {
    "int": lambda: x[1], "int_neg": lambda: x[-1, 2], "slice": lambda: x[:, 1:], "slice_step": lambda: x[..., ::2],
    "none": lambda: x[None, 0], "ellipsis": lambda: x[..., 1], "mixed": lambda: x[0, :, None, 1:3],
    "scalar": lambda: x[1, 2, 3], "list": lambda: x[[0, 1, 1]], "tensor_idx": lambda: x[torch.tensor([1, 0])],
    "two_tensors": lambda: x[torch.tensor([0, 1]), torch.tensor([2, 0])],
    "tensor_and_slice": lambda: x[:, torch.tensor([2, 2, 0])], "sep_adv": lambda: x[torch.tensor([0, 1]), :, torch.tensor([3, 1])],
    "mask": lambda: m[m > 0], "mask_row": lambda: m[torch.tensor([True, False])], "mask_2d_of_3d": lambda: x[x[:, :, 0] > -5],
    "neg_tensor": lambda: x[torch.tensor([-1])], "idx_2d": lambda: m[torch.tensor([[0, 1], [1, 1]])],
    "repeat_idx": lambda: m[:, [0, 0, 2]],
    "gather": lambda: torch.gather(m, 1, torch.tensor([[0, 0], [2, 1]])),
    "gather0": lambda: m.gather(0, torch.tensor([[1, 0, 1]])),
    "index_select": lambda: torch.index_select(m, 1, torch.tensor([2, 0, 2])),
    "index_select0": lambda: m.index_select(0, torch.tensor([1])),
    "masked_fill": lambda: m.masked_fill(m < 0, 0.0), "masked_fill_fn": lambda: torch.masked_fill(m, m > 3, -1.0),
    "scatter": lambda: torch.scatter(m, 1, torch.tensor([[2], [0]]), torch.tensor([[10.0], [20.0]])),
    "scatter_value": lambda: m.scatter(0, torch.tensor([[1, 0, 1]]), 9.0),
    "scatter_add": lambda: m.scatter_add(1, torch.tensor([[0, 0, 1], [2, 2, 2]]), m * 2),
    "select": lambda: m.select(1, 2),
}
for name, f in cases.items():
    out = f()
    emit(name, out)
    emit_text(name + "_grad_fn", out.grad_fn.name())
    w = torch.arange(out.numel(), dtype=torch.float32).reshape(out.shape)
    emit(name + "_grads", torch.autograd.grad((out * w).sum(), [x, m], allow_unused=True))
i = torch.arange(10)
emit("int_adv", i[torch.tensor([9, 0, 3])])
emit("int_mask", i[i % 3 == 0])
emit("np_index", i[np.array([1, 2])])
emit("nonzero", torch.nonzero(torch.tensor([[0, 1], [2, 0]])))
emit("where_one_arg", torch.where(torch.tensor([0.0, 1.0, 2.0]) > 0.5))
emit("masked_select", torch.masked_select(m, m > 2).detach())
