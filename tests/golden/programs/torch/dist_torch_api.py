"""torch.distributed in one process (world size 1, tcp:// rendezvous on a free port):
DistributedSampler's exact orders (seeded randperm, padding, drop_last, epochs), the collectives'
results, DistributedDataParallel's gradients, no_sync, find_unused_parameters, its repr and
state_dict keys, and torch's errors for misuse."""
import datetime
import os
import warnings

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
from harness import emit, emit_text, expect_error
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data.distributed import DistributedSampler

warnings.simplefilter("ignore", FutureWarning)
rng = np.random.default_rng(18)

# DistributedSampler: torch's orders without a process group (num_replicas and rank given)
for n, replicas, rank, seed, epoch, drop_last, shuffle in [(10, 3, 1, 0, 0, False, True), (10, 3, 2, 5, 2, True, True),
                                                          (7, 2, 0, 1, 1, False, True), (3, 4, 3, 0, 0, False, True),
                                                          (100, 2, 1, 42, 3, False, True), (9, 4, 1, 0, 0, True, False)]:
    sampler = DistributedSampler(list(range(n)), num_replicas=replicas, rank=rank, seed=seed, drop_last=drop_last,
                                 shuffle=shuffle)
    sampler.set_epoch(epoch)
    emit(f"sampler_{n}_{replicas}_{rank}_{seed}_{epoch}_{drop_last}_{shuffle}", np.array(list(sampler)))
    emit_text(f"sampler_len_{n}_{replicas}_{rank}", str(len(sampler)))
expect_error("sampler_no_group", lambda: DistributedSampler(list(range(4))), 'Default process group has not been initialized')
expect_error("sampler_bad_rank", lambda: DistributedSampler(list(range(4)), num_replicas=2, rank=2), 'Invalid rank 2')
expect_error("get_rank_no_group", lambda: dist.get_rank(), 'Default process group has not been initialized')
expect_error("ddp_no_group", lambda: DDP(nn.Linear(2, 2)), 'Default process group has not been initialized')

# rendezvous errors
saved = {k: os.environ.pop(k) for k in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT") if k in os.environ}
expect_error("env_no_rank", lambda: dist.init_process_group("gloo"), 'environment variable RANK expected')
os.environ["RANK"] = "0"
expect_error("env_no_world_size", lambda: dist.init_process_group("gloo"), 'environment variable WORLD_SIZE expected')
os.environ["WORLD_SIZE"] = "1"
expect_error("env_no_master_addr", lambda: dist.init_process_group("gloo"), 'environment variable MASTER_ADDR expected')
os.environ["MASTER_ADDR"] = "127.0.0.1"
expect_error("env_no_master_port", lambda: dist.init_process_group("gloo"), 'environment variable MASTER_PORT expected')
os.environ["WORLD_SIZE"] = "two"
os.environ["MASTER_PORT"] = "0"
expect_error("env_bad_world_size", lambda: dist.init_process_group("gloo"), 'invalid literal for int()')
for k in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"):
    os.environ.pop(k, None)
os.environ.update(saved)
expect_error("tcp_no_rank", lambda: dist.init_process_group("gloo", init_method="tcp://127.0.0.1:0", world_size=1), 'rank parameter missing')
expect_error("tcp_no_world", lambda: dist.init_process_group("gloo", init_method="tcp://127.0.0.1:0", rank=0), 'world size parameter missing')
expect_error("bad_scheme", lambda: dist.init_process_group("gloo", init_method="xyz://a", rank=0, world_size=1), 'No rendezvous handler for xyz://')
expect_error("bad_timeout", lambda: dist.init_process_group("gloo", init_method="tcp://127.0.0.1:0", rank=0,
                                                            world_size=1, timeout=30),
             "Expected timeout argument to be of type datetime.timedelta")

dist.init_process_group("gloo", init_method="tcp://127.0.0.1:0", rank=0, world_size=1,
                        timeout=datetime.timedelta(seconds=60))
emit_text("state", f"{dist.is_initialized()} {dist.get_rank()} {dist.get_world_size()} {dist.get_backend()} "
                   f"{dist.is_available()} {dist.ReduceOp.SUM!r} {dist.ReduceOp.AVG}")
expect_error("init_twice", lambda: dist.init_process_group("gloo", init_method="tcp://127.0.0.1:0", rank=0,
                                                           world_size=1), "initialize the default process group twice")
x = torch.tensor(rng.normal(size=(2, 3)).astype(np.float32))
for op in ("SUM", "AVG", "PRODUCT", "MIN", "MAX"):
    y = x.clone()
    dist.all_reduce(y, op=getattr(dist.ReduceOp, op))
    emit(f"all_reduce_{op}", y)
expect_error("all_reduce_list", lambda: dist.all_reduce([x]), 'Expected parameter `tensor` of type torch.Tensor')
expect_error("all_reduce_int_avg", lambda: dist.all_reduce(torch.tensor([1, 2]), op=dist.ReduceOp.AVG), "can't be cast to the desired output type Long")
expect_error("broadcast_bad_src", lambda: dist.broadcast(x, src=3), 'invalid root rank: 3')
expect_error("all_gather_bad_list", lambda: dist.all_gather([torch.zeros(2, 3), torch.zeros(2, 3)], x), 'invalid output tensor list')
out = torch.zeros(2, 3)
dist.all_gather_into_tensor(out, x)
emit("all_gather_into_tensor", out)
expect_error("all_gather_into_stacked", lambda: dist.all_gather_into_tensor(torch.zeros(1, 2, 3), x),
             "invalid tensor size at index 0 (expected (2, 3), got (1, 2, 3))")
objs = [None]
dist.all_gather_object(objs, {"a": [1, 2]})
emit_text("all_gather_object", repr(objs))

# DistributedDataParallel: gradients, no_sync accumulation, unused parameters


class Two(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(3, 2)
        self.b = nn.Linear(3, 2)

    def forward(self, x, use_b=False):
        return self.a(x) + (self.b(x) if use_b else 0)


net = Two()
net.load_state_dict({k: torch.tensor(rng.normal(size=tuple(v.shape)).astype(np.float32))
                     for k, v in net.state_dict().items()})
model = DDP(net, find_unused_parameters=True)
emit_text("ddp_repr", repr(model))
emit_text("ddp_keys", " ".join(model.state_dict().keys()))
inp = torch.tensor(rng.normal(size=(4, 3)).astype(np.float32))
model(inp).pow(2).sum().backward()
emit("ddp_grad_a", net.a.weight.grad)
emit_text("ddp_grad_b_none", str(net.b.weight.grad is None))
with model.no_sync():
    model(inp, use_b=True).sum().backward()
model(inp, use_b=True).sum().backward()
emit("ddp_accumulated", [net.a.weight.grad, net.b.weight.grad, net.b.bias.grad])
strict = DDP(Two())
strict(inp).sum().backward()
expect_error("ddp_unused", lambda: strict(inp), 'Parameter indices which did not receive grad for rank 0: 2 3')
expect_error("ddp_no_params", lambda: DDP(nn.Linear(2, 2).requires_grad_(False)), "doesn't have any parameter that requires a gradient")
dist.destroy_process_group()
emit_text("destroyed", str(dist.is_initialized()))
expect_error("destroy_twice", lambda: dist.destroy_process_group(), 'Process group cannot be None')
