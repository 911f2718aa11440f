"""A seeded 20-step training run of a small MLP, weights from torch's default initialization and
batches from a shuffled DataLoader: the losses match torch's (issue 16)."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from harness import emit

torch.manual_seed(0)
x = torch.randn(40, 6)
y = (x[:, :1] * 2 - x[:, 1:2]).tanh()
model = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loader = DataLoader(TensorDataset(x, y), batch_size=8, shuffle=True)
losses = []
while len(losses) < 20:
    for xb, yb in loader:
        loss = nn.functional.mse_loss(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if len(losses) == 20:
            break
emit("losses", torch.tensor(losses))
emit("final_weight", model[3].weight)
