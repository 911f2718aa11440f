"""Dropout masks and DataLoader / sampler / random_split orders after torch.manual_seed (issue 16)."""
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, RandomSampler, TensorDataset, WeightedRandomSampler, random_split
from harness import emit

torch.manual_seed(1)
x = torch.ones(4, 10)
emit("dropout", F.dropout(x, 0.3))
emit("dropout_module", nn.Dropout(0.5)(x))
emit("dropout2d", nn.Dropout2d(0.5)(torch.ones(2, 3, 2, 2)))
emit("dropout_eval", F.dropout(x, 0.3, training=False))

torch.manual_seed(2)
ds = TensorDataset(torch.arange(11))
loader = DataLoader(ds, batch_size=4, shuffle=True)
emit("loader_epochs", [[b[0].tolist() for b in loader] for _ in range(2)])
loader = DataLoader(ds, batch_size=3, shuffle=True, generator=torch.Generator().manual_seed(8))
emit("loader_generator", [b[0].tolist() for b in loader])
emit("random_split", [s.indices for s in random_split(range(10), [4, 6])])
emit("random_split_gen", [s.indices for s in random_split(range(8), [0.25, 0.75],
                                                          generator=torch.Generator().manual_seed(4))])
emit("sampler_replacement", list(RandomSampler(range(6), replacement=True, num_samples=10)))
emit("weighted", list(WeightedRandomSampler([0.2, 0.3, 0.5], 8)))
emit("after", torch.rand(2))
