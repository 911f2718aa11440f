"""MLP 784-256-256-10, batch 128, CrossEntropyLoss, SGD with momentum: one training step
(modes in torch_training.py).

Plain PyTorch code: the benchmark runs it with the real PyTorch and, unchanged, under
gradcompat (``import torch`` resolves to ``gradcompat.torch``).
"""
import torch

from data import BATCH, batch, mlp_weights
from torch_training import training_step


def build(mode: str, size: int = BATCH):
    x, y = batch(size=size)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 10))
    with torch.no_grad():
        for linear, (w, b) in zip(model[::2], mlp_weights()):
            linear.weight.copy_(torch.tensor(w.T.copy()))
            linear.bias.copy_(torch.tensor(b))
    return training_step(model, torch.tensor(x), torch.tensor(y), mode)
