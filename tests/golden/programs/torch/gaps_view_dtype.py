"""Tensor.view(dtype): a bitcast sharing storage with its source (same element size: same
shape; other sizes: the last dimension scales), torch's errors, and no gradient."""
import torch
from harness import emit, emit_text, expect_error

x = torch.tensor([[1.0, -2.0], [3.5, 0.25]], requires_grad=True)
i = x.view(torch.int32)
emit("f32_i32", i)
emit_text("f32_i32_repr", repr(i))
emit_text("f32_i32_flags", (i.requires_grad, i.grad_fn, i.is_leaf, i._is_view(), i._base))
emit("f32_i32_kw", x.view(dtype=torch.int32))
h = x.view(torch.float16)
emit("f32_f16", h)
emit_text("f32_f16_shape", h.shape)
emit_text("f32_f16_repr", repr(h))
emit("f32_u8", x.view(torch.uint8))
emit("f32_bool", x.view(torch.bool))
emit("f32_bf16", x.view(torch.bfloat16).float())
emit("f32_i64", x.view(torch.int64))
emit("f32_f64", x.view(torch.float64))
emit("pyfloat", torch.tensor([1.0, 2.0]).view(float))
emit("i8_f32", torch.arange(8, dtype=torch.int8).view(torch.float32))
emit("i64_f64", torch.tensor([4607182418800017408, -4611686018427387904]).view(torch.float64))
emit("u8_bool", torch.tensor([0, 1, 2], dtype=torch.uint8).view(torch.bool))
emit("zero_dim", torch.tensor(1.0).view(torch.int32))
emit("transposed_same_size", x.t().view(torch.int32))
emit_text("transposed_stride", x.t().view(torch.int32).stride())
emit_text("wide_rows_stride", torch.zeros(3, 8, dtype=torch.uint8).view(torch.float32).stride())
emit_text("narrow_stride", torch.zeros(2, 3).view(torch.int16).stride())
emit_text("sliced_rows", torch.zeros(3, 8, dtype=torch.uint8)[:, 4:].view(torch.float32).shape)
# no gradient: not even float32 -> float32
hx = x * 2
emit_text("same_dtype_flags", (hx.view(torch.float32).requires_grad, hx.view(torch.float32).grad_fn))
expect_error("no_grad", lambda: torch.autograd.grad(x.view(torch.float16).float().sum(), x),
             "does not require grad and does not have a grad_fn")
# errors
expect_error("zero_dim_size", lambda: torch.tensor(1.0).view(torch.int8), "self.dim() cannot be 0 to view Float as Char")
expect_error("stride_last", lambda: x.t().view(torch.int64), "self.stride(-1) must be 1 to view Float as Long")
expect_error("stride_last_narrow", lambda: x.t().view(torch.int8), "self.stride(-1) must be 1 to view Float as Char")
expect_error("size_last", lambda: torch.ones(3).view(torch.int64), "self.size(-1) must be divisible by 2")
expect_error("offset", lambda: torch.ones(5)[1:5].view(torch.int64), "self.storage_offset() must be divisible by 2")
expect_error("stride_other", lambda: torch.zeros(3, 6, dtype=torch.uint8)[:, :4].view(torch.float32),
             "self.stride(0) must be divisible by 4 to view Byte as Float")
expect_error("strided_widen", lambda: torch.arange(16, dtype=torch.int8)[::2].view(torch.float32),
             "self.stride(-1) must be 1 to view Char as Float")
expect_error("with_size", lambda: torch.ones(2).view(torch.int32, 3), "view() received an invalid combination")
# shared storage, both ways
a = torch.zeros(4)
b = a.view(torch.int32)
b[0] = 1065353216
emit("write_view", a)
a.add_(1)
emit("write_base", b)
c = a.view(torch.uint8)
c[0:4] = 0
emit("write_bytes", a)
c[4:8].view(torch.float32).fill_(2.5)
emit("write_bytes_view", a)
emit("bytes_after", c[:8])
s = a[2:]
s.view(torch.int32).sub_(1)
emit("write_slice_view", a)
emit_text("same_storage", a.untyped_storage().data_ptr() == c.untyped_storage().data_ptr())
# an in-place change through an int view of a leaf that requires grad is allowed, as in torch
y = torch.tensor([1.0, 2.0], requires_grad=True)
y.view(torch.int32).add_(1)
emit("leaf_changed", y.detach() - torch.tensor([1.0, 2.0]))
emit("leaf_grad", torch.autograd.grad((y * y).sum(), y))
