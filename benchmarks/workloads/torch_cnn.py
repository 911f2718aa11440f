"""A small CNN on 28x28 inputs: two 3x3 convolutions with ReLU and 2x2 max-pooling, then a
dense layer; batch 128, CrossEntropyLoss, SGD with momentum (modes in torch_training.py).
"""
import torch

from data import batch, cnn_weights
from torch_training import training_step


class SmallCNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(8, 16, 3, padding=1)
        self.fc = torch.nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def build(mode: str):
    x, y = batch((1, 28, 28))
    inputs, labels = torch.tensor(x), torch.tensor(y)
    model = SmallCNN()
    w = cnn_weights()
    with torch.no_grad():
        for name, value in [("conv1.weight", w["conv1_w"]), ("conv1.bias", w["conv1_b"]),
                            ("conv2.weight", w["conv2_w"]), ("conv2.bias", w["conv2_b"]),
                            ("fc.weight", w["fc_w"].T.copy()), ("fc.bias", w["fc_b"])]:
            model.get_parameter(name).copy_(torch.tensor(value))
    return training_step(model, inputs, labels, mode)
