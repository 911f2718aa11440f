"""Two small models trained as people write them, with explicit weights: a convolutional
autoencoder (Conv2d with reflect padding, GroupNorm, MaxPool2d with indices + MaxUnpool2d,
ConvTranspose2d, InstanceNorm2d, Upsample, PixelShuffle, AdaptiveAvgPool2d) under SGD with
momentum, and an EmbeddingBag text classifier with a weight-normalized and a spectrally
normalized Linear under Adam: losses and final parameters."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parametrizations as P
from harness import emit

rng = np.random.default_rng(18)


def load(model):
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.tensor((rng.normal(size=tuple(p.shape)) * 0.3).astype(np.float32)))


class AutoEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Conv2d(1, 8, 3, padding=1, padding_mode="reflect")
        self.norm = nn.GroupNorm(2, 8)
        self.pool = nn.MaxPool2d(2, return_indices=True)
        self.mid = nn.Conv2d(8, 8, 3, padding=1)
        self.unpool = nn.MaxUnpool2d(2)
        self.dec = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1)
        self.inorm = nn.InstanceNorm2d(4, affine=True)
        self.up = nn.Upsample(scale_factor=0.5, mode="bilinear", align_corners=False)
        self.shuffle = nn.PixelShuffle(2)
        self.head = nn.AdaptiveAvgPool2d((8, 8))

    def forward(self, x):
        h = F.relu(self.norm(self.enc(x)))
        h, idx = self.pool(h)
        h = self.unpool(F.relu(self.mid(h)), idx)
        h = F.leaky_relu(self.inorm(self.dec(h)))
        h = self.shuffle(self.up(h))
        return self.head(h)


torch.manual_seed(0)
model = AutoEncoder()
load(model)
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
images = torch.tensor(rng.normal(size=(4, 1, 8, 8)).astype(np.float32))
losses = []
for step in range(15):
    opt.zero_grad()
    loss = F.mse_loss(model(images), images)
    loss.backward()
    opt.step()
    losses.append(loss.item())
emit("ae_losses", losses)
emit("ae_params", {k: v for k, v in model.state_dict().items()})


class BagClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.bag = nn.EmbeddingBag(20, 6, mode="mean", padding_idx=0)
        self.hidden = P.weight_norm(nn.Linear(6, 8))
        self.out = nn.Linear(8, 3)

    def forward(self, tokens, offsets):
        return self.out(torch.tanh(self.hidden(self.bag(tokens, offsets))))


clf = BagClassifier()
load(clf)
opt = torch.optim.Adam(clf.parameters(), lr=0.02)
tokens = torch.tensor(rng.integers(0, 20, size=30))
offsets = torch.tensor([0, 4, 9, 9, 15, 22, 26])
labels = torch.tensor(rng.integers(0, 3, size=7))
losses = []
for step in range(15):
    opt.zero_grad()
    loss = F.cross_entropy(clf(tokens, offsets), labels)
    loss.backward()
    opt.step()
    losses.append(loss.item())
emit("clf_losses", losses)
emit("clf_params", {k: v for k, v in clf.state_dict().items()})
emit("clf_keys", list(clf.state_dict().keys()))
