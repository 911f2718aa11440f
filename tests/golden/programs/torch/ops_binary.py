"""Binary elementwise ops: arithmetic, maximum/minimum, clamp, lerp, where, division modes,
comparisons, logic, isnan/isfinite, allclose/equal; values, dtypes and gradients."""
import torch
from harness import emit, emit_text

a = torch.tensor([1.5, -2.0, 3.0, 0.5], requires_grad=True)
b = torch.tensor([0.5, 2.0, -1.0, 0.5], requires_grad=True)
w = torch.tensor([0.0, 0.25, 0.75, 1.0], requires_grad=True)
cases = {
    "add_alpha": lambda: torch.add(a, b, alpha=2), "sub_alpha": lambda: torch.sub(a, b, alpha=0.5),
    "mul": lambda: torch.mul(a, b), "div": lambda: torch.div(a, b),
    "div_trunc": lambda: torch.div(a, b, rounding_mode="trunc"),
    "div_floor": lambda: torch.div(a, b, rounding_mode="floor"),
    "floordiv_op": lambda: a // b, "mod_op": lambda: a % b, "remainder": lambda: torch.remainder(a, 1.25),
    "pow": lambda: torch.pow(a.abs(), b), "pow_scalar": lambda: a ** 2,
    "maximum": lambda: torch.maximum(a, b), "minimum": lambda: torch.minimum(a, b),
    "max_binary": lambda: torch.max(a, b), "min_binary": lambda: torch.min(a, b),
    "clamp": lambda: torch.clamp(a, -1.0, 1.0), "clamp_min": lambda: a.clamp(min=0.0),
    "clamp_max": lambda: a.clamp(max=0.75), "clip": lambda: torch.clip(a, 0.0, 2.0),
    "clamp_tensor": lambda: torch.clamp(a, min=b), "clamp_tensors": lambda: a.clamp(b - 1, b + 1),
    "lerp_scalar": lambda: torch.lerp(a, b, 0.3), "lerp_tensor": lambda: torch.lerp(a, b, w),
    "where": lambda: torch.where(a > b, a, b), "where_scalar": lambda: torch.where(a > 0, a, 0.0),
    "where_scalar2": lambda: torch.where(a > 0, 1.0, b),
}
for name, f in cases.items():
    out = f()
    emit(name, out)
    emit_text(name + "_dtype", out.dtype)
    if name in ("floordiv_op", "div_floor", "div_trunc"):  # torch: no derivative for floor_divide
        continue
    emit(name + "_grads", torch.autograd.grad(out.sum(), [a, b, w], allow_unused=True))

i = torch.tensor([7, -7, 5, -5])
j = torch.tensor([2, 2, -3, -3])
for name, f in {"int_div": lambda: i / j, "int_trunc": lambda: torch.div(i, j, rounding_mode="trunc"),
                "int_floor": lambda: torch.div(i, j, rounding_mode="floor"), "int_floordiv": lambda: i // j,
                "int_mod": lambda: i % j, "int_maximum": lambda: torch.maximum(i, j),
                "int_clamp": lambda: i.clamp(-3, 3), "int_clamp_float": lambda: i.clamp(-2.5, 2.5),
                "int_where": lambda: torch.where(i > 0, i, 0.5), "int_pow": lambda: j ** 2,
                "int_scalar_div": lambda: i.div(2, rounding_mode="floor"), "rfloordiv": lambda: 10 // j,
                "int_lerp_like": lambda: torch.lerp(i.float(), j.float(), 0.5)}.items():
    out = f()
    emit(name, out)
    emit_text(name + "_dtype", out.dtype)

f = torch.tensor([1.0, 2.0, float("nan"), 4.0])
g = torch.tensor([1.0, 3.0, 2.0, 4.0])
for name, fn in {"eq": lambda: f == g, "ne": lambda: f != g, "lt": lambda: f < g, "le": lambda: f <= g,
                 "gt": lambda: f > g, "ge": lambda: f >= g, "eq_scalar": lambda: f == 2,
                 "lt_int": lambda: torch.tensor([1, 2, 3]) < 2.5, "torch_eq": lambda: torch.eq(f, g),
                 "ge_method": lambda: f.ge(g), "isnan": lambda: torch.isnan(f),
                 "isfinite": lambda: f.isfinite(), "isinf": lambda: torch.isinf(f / 0),
                 "and": lambda: (f > 1) & (g < 4), "or": lambda: (f > 1) | (g < 2), "xor": lambda: (f > 1) ^ (g > 1),
                 "invert": lambda: ~(f > 1), "int_and": lambda: torch.tensor([6, 3]) & torch.tensor([3, 5]),
                 "logical_and": lambda: torch.logical_and(f, g), "logical_not": lambda: torch.logical_not(f)}.items():
    out = fn()
    emit(name, out)
    emit_text(name + "_repr", repr(out))

emit("allclose", torch.allclose(g, g + 1e-7))
emit("allclose_far", torch.allclose(g, g + 1e-3))
emit("allclose_nan", torch.allclose(f, f, equal_nan=True))
emit("equal", torch.equal(g, g.clone()))
emit("equal_shape", torch.equal(g, g[:2]))
emit("equal_values", torch.equal(g, g + 1))
emit_text("compare_requires_grad", ((a > b).requires_grad, (a > b).grad_fn))
