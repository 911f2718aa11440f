"""torch.distributed's collectives on two processes; each rank prints its results in turn.
``torchrun --nproc-per-node 2 torch_collectives.py`` and ``gradcompat run --nproc-per-node 2
torch_collectives.py`` print the same lines."""
import os
import warnings

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP

warnings.simplefilter("ignore", FutureWarning)  # all_gather_into_tensor / reduce_scatter_tensor renamed


def main():
    dist.init_process_group("gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    lines = [f"rank {rank}/{world} local {os.environ['LOCAL_RANK']}/{os.environ['LOCAL_WORLD_SIZE']} "
             f"initialized {dist.is_initialized()} backend {dist.get_backend()} "
             f"elastic {dist.is_torchelastic_launched()} env {sorted(k for k in os.environ if k in NAMES)}"]
    base = torch.tensor([1.5, -2.0, 3.0]) * (rank + 1)
    for name in ("SUM", "AVG", "PRODUCT", "MIN", "MAX"):
        t = base.clone()
        dist.all_reduce(t, op=getattr(dist.ReduceOp, name))
        lines.append(f"all_reduce {name}: {t}")
    ints = torch.tensor([3, 5, 6]) + rank
    dist.all_reduce(ints)
    lines.append(f"all_reduce int64: {ints}")
    b = torch.arange(4.0) + 10 * rank
    dist.broadcast(b, src=1)
    lines.append(f"broadcast from 1: {b}")
    out = [torch.zeros(2, dtype=torch.int32) for _ in range(world)]
    dist.all_gather(out, torch.tensor([rank, rank * 7], dtype=torch.int32))
    lines.append(f"all_gather: {out}")
    flat = torch.zeros(world * 2)
    dist.all_gather_into_tensor(flat, torch.tensor([rank + 0.5, -rank - 0.5]))
    lines.append(f"all_gather_into_tensor: {flat}")
    rs = torch.zeros(2)
    dist.reduce_scatter_tensor(rs, torch.arange(4.0) * (rank + 1))
    lines.append(f"reduce_scatter_tensor: {rs}")
    rs2 = torch.zeros(3)
    dist.reduce_scatter(rs2, [torch.full((3,), float(rank + i)) for i in range(world)], op=dist.ReduceOp.MAX)
    lines.append(f"reduce_scatter MAX: {rs2}")
    objects = [None] * world
    dist.all_gather_object(objects, {"rank": rank, "name": f"worker-{rank}", "items": list(range(rank + 2))})
    lines.append(f"all_gather_object: {objects}")
    shared = [None, None] if rank else ["config", {"lr": 0.1, "steps": [1, 2]}]
    dist.broadcast_object_list(shared, src=0)
    lines.append(f"broadcast_object_list: {shared}")
    a2a = torch.zeros(4)
    dist.all_to_all_single(a2a, torch.arange(4.0) + 10 * rank)
    lines.append(f"all_to_all_single: {a2a}")
    uneven = torch.zeros(3 if rank == 0 else 6)
    dist.all_to_all_single(uneven, torch.arange(5.0 - rank) + 100 * rank,
                           output_split_sizes=[2, 1] if rank == 0 else [3, 3],
                           input_split_sizes=[2, 3] if rank == 0 else [1, 3])
    lines.append(f"all_to_all_single uneven: {uneven}")
    outs = [torch.zeros(2, dtype=torch.int64) for _ in range(world)]
    dist.all_to_all(outs, [torch.tensor([rank, j]) for j in range(world)])
    lines.append(f"all_to_all: {outs}")
    solo = dist.new_group([1])
    lines.append(f"new_group([1]): {'member' if solo != dist.GroupMember.NON_GROUP_MEMBER else 'not a member'}")
    pair = dist.new_group([0, 1])
    t = torch.ones(2) * (rank + 1)
    work = dist.all_reduce(t, group=pair, async_op=True)
    work.wait()
    lines.append(f"group all_reduce async: {t} ranks {dist.get_process_group_ranks(pair)} size "
                 f"{dist.get_world_size(pair)}")
    # DistributedDataParallel: a parameter used on one rank only, one used nowhere, buffers from rank 0
    torch.manual_seed(rank)
    model = DDP(Branches(), find_unused_parameters=True)
    x = torch.arange(8.0).reshape(4, 2) * (rank + 1)
    model(x, use_b=rank == 1).pow(2).sum().backward()
    net = model.module
    lines.append(f"ddp grads: {net.a.weight.grad} {net.b.weight.grad} {net.c.weight.grad} {net.bn.weight.grad}")
    lines.append(f"ddp buffers after forward: {net.bn.running_mean}")
    model(x, use_b=False).sum().backward()
    lines.append(f"ddp accumulated: {net.a.bias.grad} {net.b.bias.grad}; running mean {net.bn.running_mean}")
    for r in range(world):  # one rank after the other
        if r == rank:
            print("\n".join(lines), flush=True)
        dist.barrier()
    dist.destroy_process_group()
    print(f"rank {rank} done, initialized {dist.is_initialized()}", flush=True) if rank == 0 else None


class Branches(nn.Module):
    def __init__(self):
        super().__init__()
        self.a, self.b, self.c = nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 2)
        self.bn = nn.BatchNorm1d(2)

    def forward(self, x, use_b):
        self.bn(x)  # updates the running statistics; its parameters get no gradient anywhere
        return self.a(x) + self.b(x) if use_b else self.a(x)


NAMES = {"RANK", "LOCAL_RANK", "WORLD_SIZE", "LOCAL_WORLD_SIZE", "GROUP_RANK", "GROUP_WORLD_SIZE", "ROLE_RANK",
         "ROLE_WORLD_SIZE", "ROLE_NAME", "MASTER_ADDR", "MASTER_PORT", "TORCHELASTIC_RUN_ID",
         "TORCHELASTIC_RESTART_COUNT", "TORCHELASTIC_MAX_RESTARTS"}

if __name__ == "__main__":
    main()
