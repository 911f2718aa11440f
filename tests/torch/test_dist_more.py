"""torch.nn.SyncBatchNorm's synchronized path on two processes (``gradcompat run --nproc-per-node
2``). Real torch synchronizes GPU tensors only (on CPU it raises: the golden program
``tests/golden/distributed/torch_dist_more_syncbn.py``), so here each worker lets a local JAX
CPU device stand for ``cuda`` and checks SyncBatchNorm against a plain BatchNorm over the
concatenated global batch: outputs, running statistics, the input gradient of the sum of all
ranks' losses and the local weight gradient."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[2]

WORKER = """
import jax
import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
from gradcompat.torch import devices

devices.fake_cuda(jax.local_devices(backend="cpu")[:1])
dist.init_process_group("gloo")
rank, world = dist.get_rank(), dist.get_world_size()
rng = np.random.default_rng(0)
full = rng.normal(size=(world * 3, 4, 5)).astype("float32") * np.array([1.0, 2.0, 0.5, 3.0], "float32")[:, None] + 1
weight, bias = rng.normal(size=4).astype("float32"), rng.normal(size=4).astype("float32")
coef = torch.tensor(rng.normal(size=(3, 4, 5)).astype("float32"))

def layer(cls):
    m = nn.Sequential(cls(4, momentum=0.3))
    with torch.no_grad():
        m[0].weight.copy_(torch.tensor(weight))
        m[0].bias.copy_(torch.tensor(bias))
    return m

# reference: one BatchNorm over the global batch; loss = every rank's weighted sum
ref = layer(nn.BatchNorm1d)
X = torch.tensor(full, requires_grad=True)
Y = ref(X)
loss = sum((Y[r * 3:(r + 1) * 3] * coef).sum() for r in range(world))
gX, = torch.autograd.grad(loss, X, retain_graph=True)
gw, = torch.autograd.grad((Y[rank * 3:(rank + 1) * 3] * coef).sum(), ref[0].weight)

sync = nn.SyncBatchNorm.convert_sync_batchnorm(layer(nn.BatchNorm1d)).cuda()
assert type(sync[0]).__name__ == "SyncBatchNorm"
x = torch.tensor(full[rank * 3:(rank + 1) * 3]).cuda().requires_grad_()
y = sync(x)
assert y.device.type == "cuda", y.device
gx, gws = torch.autograd.grad((y * coef.cuda()).sum(), [x, sync[0].weight])
close = lambda a, b: np.allclose(a.detach().cpu().numpy(), b.detach().cpu().numpy(), rtol=1e-4, atol=1e-5)
assert close(y, Y[rank * 3:(rank + 1) * 3]), "output"
assert close(gx, gX[rank * 3:(rank + 1) * 3]), "input gradient"
assert close(gws, gw), "weight gradient"
assert close(sync[0].running_mean, ref[0].running_mean), "running mean"
assert close(sync[0].running_var, ref[0].running_var), "running var"
assert int(sync[0].num_batches_tracked) == 1
untracked = nn.SyncBatchNorm(4, affine=False, track_running_stats=False, momentum=None).cuda()
assert close(untracked(x), nn.functional.batch_norm(X, None, None, training=True)[rank * 3:(rank + 1) * 3])
assert untracked.running_mean is None and untracked.num_batches_tracked is None
sync.eval()
assert close(sync(x), ref.eval()(X)[rank * 3:(rank + 1) * 3]), "eval"
print(f"rank {rank} ok", flush=True)
dist.destroy_process_group()
"""


def test_sync_batchnorm_uses_the_global_batch(tmp_path):
    script = tmp_path / "sync_bn.py"
    script.write_text(textwrap.dedent(WORKER))
    done = subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", "--nproc-per-node", "2", str(script)],
                          capture_output=True, text=True, timeout=240, cwd=ROOT, env=dict(os.environ))
    errors = "\n".join(line for line in done.stderr.splitlines() if not line.startswith(("W1", "I1", "E1")))
    assert done.returncode == 0, errors[-3000:]
    assert sorted(done.stdout.split("\n")[:2]) == ["rank 0 ok", "rank 1 ok"], done.stdout


def test_sync_batchnorm_golden_matches_torchrun():
    program = ROOT / "tests" / "golden" / "distributed" / "torch_dist_more_syncbn.py"
    done = subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", "--nproc-per-node", "2", str(program)],
                          capture_output=True, text=True, timeout=240, cwd=program.parent, env=dict(os.environ))
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == program.with_suffix(".txt").read_text()


RECORDED = """
import os
import time
from torch.distributed.elastic.multiprocessing.errors import record

@record
def main():
    print("error file", os.environ["LOCAL_RANK"], os.environ["TORCHELASTIC_ERROR_FILE"], flush=True)
    marker = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rank0_printed")
    if os.environ["RANK"] == "0":
        open(marker, "w").close()
    else:  # fail only once rank 0 has printed (the launcher then stops it)
        deadline = time.time() + 60
        while not os.path.exists(marker) and time.time() < deadline:
            time.sleep(0.05)
        raise ValueError("rank 1 recorded its failure")

main()
"""


def test_record_writes_the_error_file_the_launcher_reports(tmp_path):
    script = tmp_path / "recorded.py"
    script.write_text(textwrap.dedent(RECORDED))
    done = subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", "--nproc-per-node", "2", str(script)],
                          capture_output=True, text=True, timeout=240, cwd=ROOT, env=dict(os.environ))
    assert done.returncode == 1
    files = dict(line.split()[2:] for line in done.stdout.splitlines() if line.startswith("error file"))
    assert set(files) == {"0", "1"}, done.stdout
    for local, path in files.items():  # torchrun's layout: one reply file per worker
        assert path.endswith(f"/attempt_0/{local}/error.json") and "torchelastic_" in path
        assert not os.path.exists(path)  # the launcher's temporary folder is gone afterwards
    root = done.stderr.split("Root Cause (first observed failure):")[1]
    assert f"  error_file: {files['1']}\n" in root
    assert "  traceback : Traceback (most recent call last):\n" in root
    assert "\n  ValueError: rank 1 recorded its failure\n" in root
