"""Printing of many deterministic pseudo-random tensors: widths, signs, sci mode, summarization."""
import numpy as np
import torch
from harness import emit_text

rng = np.random.RandomState(0)
shapes = [(), (1,), (5,), (3, 4), (2, 3, 4), (20,), (7, 9), (2, 2, 2, 2)]
scales = [1e-6, 1e-3, 0.5, 1.0, 37.0, 1e4, 1e9]
k = 0
for shape in shapes:
    for scale in scales:
        a = np.asarray(rng.randn(*shape) * scale).astype(np.float32)
        emit_text(f"f32_{k}", repr(torch.tensor(a)))
        emit_text(f"f64_{k}", repr(torch.tensor(a.astype(np.float64) * 1.0000001)))
        emit_text(f"round_{k}", repr(torch.tensor(np.round(a))))
        emit_text(f"int_{k}", repr(torch.tensor((a * 10).astype(np.int64))))
        k += 1
emit_text("neg_int_mode", repr(torch.tensor([-1., 2., -300.])))
emit_text("mixed_zero", repr(torch.tensor([0., -0., 1e-3])))
emit_text("grad_fn_wrap", repr(torch.tensor([[1.123456, -2.5] * 4] * 3, requires_grad=True) * 1.5))
emit_text("int32_wide", repr(torch.tensor(list(range(-5, 60)), dtype=torch.int32)))
emit_text("bool_matrix", repr(torch.tensor([[True, False], [False, True]])))
emit_text("f64_requires", repr(torch.tensor([1e-8, 1.0], dtype=torch.float64, requires_grad=True)))
