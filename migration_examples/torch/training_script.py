# A complete PyTorch training script: a model class, batches cut from a seeded numpy data set
# (no DataLoader), CrossEntropyLoss, SGD with momentum, a step-decay schedule, evaluation.
# Initial weights come from numpy with a fixed seed, so every framework starts from the same
# point; losses are printed rounded to 4 decimals (float32 sums may differ in the last digit).
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Classifier(nn.Module):
    def __init__(self, n_in: int, n_hidden: int, n_classes: int):
        super().__init__()
        self.hidden = nn.Linear(n_in, n_hidden)
        self.norm = nn.LayerNorm(n_hidden)
        self.dropout = nn.Dropout(0.0)
        self.out = nn.Linear(n_hidden, n_classes)

    def forward(self, x):
        x = F.relu(self.norm(self.hidden(x)))
        return self.out(self.dropout(x))


def init_weights(module, rng):
    if isinstance(module, nn.Linear):
        bound = 1.0 / np.sqrt(module.in_features)
        with torch.no_grad():
            module.weight.copy_(torch.from_numpy(
                rng.uniform(-bound, bound, tuple(module.weight.shape)).astype(np.float32)))
            module.bias.zero_()


# a three-class data set: noisy points around three centres
rng = np.random.default_rng(2024)
centres = np.array([[2.0, 0.0, 1.0, -1.0], [-2.0, 1.0, 0.0, 1.0], [0.0, -2.0, -1.0, 0.0]], np.float32)
labels = rng.integers(0, 3, 240)
features = (centres[labels] + rng.normal(scale=1.0, size=(240, 4))).astype(np.float32)
x_train, y_train = torch.from_numpy(features[:192]), torch.from_numpy(labels[:192])
x_test, y_test = torch.from_numpy(features[192:]), torch.from_numpy(labels[192:])

model = Classifier(4, 16, 3)
model.apply(lambda m: init_weights(m, rng))
print(model)
print("parameters:", sum(p.numel() for p in model.parameters()))

criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5)

batch_size = 32
for epoch in range(6):
    model.train()
    order = rng.permutation(len(x_train))
    total = 0.0
    for start in range(0, len(order), batch_size):
        idx = torch.from_numpy(order[start:start + batch_size])
        optimizer.zero_grad()
        loss = criterion(model(x_train[idx]), y_train[idx])
        loss.backward()
        optimizer.step()
        total += loss.item() * len(idx)
    scheduler.step()
    model.eval()
    with torch.no_grad():
        logits = model(x_test)
        test_loss = criterion(logits, y_test).item()
        accuracy = (logits.argmax(dim=1) == y_test).float().mean().item()
    print(f"epoch {epoch}: train loss {total / len(x_train):.4f}  test loss {test_loss:.4f}  "
          f"accuracy {accuracy:.3f}  lr {scheduler.get_last_lr()[0]:.4f}")

with torch.no_grad():
    probs = F.softmax(model(x_test[:3]), dim=1)
print("first test predictions:", [[round(v, 3) for v in row] for row in probs.tolist()])
print("hidden weight norm:", round(model.hidden.weight.norm().item(), 3))
