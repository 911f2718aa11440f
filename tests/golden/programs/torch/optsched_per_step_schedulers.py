"""Eager training with a scheduler stepped after every batch (issue 17: the optimizer step is
replayed from one recorded program while only the float hyperparameters change): the weights,
learning rates and cycled momenta after 12 steps match torch's, also across a weight decay
switched off and a momentum switched off and on mid-training (another program)."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit

rng = np.random.default_rng(11)
X = torch.tensor(rng.normal(size=(8, 5)).astype(np.float32))
Y = torch.tensor(rng.integers(0, 3, 8))
WEIGHTS = [rng.uniform(-0.4, 0.4, shape).astype(np.float32) for shape in [(6, 5), (6,), (3, 6), (3,)]]
sched = torch.optim.lr_scheduler


def train(make, schedule, edit=None, steps=12):
    model = nn.Sequential(nn.Linear(5, 6), nn.Tanh(), nn.Linear(6, 3))
    with torch.no_grad():
        for p, v in zip(model.parameters(), WEIGHTS):
            p.copy_(torch.tensor(v))
    optimizer = make(model.parameters())
    scheduler = schedule(optimizer)
    lrs, momenta = [], []
    for step in range(steps):
        optimizer.zero_grad()
        F.cross_entropy(model(X), Y).backward()
        if edit is not None:
            edit(step, optimizer.param_groups[0])
        optimizer.step()
        scheduler.step()
        group = optimizer.param_groups[0]
        lrs.append(group["lr"])
        momenta.append(group["betas"][0] if "betas" in group else group["momentum"])
    return model, optimizer, lrs, momenta


def switch(step, group):
    if step == 4:
        group["weight_decay"] = 0.0
    if step == 6:
        group["momentum"] = 0.0
    if step == 8:
        group["momentum"] = 0.9


CASES = [
    ("sgd_onecycle", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=1e-3),
     lambda o: sched.OneCycleLR(o, max_lr=0.3, total_steps=12), None),
    ("sgd_nesterov_warmup", lambda p: torch.optim.SGD(p, lr=0.2, momentum=0.9, nesterov=True),
     lambda o: sched.LambdaLR(o, lambda s: min(1.0, (s + 1) / 8)), None),
    ("sgd_linear_switched", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.8, dampening=0.1, weight_decay=0.01),
     lambda o: sched.LinearLR(o, start_factor=0.2, total_iters=10), switch),
    ("adam_onecycle", lambda p: torch.optim.Adam(p, lr=0.01),
     lambda o: sched.OneCycleLR(o, max_lr=0.05, total_steps=12), None),
    ("adam_warmup", lambda p: torch.optim.Adam(p, lr=0.02, weight_decay=0.01),
     lambda o: sched.LambdaLR(o, lambda s: (s + 1) / 12), None),
    ("adamw_cosine", lambda p: torch.optim.AdamW(p, lr=0.03, amsgrad=True),
     lambda o: sched.CosineAnnealingLR(o, T_max=12), None),
]

for name, make, schedule, edit in CASES:
    model, optimizer, lrs, momenta = train(make, schedule, edit)
    emit(f"{name}_params", [p.detach() for p in model.parameters()])
    emit(f"{name}_lrs", lrs)
    emit(f"{name}_momenta", momenta)
    state = optimizer.state_dict()["state"]
    emit(f"{name}_state", [[state[i][k] for k in sorted(state[i])] for i in sorted(state)])
