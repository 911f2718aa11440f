"""torch's type promotion: dimensioned tensors > zero-dim tensors > python scalars."""
import torch
from harness import emit, emit_text

i64 = torch.tensor([1, 2, 3])
i32 = torch.tensor([1, 2, 3], dtype=torch.int32)
f32 = torch.tensor([1.0, 2.0, 3.0])
f64 = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
b = torch.tensor([True, False, True])
cases = {
    "i64_plus_int": lambda: i64 + 2, "i64_times_float": lambda: i64 * 2.5, "i64_div_int": lambda: i64 / 2,
    "i32_plus_int": lambda: i32 + 2, "i32_plus_i64_0d": lambda: i32 + torch.tensor(2),
    "i32_times_f64_0d": lambda: i32 * torch.tensor(2.0, dtype=torch.float64),
    "f32_plus_f64_0d": lambda: f32 + torch.tensor(1.0, dtype=torch.float64),
    "f32_plus_f64": lambda: f32 + f64, "i32_plus_i64": lambda: i32 + i64, "f32_plus_i64": lambda: f32 + i64,
    "bool_plus_bool": lambda: b + True, "bool_plus_int": lambda: b + 1, "bool_times_float": lambda: b * 1.5,
    "i64_pow_int": lambda: i64 ** 2, "i32_pow_float": lambda: i32 ** 2.0, "int_rpow": lambda: 2 ** i64,
    "float_rpow_int": lambda: 2.0 ** i64, "f64_times_float": lambda: f64 * 0.1,
    "f32_0d_plus_i64": lambda: torch.tensor(1.5) + i64, "i64_0d_plus_float": lambda: torch.tensor(3) + 0.5,
    "sum_int": lambda: i32.sum(), "sum_bool": lambda: b.sum(), "exp_int": lambda: torch.exp(i64),
    "mean_f64": lambda: f64.mean(), "matmul_f64": lambda: f64 @ f64, "sin_int": lambda: i32.sin(),
}
for name, f in cases.items():
    r = f()
    emit(name, r)
    emit_text(name + "_dtype", str(r.dtype))
emit_text("dtypes", [str(d) for d in (torch.float32, torch.float, torch.float64, torch.double, torch.int32,
                                       torch.int64, torch.long, torch.bool)])
emit_text("tensor_dtypes", [str(torch.tensor(v).dtype) for v in (1, 1.0, True, [1, 2], [1.0, 2], [True])])
emit_text("zeros_dtype", str(torch.zeros(2).dtype))
emit_text("ones_like_dtype", str(torch.ones_like(i32).dtype))
emit("promote", str(torch.promote_types(torch.int32, torch.float32)))
