"""torch.optim.swa_utils: AveragedModel (SWA by default, EMA via multi_avg_fn / avg_fn,
use_buffers), update_bn over a loader, SWALR's lr sequence (cos, linear, anneal_epochs=0),
a small SWA training loop with a BatchNorm model, state dicts, errors."""
import warnings

import numpy as np
import torch
import torch.nn as nn
from torch.optim.swa_utils import (SWALR, AveragedModel, get_ema_avg_fn, get_ema_multi_avg_fn,
                                   get_swa_avg_fn, update_bn)
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(11)
X = torch.tensor(rng.normal(size=(12, 4)).astype(np.float32))
Y = torch.tensor(rng.normal(size=(12, 1)).astype(np.float32))
WEIGHTS = {"0.weight": rng.normal(size=(6, 4)).astype(np.float32) * 0.4, "0.bias": np.zeros(6, np.float32),
           "1.weight": np.ones(6, np.float32), "1.bias": np.zeros(6, np.float32),
           "1.running_mean": np.zeros(6, np.float32), "1.running_var": np.ones(6, np.float32),
           "1.num_batches_tracked": np.array(0), "3.weight": rng.normal(size=(1, 6)).astype(np.float32) * 0.4,
           "3.bias": np.zeros(1, np.float32)}


def model():
    m = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 1))
    m.load_state_dict({k: torch.tensor(v) for k, v in WEIGHTS.items()})
    return m


def swa_run(name, make_avg, steps=8, swa_start=3, **swalr):
    m = model()
    avg = make_avg(m)
    opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
    swa_sched = SWALR(opt, **swalr) if swalr else None
    lrs = []
    for epoch in range(steps):
        for i in range(0, 12, 4):
            opt.zero_grad()
            nn.functional.mse_loss(m(X[i:i + 4]), Y[i:i + 4]).backward()
            opt.step()
        if epoch >= swa_start:
            avg.update_parameters(m)
            if swa_sched is not None:
                swa_sched.step()
        else:
            sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    emit(f"{name}_lrs", lrs)
    emit(f"{name}_model", dict(m.state_dict()))
    emit(f"{name}_averaged", dict(avg.state_dict()))
    return m, avg


m, avg = swa_run("swa", lambda m: AveragedModel(m), swa_lr=0.05, anneal_epochs=2)
emit_text("swa_keys", list(avg.state_dict().keys()))
emit_text("swa_repr", repr(avg))
emit("swa_n_averaged", avg.n_averaged)
loader = [(X[i:i + 4], Y[i:i + 4]) for i in range(0, 12, 4)]
update_bn(loader, avg)
emit("update_bn_stats", [avg.module[1].running_mean, avg.module[1].running_var, avg.module[1].num_batches_tracked])
emit_text("update_bn_momentum", (avg.module[1].momentum, avg.training))
avg.eval()
emit("swa_eval_output", avg(X))
update_bn([X[:6], X[6:]], avg)  # plain tensors as batches; the mode is restored
emit_text("update_bn_mode", avg.training)
emit("update_bn_tensors", [avg.module[1].running_mean, avg.module[1].running_var])
update_bn(loader, nn.Linear(2, 2))  # no BatchNorm: nothing to do

swa_run("ema_multi", lambda m: AveragedModel(m, multi_avg_fn=get_ema_multi_avg_fn(0.8)), swa_start=0)
swa_run("ema_fn", lambda m: AveragedModel(m, avg_fn=get_ema_avg_fn(0.7), use_buffers=True), swa_start=1)
swa_run("swa_fn", lambda m: AveragedModel(m, avg_fn=get_swa_avg_fn()), swa_start=2)
swa_run("swa_buffers", lambda m: AveragedModel(m, use_buffers=True), swa_start=2)
swa_run("custom_fn", lambda m: AveragedModel(m, avg_fn=lambda a, c, n: 0.5 * a + 0.5 * c), swa_start=4)

# SWALR on its own: lr sequences
for name, kwargs in [("cos", dict(swa_lr=0.01, anneal_epochs=4)),
                     ("linear", dict(swa_lr=[0.01, 0.2], anneal_epochs=3, anneal_strategy="linear")),
                     ("zero", dict(swa_lr=0.02, anneal_epochs=0))]:
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.5}], lr=0.1)
    s = SWALR(opt, **kwargs)
    seq = [s.get_last_lr()]
    for _ in range(7):
        opt.step()
        s.step()
        seq.append(s.get_last_lr())
    emit(f"swalr_{name}", seq)
    emit_text(f"swalr_{name}_state", sorted(s.state_dict().keys()))
    emit_text(f"swalr_{name}_groups", [g["swa_lr"] for g in opt.param_groups])
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    s.get_lr()
emit_text("swalr_get_lr_warning", [f"{w.category.__name__}: {w.message}" for w in seen])

# errors
w = torch.zeros(2, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
expect_error("swalr_strategy", lambda: SWALR(opt, swa_lr=0.1, anneal_strategy="exp"), "anneal_strategy must be one of")
expect_error("swalr_epochs", lambda: SWALR(opt, swa_lr=0.1, anneal_epochs=-1),
             "anneal_epochs must be equal or greater than 0, got -1")
expect_error("swalr_lr_count", lambda: SWALR(opt, swa_lr=[0.1, 0.2]), "swa_lr must have the same length")
expect_error("ema_decay", lambda: get_ema_multi_avg_fn(1.5), "Invalid decay value 1.5 provided")
expect_error("ema_fn_decay", lambda: get_ema_avg_fn(-0.1), "Invalid decay value -0.1 provided")
expect_error("both_fns", lambda: AveragedModel(nn.Linear(2, 2), avg_fn=get_swa_avg_fn(),
                                               multi_avg_fn=get_ema_multi_avg_fn()),
             "Only one of avg_fn and multi_avg_fn should be provided")
