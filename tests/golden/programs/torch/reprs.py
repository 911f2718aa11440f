"""repr/str exactly as torch prints: scalars, vectors, matrices, ints, float64, sci mode, suffixes."""
import torch
from harness import emit_text

values = [
    torch.tensor(12.), torch.tensor(3.14159), torch.tensor(-0.5), torch.tensor(0.), torch.tensor(7),
    torch.tensor(True), torch.tensor([1., 2., 3.]), torch.tensor([1.5, -2.25, 100.0]),
    torch.tensor([1e-5, 1.0]), torch.tensor([1e10, 1.0]), torch.tensor([123456789.0]),
    torch.tensor([1, -20, 300]), torch.tensor([True, False]), torch.tensor([[1., 2.], [3., 4.]]),
    torch.tensor([[1.5, 2.], [3., 4.25]], dtype=torch.float64), torch.tensor([1, 2], dtype=torch.int32),
    torch.tensor([[[1., 2.], [3., 4.]], [[5., 6.], [7., 8.]]]), torch.zeros(2, 3), torch.ones(3, dtype=torch.int64),
    torch.tensor([0.1, 0.2, 0.3], dtype=torch.float64), torch.tensor([[0.001, 12345.0], [1.0, 2.0]]),
    torch.tensor([float("inf"), -float("inf"), float("nan"), 1.0]), torch.tensor([float("nan"), 1.5]),
    torch.tensor(2.5, dtype=torch.float64), torch.tensor([]), torch.zeros(0, 2),
    torch.tensor([i * 0.37 for i in range(30)]), torch.tensor(list(range(40))),
    torch.tensor([[i * 1.1 + j for j in range(12)] for i in range(3)]),
    torch.tensor([i * 0.5 for i in range(1200)]),
    torch.tensor([[i + j * 0.25 for j in range(50)] for i in range(40)]),
]
for i, v in enumerate(values):
    emit_text(f"repr_{i}", repr(v))
    emit_text(f"str_{i}", str(v))

x = torch.tensor([1., 2.], requires_grad=True)
emit_text("requires_grad", repr(x))
emit_text("requires_grad_scalar", repr(torch.tensor(2., requires_grad=True)))
emit_text("requires_grad_f64", repr(torch.tensor([1., 2.], dtype=torch.float64, requires_grad=True)))
emit_text("grad_fn_mul", repr(x * 2))
emit_text("grad_fn_add", repr(x + x))
emit_text("grad_fn_sum", repr((x * x).sum()))
emit_text("grad_fn_mean", repr(x.mean()))
emit_text("grad_fn_f64", repr(x.double() * 3))
emit_text("grad_fn_long", repr(torch.tensor([[i * 0.123456 for i in range(6)] for _ in range(3)],
                                             requires_grad=True).exp()))
emit_text("print_pair", f"{torch.tensor(12.)} {torch.tensor(4.)}")
emit_text("size", repr(torch.zeros(2, 3).shape))
emit_text("size_call", str(torch.zeros(2, 3).size()))
emit_text("format", f"{torch.tensor(2.5):.3f}")
