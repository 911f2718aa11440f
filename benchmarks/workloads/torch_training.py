"""The training step the torch workloads share: zero_grad, forward, CrossEntropyLoss,
backward, SGD with momentum; plain PyTorch code. Modes:

* ``eager``: the ordinary loop;
* ``compile``: the same step function wrapped in ``torch.compile``;
* ``lazy``: the ordinary loop inside ``torch.lazy()`` (gradcompat's lazy mode, no real
  PyTorch counterpart).

The step ends with ``loss.item()``, as a loop that logs its loss does. The model and the batch
go to ``cuda`` when the process has a GPU (PyTorch's idiom; under gradcompat ``cuda`` is JAX's
GPU), so the same source runs on the accelerator unchanged.
"""
import torch

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


def training_step(model, inputs, labels, mode: str):
    model, inputs, labels = model.to(DEVICE), inputs.to(DEVICE), labels.to(DEVICE)
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
