"""Autocast on the CPU (bfloat16 by default, float16 on request): torch's per-op policy
(matmul/linear/conv in the autocast dtype, losses and prod in float32, other ops in their
inputs' dtype), a forward and backward with explicit weights (dtypes, values, float32
gradients of float32 leaves), nesting, the decorator form, the state functions, and the
warnings and errors of bad arguments."""
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(3)


def t(*shape, grad=True, scale=1.0):
    return torch.tensor((rng.normal(size=shape) * scale).astype(np.float32), requires_grad=grad)


def dtypes_of(name, **outs):
    for key, out in outs.items():
        emit_text(f"{name}_{key}_dtype", out.dtype)


# ----- per-op policy ---------------------------------------------------------------------
x, w, b = t(4, 3), t(5, 3), t(5)
img, k = t(2, 2, 6, 6), t(3, 2, 3, 3)
labels = torch.tensor([0, 1, 4, 2])
with torch.autocast("cpu"):
    emit_text("enabled_inside", torch.is_autocast_enabled("cpu"))
    emit_text("dtype_inside", torch.get_autocast_dtype("cpu"))
    lin = F.linear(x, w, b)
    mm = x @ w.T
    bmm = torch.bmm(x[None], w.T[None])
    addmm = torch.addmm(b, x, w.T)
    conv = F.conv2d(img, k, padding=1)
    ein = torch.einsum("ij,kj->ik", x, w)
    relu = F.relu(lin)
    soft = F.softmax(lin, dim=1)
    logsoft = F.log_softmax(lin, dim=1)
    exp = lin.exp()
    summed = lin.sum()
    mean = lin.mean()
    mse = F.mse_loss(lin, torch.zeros(4, 5))
    l1 = F.l1_loss(lin, lin.detach() * 0.5)
    ce = F.cross_entropy(lin, labels)
    nll = F.nll_loss(logsoft, labels)
    bce = F.binary_cross_entropy_with_logits(lin, torch.ones(4, 5) * 0.25)
    prod = lin.prod()
    mixed = lin + x.sum(1, keepdim=True)  # bfloat16 + float32: ordinary promotion
    f64 = x.double() @ w.double().T  # float64 is never cast
    ints = torch.ones(2, 2, dtype=torch.long) @ torch.ones(2, 2, dtype=torch.long)
    layer = nn.Linear(3, 5)
    with torch.no_grad():
        layer.weight.copy_(w)
        layer.bias.copy_(b)
    module_out = layer(x)
dtypes_of("op", lin=lin, mm=mm, bmm=bmm, addmm=addmm, conv=conv, ein=ein, relu=relu, soft=soft,
          logsoft=logsoft, exp=exp, summed=summed, mean=mean, mse=mse, l1=l1, ce=ce, nll=nll, bce=bce,
          prod=prod, mixed=mixed, f64=f64, ints=ints, module_out=module_out)
for name, value in [("lin", lin), ("mm", mm), ("addmm", addmm), ("conv", conv), ("ein", ein), ("soft", soft),
                    ("mse", mse), ("ce", ce), ("bce", bce), ("module_out", module_out), ("f64", f64)]:
    emit("value_" + name, value.float())
emit_text("lin_grad_fn", lin.grad_fn.name())
emit_text("enabled_after", torch.is_autocast_enabled("cpu"))

# ----- a forward and backward with explicit weights ----------------------------------------
w1, b1, w2, b2 = t(8, 3, scale=0.5), t(8), t(4, 8, scale=0.5), t(4)
inputs = t(6, 3, grad=False)
target = torch.tensor([0, 3, 1, 2, 2, 0])
with torch.autocast(device_type="cpu", dtype=torch.bfloat16):
    hidden = F.relu(F.linear(inputs, w1, b1))  # relu: exact in bfloat16, forward and backward
    logits = F.linear(hidden, w2, b2)
    loss = F.cross_entropy(logits, target)
dtypes_of("mlp", hidden=hidden, logits=logits, loss=loss)
emit("mlp_logits", logits.float())
emit("mlp_loss", loss)
grads = torch.autograd.grad(loss, [w1, b1, w2, b2], retain_graph=True)
emit("mlp_grads", list(grads))
emit_text("mlp_grad_dtypes", [g.dtype for g in grads])
loss2 = F.mse_loss(logits, torch.zeros(6, 4))
loss2.backward()
emit("mlp_backward_grads", [w1.grad, b1.grad, w2.grad, b2.grad])

# ----- a small CNN: conv + batch norm (bfloat16 input, float32 parameters) + pooling + linear ---
cnn = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                    nn.Linear(12, 4))
cnn.load_state_dict({"0.weight": torch.tensor(rng.normal(size=(3, 2, 3, 3)).astype(np.float32)),
                     "0.bias": torch.tensor(rng.normal(size=3).astype(np.float32)),
                     "1.weight": torch.tensor(rng.normal(size=3).astype(np.float32)),
                     "1.bias": torch.tensor(rng.normal(size=3).astype(np.float32)),
                     "1.running_mean": torch.zeros(3), "1.running_var": torch.ones(3),
                     "1.num_batches_tracked": torch.tensor(0),
                     "5.weight": torch.tensor(rng.normal(size=(4, 12)).astype(np.float32)),
                     "5.bias": torch.tensor(rng.normal(size=4).astype(np.float32))})
images = torch.tensor(rng.normal(size=(2, 2, 4, 4)).astype(np.float32))
with torch.autocast("cpu"):
    conv_out = cnn[0](images)
    bn_out = cnn[1](conv_out)
    cnn_logits = cnn[5](cnn[4](cnn[3](cnn[2](bn_out))))
    cnn_loss = F.cross_entropy(cnn_logits, torch.tensor([1, 3]))
dtypes_of("cnn", conv=conv_out, bn=bn_out, logits=cnn_logits, loss=cnn_loss)
emit("cnn_conv", conv_out.float())
emit("cnn_bn", bn_out.float())
emit("cnn_logits", cnn_logits.float())
emit("cnn_loss", cnn_loss)
emit("cnn_running_stats", [cnn[1].running_mean, cnn[1].running_var])
cnn_loss.backward()
# (the conv weight's bfloat16 gradient is left out: torch's oneDNN sums it in its own order, and
# the last bfloat16 digit of a few elements differs)
emit("cnn_grads", [cnn[0].bias.grad, cnn[1].weight.grad, cnn[1].bias.grad, cnn[5].weight.grad, cnn[5].bias.grad])
emit_text("cnn_grad_dtypes", [p.grad.dtype for p in cnn.parameters()])

# ----- ops outside autocast's lists run on bfloat16 as torch's CPU kernels do (float32 inside) ---
hb = torch.tensor(rng.normal(size=(3, 5)).astype(np.float32)).bfloat16()
ln_w, ln_b = t(5), t(5)
with torch.autocast("cpu"):
    for name, fn in [("layer_norm_mixed", lambda: F.layer_norm(hb, (5,), ln_w, ln_b)),
                     ("layer_norm_plain", lambda: F.layer_norm(hb, (5,))), ("gelu", lambda: F.gelu(hb)),
                     ("sum", lambda: hb.sum()), ("sum_dim", lambda: hb.sum(1)), ("softmax_bf16", lambda: F.softmax(hb, 1)),
                     ("relu_bf16", lambda: F.relu(hb))]:
        out = fn()
        emit_text(f"bf16_{name}_dtype", out.dtype)
        emit(f"bf16_{name}", out.float())
    # (its values: float32 inside as torch, but one element of this draw rounds the other way)
    emit_text("bf16_log_softmax_dtype", F.log_softmax(hb, 1).dtype)

# ----- float16 on the cpu, nesting, decorator ----------------------------------------------
# (inputs that do not require grad: torch caches the cast of a grad-requiring leaf per region)
xd, wd = x.detach(), w.detach()
with torch.autocast("cpu", dtype=torch.float16):
    half = xd @ wd.T
    emit_text("fp16_dtype", half.dtype)
    emit("fp16_value", half.float())
    with torch.autocast("cpu", enabled=False):
        emit_text("nested_disabled", torch.is_autocast_enabled("cpu"))
        emit_text("nested_disabled_mm", (xd @ wd.T).dtype)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        emit_text("nested_bf16_mm", (xd @ wd.T).dtype)
    emit_text("restored_mm", (xd @ wd.T).dtype)
    emit_text("restored_dtype", torch.get_autocast_dtype("cpu"))


@torch.autocast("cpu")
def decorated(a, b):
    return a @ b


emit_text("decorated_dtype", decorated(x, w.T).dtype)
emit_text("decorated_after", torch.is_autocast_enabled("cpu"))
emit_text("amp_autocast_dtype", (lambda: torch.amp.autocast("cpu"))().fast_dtype)
with torch.amp.autocast("cpu"):
    emit_text("amp_autocast_mm", (x @ w.T).dtype)

# ----- state functions, warnings, errors ---------------------------------------------------
emit_text("default_cpu_dtype", torch.get_autocast_dtype("cpu"))
emit_text("default_cuda_dtype", torch.get_autocast_dtype("cuda"))
emit_text("enabled_default", [torch.is_autocast_enabled(), torch.is_autocast_enabled("cpu")])
emit_text("available", [torch.amp.is_autocast_available("cpu"), torch.amp.is_autocast_available("cuda")])


def warning_texts(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [f"{w.category.__name__}: {str(w.message).split(' (Triggered internally')[0]}" for w in caught]


def cuda_autocast():
    with torch.autocast("cuda"):
        emit_text("cuda_autocast_enabled_inside", torch.is_autocast_enabled("cuda"))
        emit_text("cuda_autocast_cpu_mm", (x @ w.T).dtype)


emit_text("cuda_autocast_warnings", warning_texts(cuda_autocast))
emit_text("cpu_f64_warnings", warning_texts(lambda: torch.autocast("cpu", dtype=torch.float64)))
with torch.autocast("cpu", dtype=torch.float64):
    emit_text("cpu_f64_mm", (x @ w.T).dtype)
emit_text("cuda_amp_autocast_warnings", warning_texts(lambda: torch.cuda.amp.autocast()))
emit_text("deprecated_dtype_warnings", warning_texts(lambda: torch.get_autocast_cpu_dtype()))
expect_error("device_type_not_str", lambda: torch.autocast(1), "Expected `device_type` of type `str`")
expect_error("device_type_unknown", lambda: torch.autocast("gpu"), "device type at start of device string")
