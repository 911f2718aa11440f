"""A small training loop over TensorDataset + DataLoader (shuffle=False, explicit weights):
per-batch losses, the epoch means and the final weights match torch."""
import numpy as np
import torch
import torch.nn as nn
from harness import emit
from torch.utils.data import DataLoader, SequentialSampler, Subset, TensorDataset

rng = np.random.default_rng(1)
X = torch.tensor(rng.normal(size=(30, 4)).astype(np.float32))
true_w = rng.normal(size=(4, 2)).astype(np.float32)
y = torch.tensor(X.numpy() @ true_w + 0.05 * rng.normal(size=(30, 2)).astype(np.float32))
labels = torch.tensor((X.numpy()[:, 0] > 0).astype(np.int64))

model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 2))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.tensor(rng.normal(scale=0.5, size=tuple(p.shape)).astype(np.float32)))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
loader = DataLoader(TensorDataset(X, y, labels), batch_size=8, shuffle=False)
mse, ce = nn.MSELoss(), nn.CrossEntropyLoss()
epoch_losses = []
for epoch in range(3):
    losses = []
    for xb, yb, lb in loader:
        opt.zero_grad()
        out = model(xb)
        loss = mse(out, yb) + 0.1 * ce(out, lb)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    emit(f"batch_losses_{epoch}", losses)
    epoch_losses.append(sum(losses) / len(losses))
emit("epoch_losses", epoch_losses)
emit("weights", [p.detach() for p in model.parameters()])

# a fixed-index sampler over a Subset, and gradients through a batch
val = DataLoader(Subset(TensorDataset(X, y), list(range(20, 30))), batch_size=4,
                 sampler=SequentialSampler(range(10)))
with torch.no_grad():
    emit("val_losses", [mse(model(xb), yb) for xb, yb in val])
xb, yb = next(iter(DataLoader(TensorDataset(X, y), batch_size=5)))
grads = torch.autograd.grad((model(xb) * yb).sum(), list(model.parameters()))
emit("grads", list(grads))
