"""Random creation: shapes, dtypes, ranges and seeded determinism (not torch's numbers)."""
import torch
from harness import emit, emit_text

torch.manual_seed(0)
a = torch.rand(3, 4)
b = torch.randn(2, 5, dtype=torch.float64)
c = torch.randint(0, 10, (4, 3))
d = torch.randint(5, (6,))
for name, t in {"rand": a, "randn": b, "randint": c, "randint_high": d}.items():
    emit_text(name + "_shape", t.shape)
    emit_text(name + "_dtype", t.dtype)
emit("rand_in_range", bool(((a >= 0) & (a < 1)).all()))
emit("randint_in_range", bool(((c >= 0) & (c < 10)).all()))
emit("randint_high_in_range", bool(((d >= 0) & (d < 5)).all()))

torch.manual_seed(123)
first = torch.rand(5)
torch.manual_seed(123)
second = torch.rand(5)
emit("same_seed_same_numbers", torch.equal(first, second))
emit("stream_moves_on", torch.equal(torch.rand(5), second))

g = torch.Generator()
g.manual_seed(7)
x1 = torch.randn(3, generator=g)
g.manual_seed(7)
x2 = torch.randn(3, generator=g)
emit("generator_deterministic", torch.equal(x1, x2))
emit_text("rand_like", (torch.rand_like(torch.zeros(2, 2, dtype=torch.float64)).dtype,
                        torch.randn_like(torch.zeros(3)).shape))
emit_text("randint_like", torch.randint_like(torch.zeros(2, dtype=torch.int32), 3).dtype)
r = torch.rand(2, requires_grad=True)
emit_text("rand_requires_grad", r.requires_grad)
emit_text("randn_f16", torch.randn(2, dtype=torch.float16).dtype)
