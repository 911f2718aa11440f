"""dtypes: promotion across operand kinds, casts, .to, type_as, item/tolist/numpy, attributes."""
import torch
from harness import emit, emit_text

dts = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float16,
       torch.bfloat16, torch.float32, torch.float64]
lines = []
for a in dts:
    for b in dts:
        lines.append(f"{a} {b} {torch.promote_types(a, b)}")
emit_text("promote_types", "\n".join(lines))

operands = {"i32": torch.tensor([1, 2], dtype=torch.int32), "f16": torch.tensor([1.0, 2.0], dtype=torch.float16),
            "u8": torch.tensor([1, 2], dtype=torch.uint8), "b": torch.tensor([True, False]),
            "f64_0d": torch.tensor(2.0, dtype=torch.float64), "i64_0d": torch.tensor(3),
            "f32": torch.tensor([1.0, 2.0]), "int": 2, "float": 0.5, "bool": True}
out = []
for na, a in operands.items():
    for nb, b in operands.items():
        if not isinstance(a, torch.Tensor) and not isinstance(b, torch.Tensor):
            continue
        r = [str((a + b).dtype)]
        for op in ("*", "/", "<"):
            r.append(str(eval(f"a {op} b").dtype))
        out.append(f"{na} {nb} {' '.join(r)}")
emit_text("binary_result_dtypes", "\n".join(out))

x = torch.tensor([[1.5, -2.25], [3.0, 0.5]])
casts = {"float": x.float(), "double": x.double(), "long": x.long(), "int": x.int(), "half": x.half(),
         "bool": x.bool(), "to_f64": x.to(torch.float64), "to_kw": x.to(dtype=torch.int16),
         "to_device": x.to("cpu"), "to_device_dtype": x.to(torch.device("cpu"), torch.float64),
         "to_other": x.to(torch.tensor([1], dtype=torch.int8)), "type_as": x.type_as(torch.tensor([1])),
         "bf16": x.bfloat16().float(), "byte": torch.tensor([1.7, 300.0]).byte()}
for name, t in casts.items():
    emit(name, t)
    emit_text(name + "_dtype", t.dtype)
emit("to_same_is_self", x.to(torch.float32) is x)
emit("to_device_is_self", x.to("cpu") is x)
emit("item_float", x[0, 0].item())
emit("item_int", torch.tensor([7]).item())
emit("item_bool", torch.tensor(True).item())
emit("tolist", x.tolist())
emit("tolist_int", torch.tensor([[1, 2]]).tolist())
emit("numpy", x.numpy())
emit_text("attributes", [x.shape, x.size(), x.size(1), x.size(-1), x.dim(), x.numel(), x.ndim, x.dtype,
                         x.device, len(x)])
emit_text("device_repr", repr(x.device))
emit_text("device_eq", x.device == torch.device("cpu"))
y = torch.arange(24.0).reshape(2, 3, 4)
emit("T", y.T)
emit("mT", y.mT)
emit_text("T_shape", (y.T.shape, y.mT.shape, x.t().shape))
emit_text("is_floating_point", (x.is_floating_point(), x.long().is_floating_point()))
emit_text("dtype_props", [(d, d.is_floating_point, d.is_signed, d.itemsize) for d in dts])
w = torch.tensor([1.0, 2.0], requires_grad=True)
g = torch.autograd.grad((w.double() * 3).sum(), w)[0]
emit("cast_grad", g)
emit_text("cast_grad_dtype", g.dtype)
emit_text("cast_grad_fn", w.double().grad_fn.name())
