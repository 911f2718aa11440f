"""Shape functions: values, shapes, grad_fn names and gradients."""
import numpy as np
import torch
from harness import emit, emit_text

x = torch.tensor(np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7, requires_grad=True)
y = torch.tensor(np.arange(12, dtype=np.float32).reshape(3, 4) - 5, requires_grad=True)
s = torch.tensor([[1.0], [2.0], [3.0]], requires_grad=True)
weights = torch.tensor(np.linspace(-1, 2, 24, dtype=np.float32))
cases = {
    "reshape": lambda: x.reshape(4, 6), "reshape_infer": lambda: torch.reshape(x, (-1, 2)),
    "view": lambda: x.view(6, 4), "view_infer": lambda: x.view(2, -1), "view_as": lambda: y.view_as(torch.zeros(2, 6)),
    "flatten": lambda: x.flatten(), "flatten_dims": lambda: torch.flatten(x, 1), "flatten_mid": lambda: x.flatten(0, 1),
    "squeeze": lambda: s.squeeze(), "squeeze_dim": lambda: s.squeeze(1), "squeeze_noop": lambda: s.squeeze(0),
    "unsqueeze": lambda: y.unsqueeze(0), "unsqueeze_neg": lambda: torch.unsqueeze(y, -1),
    "transpose": lambda: x.transpose(0, 2), "transpose_neg": lambda: torch.transpose(x, -1, -2),
    "permute": lambda: x.permute(2, 0, 1), "permute_list": lambda: torch.permute(x, [1, 2, 0]),
    "t": lambda: y.t(), "T": lambda: y.T, "expand": lambda: s.expand(3, 4), "expand_new": lambda: s.expand(2, -1, 5),
    "expand_as": lambda: s.expand_as(y), "repeat": lambda: s.repeat(2, 3), "repeat_more": lambda: y.repeat(2, 1, 1),
    "cat": lambda: torch.cat([y, s], 1), "cat0": lambda: torch.cat((y, y)), "cat_neg": lambda: torch.cat([x, x], -1),
    "stack": lambda: torch.stack([y, y * 2]), "stack_dim": lambda: torch.stack([y, y], dim=2),
    "narrow": lambda: x.narrow(2, 1, 2), "narrow_fn": lambda: torch.narrow(y, 0, 1, 2),
    "contiguous": lambda: y.t().contiguous(), "clone": lambda: y.clone(),
    "split0": lambda: y.split(2)[1], "split_sizes": lambda: torch.split(y, [1, 3], dim=1)[1],
    "chunk": lambda: y.chunk(2, 1)[0], "chunk_uneven": lambda: torch.chunk(x, 3, 2)[1],
    "movedim": lambda: x.movedim(0, -1),
}
for name, f in cases.items():
    out = f()
    emit(name, out)
    emit_text(name + "_shape", out.shape)
    emit(name + "_grads", torch.autograd.grad((out * torch.arange(out.numel()).reshape(out.shape)).sum(),
                                              [x, y, s], allow_unused=True))
emit_text("split_shapes", [t.shape for t in torch.split(x, 2, dim=2)])
emit_text("split_uneven", [t.shape for t in y.split(3)])
emit_text("chunk_shapes", [t.shape for t in torch.chunk(torch.arange(5), 3)])
emit_text("chunk_many", [t.shape for t in torch.arange(6).chunk(4)])
emit_text("unbind", [t.tolist() for t in torch.tensor([[1, 2], [3, 4]]).unbind(1)])
emit("cat_promote", torch.cat([torch.tensor([1, 2]), torch.tensor([0.5])]))
emit("stack_int", torch.stack([torch.tensor([1, 2]), torch.tensor([3, 4])], 1))
emit("reshape_int", torch.arange(6).reshape(3, 2))
emit_text("squeeze_multi", torch.zeros(1, 2, 1, 3).squeeze((0, 2)).shape)
