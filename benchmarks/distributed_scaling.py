"""Data-parallel scaling on this machine: the same DistributedDataParallel training step run by
1, 2 and 4 processes (``gradcompat run --nproc-per-node N``; with ``--torch``, also real
torch's ``torchrun``), each process with its own batch of ``--batch`` samples (weak scaling:
the global batch grows with the processes).

    python benchmarks/distributed_scaling.py [--procs 1 2 4] [--steps 30] [--batch 256] [--torch]

For each run rank 0 reports the median seconds per step after a warm-up (compilation is left
out) and the mean of a 4 MB ``all_reduce``; the table shows samples per second over all
processes and the efficiency against one process (1.0: N processes do N times the work in the
same time). On a CPU host the processes share the cores: expect efficiency to drop once the
processes outnumber them. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[1]
TORCHRUN = ROOT / ".venvs" / "torch" / "bin" / "torchrun"

WORKER = textwrap.dedent("""
    import json, os, statistics, sys, time
    import torch
    import torch.distributed as dist
    import torch.nn as nn
    import torch.nn.functional as F
    from torch.nn.parallel import DistributedDataParallel as DDP

    steps, batch, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    torch.manual_seed(rank)
    model = DDP(nn.Sequential(nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10)))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x, y = torch.randn(batch, 256), torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(5):
        step()
    times = []
    for _ in range(steps):
        dist.barrier()
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    buf = torch.ones(1 << 20)
    dist.all_reduce(buf)
    dist.barrier()
    t = time.perf_counter()
    for _ in range(10):
        dist.all_reduce(buf)
    reduce_s = (time.perf_counter() - t) / 10
    if rank == 0:
        with open(out, "w") as f:
            json.dump({"step_s": statistics.median(times), "all_reduce_4mb_s": reduce_s}, f)
    dist.destroy_process_group()
""")


def run(launcher: list[str], nproc: int, steps: int, batch: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        script, out = os.path.join(tmp, "worker.py"), os.path.join(tmp, "result.json")
        with open(script, "w") as f:
            f.write(WORKER)
        done = subprocess.run([*launcher, "--nproc-per-node", str(nproc), script, str(steps), str(batch), out],
                              capture_output=True, text=True, timeout=1800)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(launcher)} with {nproc} processes failed:\n{done.stderr[-3000:]}")
        with open(out) as f:
            return json.load(f)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procs", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--batch", type=int, default=256, help="samples per process and step")
    parser.add_argument("--torch", action="store_true", help="also real torch (torchrun, gloo)")
    args = parser.parse_args()
    contenders = [("gradcompat", [sys.executable, "-m", "gradcompat.cli", "run"])]
    if args.torch and TORCHRUN.exists():
        contenders.append(("torch", [str(TORCHRUN)]))
    print(f"{os.cpu_count()} CPUs; {args.batch} samples per process and step; median of {args.steps} steps\n")
    print("| contender | processes | s / step | samples / s | efficiency | all_reduce 4 MB (ms) |")
    print("|---|---|---|---|---|---|")
    for name, launcher in contenders:
        base = None
        for n in args.procs:
            r = run(launcher, n, args.steps, args.batch)
            rate = n * args.batch / r["step_s"]
            base = base or rate / n
            print(f"| {name} | {n} | {r['step_s']:.4f} | {rate:,.0f} | {rate / (n * base):.2f} | "
                  f"{1000 * r['all_reduce_4mb_s']:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
