"""Creation functions: values, dtypes, shapes and reprs as torch gives them."""
import numpy as np
import torch
from harness import emit, emit_text

cases = {
    "tensor_float": lambda: torch.tensor([1.0, 2.5]),
    "tensor_int": lambda: torch.tensor([[1, 2], [3, 4]]),
    "tensor_bool": lambda: torch.tensor([True, False]),
    "tensor_mixed": lambda: torch.tensor([1, 2.5]),
    "tensor_dtype": lambda: torch.tensor([1, 2], dtype=torch.float64),
    "tensor_np32": lambda: torch.tensor(np.array([1.5, 2.0], dtype=np.float32)),
    "tensor_npint": lambda: torch.tensor(np.array([1, 2], dtype=np.int16)),
    "tensor_scalar": lambda: torch.tensor(3.5),
    "as_tensor": lambda: torch.as_tensor([1, 2, 3]),
    "as_tensor_dtype": lambda: torch.as_tensor(np.array([1, 2]), dtype=torch.float32),
    "from_numpy": lambda: torch.from_numpy(np.array([[1, 2]], dtype=np.int32)),
    "from_numpy_f64": lambda: torch.from_numpy(np.array([0.5, 1.5])),
    "zeros": lambda: torch.zeros(2, 3),
    "zeros_tuple": lambda: torch.zeros((2, 1), dtype=torch.int64),
    "ones": lambda: torch.ones([3]),
    "ones_int": lambda: torch.ones(2, dtype=torch.int32),
    "full_int": lambda: torch.full((2, 2), 7),
    "full_float": lambda: torch.full((3,), 1.5),
    "full_bool": lambda: torch.full((2,), True),
    "full_dtype": lambda: torch.full((2,), 3, dtype=torch.float64),
    "arange": lambda: torch.arange(5),
    "arange_start": lambda: torch.arange(2, 8, 2),
    "arange_float": lambda: torch.arange(0, 1, 0.25),
    "arange_neg": lambda: torch.arange(5, 0, -2),
    "arange_dtype": lambda: torch.arange(4, dtype=torch.float64),
    "linspace": lambda: torch.linspace(0, 1, 5),
    "linspace_neg": lambda: torch.linspace(-2.0, 3.0, 7),
    "linspace_one": lambda: torch.linspace(3, 4, 1),
    "eye": lambda: torch.eye(3),
    "eye_rect": lambda: torch.eye(2, 4, dtype=torch.int64),
    "zeros_like": lambda: torch.zeros_like(torch.tensor([[1, 2]])),
    "ones_like": lambda: torch.ones_like(torch.tensor([1.0, 2.0]), dtype=torch.float64),
    "full_like": lambda: torch.full_like(torch.tensor([1, 2, 3]), 4),
    "full_like_f": lambda: torch.full_like(torch.tensor([1.0, 2.0]), 0.5),
    "empty_shape": lambda: torch.empty(2, 3).shape,
    "empty_like_dtype": lambda: torch.empty_like(torch.tensor([1, 2])).dtype,
}
for name, f in cases.items():
    out = f()
    if isinstance(out, torch.Tensor):
        emit(name, out)
        emit_text(name + "_repr", repr(out))
        emit_text(name + "_dtype", out.dtype)
    else:
        emit_text(name, out)

x = torch.zeros(2, 3, requires_grad=True)
emit_text("zeros_rg", repr(x))
emit_text("full_rg", repr(torch.full((2,), 2.0, requires_grad=True)))
emit_text("arange_rg", repr(torch.arange(3.0, requires_grad=True)))
emit_text("linspace_f64", repr(torch.linspace(0, 1, 3, dtype=torch.float64)))
emit_text("bf16", repr(torch.tensor([1.5, 2.0], dtype=torch.bfloat16)))
emit_text("f16", repr(torch.tensor([1.5, 2.0], dtype=torch.float16)))
emit_text("u8", repr(torch.tensor([1, 200], dtype=torch.uint8)))
emit_text("i8", repr(torch.tensor([-1, 100], dtype=torch.int8)))
emit("bf16_values", torch.tensor([1.5, 2.0, 3.1], dtype=torch.bfloat16).float())
