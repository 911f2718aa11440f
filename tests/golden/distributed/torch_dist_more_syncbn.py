"""torch.nn.SyncBatchNorm on two processes with gloo on CPU, as torch 2.13 has it: in training
within an initialized group of two the CPU input is refused (torch synchronizes GPU tensors only);
in eval mode, and before ``init_process_group``, it is the plain batch norm.
``torchrun --nproc-per-node 2`` and ``gradcompat run --nproc-per-node 2`` print the same lines."""
import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn


def main():
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.normal(size=(4, 3, 2)).astype("float32"), requires_grad=True)
    model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(3))
    with torch.no_grad():
        model[0].weight.copy_(torch.tensor([[0.5, -1.0], [2.0, 0.25]]))
        model[0].bias.copy_(torch.tensor([0.1, -0.2]))
    model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    lines = [f"before init: {type(model[1]).__name__} {model[1](x).sum(0)}"]
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    lines.insert(0, f"rank {rank}")
    x = x * (rank + 1)
    try:
        model(x)
    except ValueError as e:
        lines.append(f"train: ValueError {e}")
    lines.append(f"batches tracked {model[1].num_batches_tracked.item()}")
    model.eval()
    y = model(x)
    (g,) = torch.autograd.grad((y * torch.arange(6.0).reshape(3, 2)).sum(), x)
    lines.append(f"eval: {y.sum(0)}\ngrad {g.sum(0)}")
    for r in range(dist.get_world_size()):
        if r == rank:
            print("\n".join(lines), flush=True)
        dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
