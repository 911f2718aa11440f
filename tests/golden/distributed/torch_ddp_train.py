"""Data-parallel training with DistributedDataParallel and a DistributedSampler, written as
PyTorch's DDP tutorial and examples write it. Run it with
``torchrun --nproc-per-node 2 torch_ddp_train.py`` (real torch) or
``gradcompat run --nproc-per-node 2 torch_ddp_train.py``: both print the same lines."""
import contextlib
import os

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8, 16)
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


def main():
    dist.init_process_group(backend="gloo")
    rank = dist.get_rank()
    world_size = dist.get_world_size()
    local_rank = int(os.environ["LOCAL_RANK"])

    torch.manual_seed(0)  # the same data on every rank
    x = torch.randn(96, 8)
    y = (x[:, :3].sum(1) > 0).long() + (x[:, 3] > 1).long()
    dataset = TensorDataset(x, y)
    sampler = DistributedSampler(dataset, num_replicas=world_size, rank=rank, shuffle=True, seed=0)
    loader = DataLoader(dataset, batch_size=8, sampler=sampler)

    torch.manual_seed(1 + rank)  # different weights per rank: DDP starts every rank from rank 0's
    model = DDP(Net())
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    if rank == 0:
        print(model)
        print(f"world {world_size}, local rank {local_rank}, {len(sampler)} samples per rank, "
              f"{len(loader)} batches per epoch")

    for epoch in range(4):
        sampler.set_epoch(epoch)
        totals = torch.zeros(2)
        for step, (xb, yb) in enumerate(loader):
            sync = step % 2 == 1  # gradient accumulation over two batches
            with contextlib.nullcontext() if sync else model.no_sync():
                loss = F.cross_entropy(model(xb), yb)
                (loss / 2).backward()
            if sync:
                optimizer.step()
                optimizer.zero_grad()
            totals += torch.tensor([loss.item() * len(yb), float(len(yb))])
        dist.all_reduce(totals, op=dist.ReduceOp.SUM)
        if rank == 0:
            print(f"epoch {epoch}: mean loss {totals[0].item() / totals[1].item():.5f}")

    weights = torch.cat([p.detach().flatten() for p in model.parameters()])
    gathered = [torch.zeros_like(weights) for _ in range(world_size)]
    dist.all_gather(gathered, weights)
    same = all(torch.equal(g, gathered[0]) for g in gathered)
    first_indices = [None] * world_size
    dist.all_gather_object(first_indices, list(sampler)[:4])
    with torch.no_grad():
        accuracy = (model(x).argmax(1) == y).float().mean()
    if rank == 0:
        print(f"replicas identical: {same}")
        print(f"first indices per rank (epoch 3): {first_indices}")
        print(f"fc2.weight sum {model.module.fc2.weight.sum().item():.4f}, accuracy {accuracy.item():.4f}")
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
