"""Module.to / .cpu() / .cuda() / .half() / .double() on a host without CUDA: parameters,
buffers and gradients keep their identity and move or cast in place; a training step after
``model.to(device)`` (the usual idiom) matches torch; cuda requests fail as a CPU-only torch."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(5)


def arr(*shape):
    return rng.normal(size=shape).astype(np.float32)


model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
model.load_state_dict({"0.weight": torch.tensor(arr(4, 3)), "0.bias": torch.tensor(arr(4)),
                       "1.weight": torch.tensor(arr(4)), "1.bias": torch.tensor(arr(4)),
                       "1.running_mean": torch.zeros(4), "1.running_var": torch.ones(4),
                       "1.num_batches_tracked": torch.tensor(0),
                       "3.weight": torch.tensor(arr(2, 4)), "3.bias": torch.tensor(arr(2))})
device = "cuda" if torch.cuda.is_available() else "cpu"
params_before = list(model.parameters())
returned = model.to(device)
emit_text("to_returns_self", returned is model)
emit_text("same_parameters", all(p is q for p, q in zip(model.parameters(), params_before)))
emit_text("devices", sorted({repr(p.device) for p in model.parameters()} | {repr(b.device) for b in model.buffers()}))
emit_text("cpu_returns_self", model.cpu() is model)

x = torch.tensor(arr(5, 3)).to(device)
y = torch.tensor(arr(5, 2)).to(device)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for step in range(3):
    opt.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    opt.step()
    emit(f"step{step}_loss", loss)
emit("params", [p.detach() for p in model.parameters()])
emit("running_stats", [model[1].running_mean, model[1].running_var, model[1].num_batches_tracked])
emit_text("grad_devices", sorted({repr(p.grad.device) for p in model.parameters()}))

# dtype moves keep identity and cast gradients too
model.to(torch.float64)
emit_text("double_dtypes", [str(p.dtype) for p in model.parameters()] + [str(b.dtype) for b in model.buffers()])
emit_text("double_grad_dtype", model[0].weight.grad.dtype)
emit("double_forward", model(x.double()))
model.to("cpu", torch.float32)
emit_text("back_to_float", [str(p.dtype) for p in model.parameters()])
model.to(torch.zeros(1, dtype=torch.float64))
emit_text("to_tensor_dtype", [str(p.dtype) for p in model.parameters()])
model.to(device=torch.device("cpu"), dtype=torch.float32)
emit_text("to_kwargs_dtype", [str(p.dtype) for p in model.parameters()])
half = nn.Linear(2, 2).half()
emit_text("half", [str(p.dtype) for p in half.parameters()])

expect_error("module_cuda", lambda: model.cuda(), "Torch not compiled with CUDA enabled")
expect_error("module_to_cuda", lambda: model.to("cuda"), "Torch not compiled with CUDA enabled")
expect_error("module_to_cuda1", lambda: model.to(torch.device("cuda", 1)), "Torch not compiled with CUDA enabled")
expect_error("module_to_int", lambda: model.to(torch.int64), "nn.Module.to only accepts floating point or complex dtypes")
emit_text("after_errors_devices", sorted({repr(p.device) for p in model.parameters()}))
emit("after_errors_forward", model(x))
