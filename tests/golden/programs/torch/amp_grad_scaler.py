"""torch.amp.GradScaler on the CPU: a small training loop under bfloat16 autocast with explicit
weights, where one step's gradient is infinite and must be skipped (parameters unchanged, the
scale backed off), growth after ``growth_interval`` clean steps, unscale_ before clipping,
state_dict / load_state_dict, a disabled scaler, the deprecated torch.cuda.amp.GradScaler on a
host without CUDA, and the errors for calls out of order."""
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(11)


def arr(*shape, scale=1.0):
    return (rng.normal(size=shape) * scale).astype(np.float32)


model = nn.Sequential(nn.Linear(3, 6), nn.ReLU(), nn.Linear(6, 2))
model.load_state_dict({"0.weight": torch.tensor(arr(6, 3, scale=0.5)), "0.bias": torch.tensor(arr(6)),
                       "2.weight": torch.tensor(arr(2, 6, scale=0.5)), "2.bias": torch.tensor(arr(2))})
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 10, growth_factor=2.0, backoff_factor=0.25,
                              growth_interval=3)
emit_text("initial_state", scaler.state_dict())
emit_text("is_enabled", scaler.is_enabled())
xs = [torch.tensor(arr(5, 3)) for _ in range(8)]
ys = [torch.tensor(arr(5, 2)) for _ in range(8)]
for step, (x, y) in enumerate(zip(xs, ys)):
    opt.zero_grad()
    with torch.autocast("cpu"):
        out = model(x)
        loss = F.mse_loss(out, y)
    emit_text(f"step{step}_dtypes", [out.dtype, loss.dtype])
    scaled = scaler.scale(loss)
    emit(f"step{step}_scaled_loss", scaled)
    scaled.backward()
    if step == 2:
        with torch.no_grad():
            model[2].bias.grad[0] = float("inf")  # an overflowed gradient: this step must be skipped
    if step == 4:
        scaler.unscale_(opt)  # unscaled before clipping, as the docs show
        emit("step4_unscaled_grads", [p.grad for p in model.parameters()])
        emit("step4_clip_norm", torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5))
    before = [p.detach().clone() for p in model.parameters()]
    result = scaler.step(opt)
    emit_text(f"step{step}_result", result)
    emit_text(f"step{step}_changed", [bool((p != q).any()) for p, q in zip(model.parameters(), before)])
    scaler.update()
    emit_text(f"step{step}_scale", scaler.get_scale())
    emit_text(f"step{step}_tracker", scaler._get_growth_tracker())
    emit(f"step{step}_params", [p.detach() for p in model.parameters()])
    emit(f"step{step}_loss", loss.float())
emit_text("final_state", scaler.state_dict())

# load_state_dict into a fresh scaler
fresh = torch.amp.GradScaler("cpu")
fresh.load_state_dict(scaler.state_dict())
emit_text("loaded_state", fresh.state_dict())
emit_text("loaded_scale", fresh.get_scale())
expect_error("load_empty", lambda: fresh.load_state_dict({}), "The source state dict is empty")

# update(new_scale)
scaler.update(new_scale=128.0)
emit_text("new_scale", scaler.get_scale())

# calls out of order
x, y = xs[0], ys[0]


def one_backward(s):
    opt.zero_grad()
    s.scale(F.mse_loss(model(x), y)).backward()


one_backward(scaler)
scaler.unscale_(opt)
expect_error("unscale_twice", lambda: scaler.unscale_(opt), "unscale_() has already been called")
scaler.step(opt)
expect_error("step_twice", lambda: scaler.step(opt), "step() has already been called since the last update()")
expect_error("unscale_after_step", lambda: scaler.unscale_(opt), "unscale_() is being called after step()")
scaler.update()
expect_error("closure", lambda: scaler.step(opt, closure=lambda: 0.0), "Closure use is not currently supported")
unused = torch.amp.GradScaler("cpu")
expect_error("step_before_scale", lambda: unused.step(opt), "but _scale is None")
expect_error("update_before_scale", lambda: unused.update(), "but _scale is None")
expect_error("scale_non_tensor", lambda: scaler.scale(3.0), "outputs must be a Tensor or an iterable of Tensors")
expect_error("growth_factor", lambda: torch.amp.GradScaler("cpu", growth_factor=1.0), "The growth factor must be > 1.0.")
expect_error("backoff_factor", lambda: torch.amp.GradScaler("cpu", backoff_factor=1.0), "The backoff factor must be < 1.0.")
emit("scale_list", scaler.scale([torch.tensor([1.0, 2.0]), (torch.tensor(3.0),)]))

# fp16 gradients are refused
half = nn.Linear(2, 1).half()
half_opt = torch.optim.SGD(half.parameters(), lr=0.1)
half_scaler = torch.amp.GradScaler("cpu")
half_scaler.scale(half(torch.ones(1, 2, dtype=torch.float16)).sum()).backward()
expect_error("fp16_grads", lambda: half_scaler.unscale_(half_opt), "Attempting to unscale FP16 gradients.")

# a disabled scaler passes everything through
off = torch.amp.GradScaler("cpu", enabled=False)
loss = F.mse_loss(model(x), y)
emit_text("disabled_scale_is_identity", off.scale(loss) is loss)
emit_text("disabled_state", [off.state_dict(), off.get_scale(), off.is_enabled()])
opt.zero_grad()
off.scale(loss).backward()
before = [p.detach().clone() for p in model.parameters()]
off.step(opt)
off.update()
emit_text("disabled_step_changed", [bool((p != q).any()) for p, q in zip(model.parameters(), before)])


# cuda scalers on a host without CUDA warn and disable themselves
def warning_texts(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()
    return result, [f"{w.category.__name__}: {w.message}" for w in caught]


cuda_scaler, texts = warning_texts(lambda: torch.cuda.amp.GradScaler())
emit_text("cuda_amp_scaler_warnings", texts)
emit_text("cuda_amp_scaler_enabled", cuda_scaler.is_enabled())
default_scaler, texts = warning_texts(lambda: torch.amp.GradScaler())
emit_text("amp_default_scaler_warnings", texts)
emit_text("amp_default_scaler_state", [default_scaler.is_enabled(), default_scaler.get_scale()])
emit_text("torch_gradscaler_is_amp", torch.GradScaler is torch.amp.GradScaler)
