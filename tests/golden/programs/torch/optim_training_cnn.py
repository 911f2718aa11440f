"""Training a small CNN (two conv layers on 1x8x8 inputs, batch norm, pooling) with explicit
initial weights set by copy_ under no_grad: torch's losses at every step and final weights,
for SGD with momentum and for Adam."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit


class CNN(nn.Module):
    def __init__(self, batch_norm=False):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        # no bias before batch norm: its gradient is zero up to rounding, which Adam would amplify
        self.conv2 = nn.Conv2d(4, 6, 3, bias=not batch_norm)
        self.bn = nn.BatchNorm2d(6) if batch_norm else nn.Identity()
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(6 * 3 * 3, 3)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = self.pool(F.relu(self.bn(self.conv2(x))))
        return self.fc(torch.flatten(x, 1))


rng = np.random.default_rng(5)
X = torch.tensor(rng.normal(size=(12, 1, 8, 8)).astype(np.float32))
Y = torch.tensor(rng.integers(0, 3, 12))


def make_model(batch_norm):
    model = CNN(batch_norm)
    init = np.random.default_rng(9)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.startswith("bn"):
                continue
            p.copy_(torch.tensor(init.uniform(-0.3, 0.3, tuple(p.shape)).astype(np.float32)))
    return model


def train(name, make_optimizer, batch_norm=False, steps=10):
    model = make_model(batch_norm)
    optimizer = make_optimizer(model.parameters())
    losses = []
    for step in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(X), Y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    emit(f"{name}_losses", losses)
    emit(f"{name}_weights", dict(model.state_dict()))
    model.eval()
    with torch.no_grad():
        emit(f"{name}_eval_logits", model(X[:4]))


train("sgd_momentum", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9))
train("adam", lambda p: torch.optim.Adam(p, lr=0.01))
train("sgd_momentum_bn", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9), batch_norm=True)
train("adam_bn", lambda p: torch.optim.Adam(p, lr=0.01), batch_norm=True)
