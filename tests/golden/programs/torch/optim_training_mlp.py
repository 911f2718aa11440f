"""Training an MLP with explicit initial weights (load_state_dict): the loss at every step and
the final weights match torch's, for SGD with momentum (and nesterov, weight decay) and Adam."""
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
from harness import emit

rng = np.random.default_rng(42)
X = torch.tensor(rng.normal(size=(32, 10)).astype(np.float32))
Y = torch.tensor(rng.integers(0, 4, 32))
INIT = OrderedDict([
    ("0.weight", rng.uniform(-0.3, 0.3, (16, 10)).astype(np.float32)),
    ("0.bias", rng.uniform(-0.3, 0.3, 16).astype(np.float32)),
    ("2.weight", rng.uniform(-0.25, 0.25, (16, 16)).astype(np.float32)),
    ("2.bias", rng.uniform(-0.25, 0.25, 16).astype(np.float32)),
    ("4.weight", rng.uniform(-0.25, 0.25, (4, 16)).astype(np.float32)),
    ("4.bias", rng.uniform(-0.25, 0.25, 4).astype(np.float32)),
])


def make_model():
    model = nn.Sequential(nn.Linear(10, 16), nn.ReLU(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 4))
    model.load_state_dict(OrderedDict((k, torch.tensor(v)) for k, v in INIT.items()))
    return model


def train(name, make_optimizer, steps=15):
    model = make_model()
    optimizer = make_optimizer(model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for step in range(steps):
        batch = slice((step * 8) % 32, (step * 8) % 32 + 16)
        optimizer.zero_grad()
        loss = loss_fn(model(X[batch]), Y[batch])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    emit(f"{name}_losses", losses)
    emit(f"{name}_weights", dict(model.state_dict()))


train("sgd_momentum", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9))
train("sgd_nesterov_wd", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True, weight_decay=1e-2))
train("sgd_dampening", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, dampening=0.3))
train("sgd_plain", lambda p: torch.optim.SGD(p, lr=0.2))
train("adam", lambda p: torch.optim.Adam(p, lr=0.01))
train("adam_amsgrad_wd", lambda p: torch.optim.Adam(p, lr=0.02, betas=(0.8, 0.99), weight_decay=1e-2, amsgrad=True))
train("adamw", lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1))
train("rmsprop", lambda p: torch.optim.RMSprop(p, lr=0.005))
train("rmsprop_centered_momentum", lambda p: torch.optim.RMSprop(p, lr=0.002, momentum=0.9, centered=True,
                                                                 weight_decay=1e-3))
train("adagrad", lambda p: torch.optim.Adagrad(p, lr=0.05, lr_decay=1e-2, initial_accumulator_value=0.1))
train("sgd_maximize", lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.5, maximize=True), steps=5)
