"""A GPT-style transformer (6 pre-LayerNorm blocks, width 384, 6 heads, causal attention,
sequence 256, batch 8, vocabulary 512), next-token CrossEntropyLoss, SGD with momentum
(modes in torch_training.py). Plain PyTorch code, in the idiom of small public GPTs.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from data import GPT, gpt_weights, tokens
from torch_training import training_step


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.fc = nn.Linear(width, 4 * width)
        self.out = nn.Linear(4 * width, width)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.heads, C // self.heads).transpose(1, 2) for t in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(y.transpose(1, 2).contiguous().view(B, T, C))
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class TinyGPT(nn.Module):
    def __init__(self, spec):
        super().__init__()
        self.tok = nn.Embedding(spec["vocab"], spec["width"])
        self.pos = nn.Embedding(spec["seq"], spec["width"])
        self.blocks = nn.ModuleList(Block(spec["width"], spec["heads"]) for _ in range(spec["layers"]))
        self.ln_f = nn.LayerNorm(spec["width"])
        self.head = nn.Linear(spec["width"], spec["vocab"], bias=False)

    def forward(self, idx):
        x = self.tok(idx) + self.pos(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x)).view(-1, self.head.out_features)


def build(mode: str):
    ids, targets = tokens(GPT)
    model = TinyGPT(GPT)
    model.load_state_dict({k: torch.tensor(v) for k, v in gpt_weights().items()})
    return training_step(model, torch.tensor(ids), torch.tensor(targets), mode)
