# An LSTM sequence classifier trained from a DataLoader: a map-style Dataset of variable-length
# sequences, a collate_fn that pads them (pad_sequence) and keeps their lengths, a bidirectional
# LSTM fed a PackedSequence (pack_padded_sequence with enforce_sorted=False), Adam, and a
# validation DataLoader whose batches are loaded by two worker processes.
# torch.manual_seed fixes the initial weights (nn.LSTM's and nn.Linear's default init) and the
# training loader's shuffle order (torch's own generator, which gradcompat reproduces bit for bit).
import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence
from torch.utils.data import DataLoader, Dataset


class CountingDataset(Dataset):
    """Sequences of 3-dim steps; the label says whether the first feature sums above zero."""

    def __init__(self, n, seed):
        rng = np.random.default_rng(seed)
        self.items = []
        for _ in range(n):
            length = int(rng.integers(3, 11))
            seq = rng.normal(size=(length, 3)).astype(np.float32)
            self.items.append((seq, int(seq[:, 0].sum() > 0)))

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        seq, label = self.items[i]
        return torch.from_numpy(seq), label


def collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    return pad_sequence(seqs, batch_first=True), lengths, torch.tensor(labels)


class Classifier(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.lstm = nn.LSTM(3, hidden, batch_first=True, bidirectional=True)
        self.head = nn.Linear(2 * hidden, 2)

    def forward(self, padded, lengths):
        packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
        _, (h_n, _) = self.lstm(packed)
        return self.head(torch.cat([h_n[0], h_n[1]], dim=1))


if __name__ == "__main__":
    torch.manual_seed(5)
    train_set, val_set = CountingDataset(160, seed=0), CountingDataset(48, seed=1)
    train_loader = DataLoader(train_set, batch_size=16, shuffle=True, collate_fn=collate)
    val_loader = DataLoader(val_set, batch_size=16, shuffle=False, collate_fn=collate, num_workers=2)
    print(f"{len(train_set)} training sequences in {len(train_loader)} batches, "
          f"{len(val_set)} validation sequences in {len(val_loader)} batches")

    model = Classifier(hidden=12)
    print(model)
    print([name for name, _ in model.named_parameters()])

    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    criterion = nn.CrossEntropyLoss()
    for epoch in range(4):
        model.train()
        total, seen = 0.0, 0
        for padded, lengths, labels in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(padded, lengths), labels)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(labels)
            seen += len(labels)
        model.eval()
        correct, val_loss = 0, 0.0
        with torch.no_grad():
            for padded, lengths, labels in val_loader:
                logits = model(padded, lengths)
                val_loss += criterion(logits, labels).item() * len(labels)
                correct += (logits.argmax(1) == labels).sum().item()
        print(f"epoch {epoch}: train loss {total / seen:.4f}  val loss {val_loss / len(val_set):.4f}  "
              f"val accuracy {correct / len(val_set):.3f}")
