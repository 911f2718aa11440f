"""MLP 784-256-256-10, batch 128, CrossEntropyLoss, SGD with momentum: one training step.

Plain PyTorch code: the benchmark runs it with the real PyTorch and, unchanged, under
gradcompat (``import torch`` resolves to ``gradcompat.torch``). Modes:

* ``eager``: the ordinary loop (zero_grad, forward, backward, step);
* ``compile``: the same step function wrapped in ``torch.compile``;
* ``lazy``: the ordinary loop inside ``torch.lazy()`` (gradcompat's lazy mode, no real
  PyTorch counterpart).

Each step ends with ``loss.item()``, as a loop that logs its loss does.
"""
import torch

from data import batch, mlp_weights


def _load(linear, weight, bias):
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(weight.T.copy()))
        linear.bias.copy_(torch.tensor(bias))


def build(mode: str):
    x, y = batch()
    inputs, labels = torch.tensor(x), torch.tensor(y)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 10))
    for linear, (w, b) in zip(model[::2], mlp_weights()):
        _load(linear, w, b)
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def train_step():
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), labels)
        loss.backward()
        optimizer.step()
        return loss

    if mode == "compile":
        train_step = torch.compile(train_step)
    elif mode == "lazy":
        torch.lazy().__enter__()  # stays on for the rest of this process
    elif mode != "eager":
        raise ValueError(f"unknown mode {mode!r}")
    return lambda: train_step().item()
