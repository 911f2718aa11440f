"""torch.frac (values, gradient, integer error) and the grad_fn names of the clamp family."""
import torch
from harness import emit, emit_text, expect_error

x = torch.tensor([1.5, -2.25, 3.0, -0.75], requires_grad=True)
f = torch.frac(x)
emit("frac", f)
emit_text("frac_repr", repr(x.frac()))
f.sum().backward()
emit("frac_grad", x.grad)
expect_error("frac_int", lambda: torch.frac(torch.tensor([3, -2])), "\"frac_cpu\" not implemented for 'Long'")
for name, fn in [("clamp_min_kw", lambda t: t.clamp(min=0)), ("clamp_max_kw", lambda t: torch.clamp(t, max=1)),
                 ("clamp_both", lambda t: t.clamp(-1, 1)), ("clamp_min_fn", lambda t: torch.clamp_min(t, 0)),
                 ("clamp_max_method", lambda t: t.clamp_max(1)),
                 ("clamp_tensor", lambda t: t.clamp(min=torch.zeros(4)))]:
    emit_text(name, repr(fn(x)))
