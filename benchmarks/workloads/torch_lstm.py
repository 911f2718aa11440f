"""An LSTM language model (embedding 128, 2-layer LSTM of 256, batch_first, sequence 64,
batch 32, vocabulary 512), next-token CrossEntropyLoss, SGD with momentum (modes in
torch_training.py). Plain PyTorch code.
"""
import torch
import torch.nn as nn

from data import LSTM, lstm_weights, tokens
from torch_training import training_step


class LSTMModel(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.embed = nn.Embedding(spec["vocab"], spec["embed"])
        self.lstm = nn.LSTM(spec["embed"], spec["hidden"], num_layers=spec["layers"], batch_first=True)
        self.head = nn.Linear(spec["hidden"], spec["vocab"])

    def forward(self, idx):
        out, _ = self.lstm(self.embed(idx))
        return self.head(out).reshape(-1, self.head.out_features)


def build(mode: str):
    ids, targets = tokens(LSTM)
    model = LSTMModel(LSTM)
    model.load_state_dict({k: torch.tensor(v) for k, v in lstm_weights().items()})
    return training_step(model, torch.tensor(ids), torch.tensor(targets), mode)
