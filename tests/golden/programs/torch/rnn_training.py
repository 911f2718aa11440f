"""A small LSTM sequence classifier (embedding, 2-layer LSTM on packed variable-length
sequences, linear head) trained 20 steps with SGD and momentum; the losses, the final
weights of one layer and the eval-mode predictions. Weights set explicitly."""
import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence
from harness import emit

rng = np.random.default_rng(21)


class Classifier(nn.Module):
    def __init__(self, vocab, emb, hidden, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab, emb, padding_idx=0)
        self.lstm = nn.LSTM(emb, hidden, num_layers=2, batch_first=True)
        self.head = nn.Linear(hidden, classes)

    def forward(self, tokens, lengths):
        packed = pack_padded_sequence(self.embedding(tokens), lengths, batch_first=True, enforce_sorted=False)
        _, (h_n, _) = self.lstm(packed)
        return self.head(h_n[-1])


model = Classifier(vocab=12, emb=5, hidden=8, classes=3)
model.load_state_dict({k: torch.tensor((rng.normal(size=tuple(v.shape)) * 0.3).astype(np.float32))
                       for k, v in model.state_dict().items()})
lengths = rng.integers(2, 9, size=16)
seqs = [torch.tensor(rng.integers(1, 12, size=int(n))) for n in lengths]
tokens = pad_sequence(seqs, batch_first=True)
labels = torch.tensor([int(s.sum()) % 3 for s in seqs])
lengths = torch.tensor(lengths)

opt = torch.optim.SGD(model.parameters(), lr=0.5, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
losses = []
for step in range(20):
    batch = slice(0, 8) if step % 2 == 0 else slice(8, 16)
    opt.zero_grad()
    loss = loss_fn(model(tokens[batch], lengths[batch]), labels[batch])
    loss.backward()
    opt.step()
    losses.append(loss.item())
emit("losses", losses)
emit("final_weight_hh_l1", model.lstm.weight_hh_l1)
model.eval()
with torch.no_grad():
    emit("eval_logits", model(tokens, lengths))
