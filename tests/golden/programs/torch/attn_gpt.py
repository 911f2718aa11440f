"""Two tiny GPT-style language models trained 10 steps with AdamW from weights set in numpy: one
built from nn.TransformerEncoderLayer with a causal mask, one with its own causal self-attention
block over F.scaled_dot_product_attention; token + position embeddings, a tied output head,
gradient clipping. Losses, a few gradients and final weights match torch."""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from harness import emit, emit_text

rng = np.random.default_rng(2024)
V, T, D, H, B = 17, 8, 16, 4, 4


class EncoderGPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(V, D)
        self.pos = nn.Embedding(T, D)
        layer = nn.TransformerEncoderLayer(D, H, 4 * D, dropout=0.0, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(D), enable_nested_tensor=False)
        self.head = nn.Linear(D, V, bias=False)
        self.head.weight = self.tok.weight  # tied
        self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(T))

    def forward(self, idx):
        t = idx.shape[1]
        x = self.tok(idx) + self.pos(torch.arange(t))
        x = self.blocks(x, mask=self.mask[:t, :t], is_causal=True)
        return self.head(x)


class CausalSelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(D, 3 * D)
        self.proj = nn.Linear(D, D)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(x).split(D, dim=2)
        q, k, v = (z.view(b, t, H, c // H).transpose(1, 2) for z in (q, k, v))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.proj(y.transpose(1, 2).contiguous().view(b, t, c))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D)
        self.attn = CausalSelfAttention()
        self.ln2 = nn.LayerNorm(D)
        self.mlp = nn.Sequential(nn.Linear(D, 4 * D), nn.GELU(), nn.Linear(4 * D, D))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class SdpaGPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(V, D)
        self.pos = nn.Embedding(T, D)
        self.blocks = nn.ModuleList([Block(), Block()])
        self.ln_f = nn.LayerNorm(D)
        self.head = nn.Linear(D, V, bias=False)
        self.tok.weight = self.head.weight  # tied, nanoGPT's way round

    def forward(self, idx):
        x = self.tok(idx) + self.pos(torch.arange(idx.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))


def set_weights(model):
    sd = {}
    for k, v in model.state_dict().items():
        if k == "mask":
            sd[k] = v
        elif k.endswith("weight") and v.dim() == 1:  # LayerNorm scales
            sd[k] = torch.tensor((1.0 + 0.1 * rng.normal(size=tuple(v.shape))).astype(np.float32))
        else:
            sd[k] = torch.tensor((0.2 * rng.normal(size=tuple(v.shape))).astype(np.float32))
    if "head.weight" in sd and "tok.weight" in sd:
        sd["head.weight"] = sd["tok.weight"] = sd["tok.weight"] if isinstance(model, EncoderGPT) else sd["head.weight"]
    model.load_state_dict(sd)


data = torch.tensor(rng.integers(0, V, size=(10, B, T + 1)))

for name, model in (("encoder_gpt", EncoderGPT()), ("sdpa_gpt", SdpaGPT())):
    set_weights(model)
    emit_text(name + "_params", [(n, list(p.shape)) for n, p in model.named_parameters()])
    emit(name + "_tied", model.head.weight is model.tok.weight)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=3e-3, betas=(0.9, 0.95))
    losses = []
    for step in range(10):
        batch = data[step]
        x, y = batch[:, :-1], batch[:, 1:]
        logits = model(x)
        loss = F.cross_entropy(logits.view(-1, V), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if step == 0:
            emit(name + "_first_grads", [model.tok.weight.grad, model.pos.weight.grad])
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
    emit(name + "_losses", losses)
    emit(name + "_final_pos", model.pos.weight)
    model.eval()
    with torch.no_grad():  # float32 after 10 steps: compare a loss and the predictions, not every logit
        logits = model(data[0, :, :5])
        emit(name + "_eval_loss", F.cross_entropy(logits.reshape(-1, V), data[0, :, 1:6].reshape(-1)))
        emit(name + "_eval_shape", list(logits.shape))
