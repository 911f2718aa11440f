"""torch.distributed on several processes, through ``gradcompat run --nproc-per-node``.

The golden programs of ``tests/golden/distributed/`` (a DDP training with a DistributedSampler,
the collectives) print what real torch's ``torchrun --nproc-per-node 2`` printed
(``tools/make_distributed_goldens.py``). The fault tests check that a failing, killed or
unstartable rank ends the job with torchrun's report and a non-zero exit, without hanging.
Single-process behaviour (errors, sampler orders, DDP gradients at world size 1) is the golden
program ``tests/golden/programs/torch/dist_torch_api.py``.
"""
from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys
import textwrap
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "tests" / "golden" / "distributed"


def _launch(*args: str, timeout: float = 240, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gradcompat.cli", "run", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})})


def _errors(stderr: str) -> str:
    """stderr without XLA's and gloo's log lines."""
    return "\n".join(line for line in stderr.splitlines() if not line.startswith(("W1", "I1", "E1")))


@pytest.mark.parametrize("name, launcher", [
    ("torch_ddp_train", ["--nproc-per-node", "2"]),
    ("torch_collectives", ["-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2"]),  # torchrun's module
])
def test_two_processes_print_what_torchrun_prints(name, launcher):
    done = _launch(*launcher, str(PROGRAMS / f"{name}.py"))
    assert done.returncode == 0, _errors(done.stderr)[-3000:]
    assert done.stdout == (PROGRAMS / f"{name}.txt").read_text()


def _program(tmp_path: pathlib.Path, body: str) -> str:
    path = tmp_path / "job.py"
    path.write_text(textwrap.dedent(body))
    return str(path)


@pytest.mark.parametrize("fault", ["raise", "kill"])
def test_a_failing_rank_stops_the_job(tmp_path, fault):
    script = _program(tmp_path, """
        import os, signal, sys
        import torch
        import torch.distributed as dist
        dist.init_process_group("gloo")
        if dist.get_rank() == 1:
            if sys.argv[1] == "raise":
                raise ValueError("rank 1 failed on purpose")
            os.kill(os.getpid(), signal.SIGKILL)
        t = torch.ones(3)
        dist.all_reduce(t)  # rank 0 waits here for a rank that is gone
        print("unreachable")
    """)
    start = time.monotonic()
    done = _launch("--nproc-per-node", "2", script, fault, timeout=120)
    errors = _errors(done.stderr)
    assert done.returncode == 1, errors
    assert time.monotonic() - start < 100
    assert "unreachable" not in done.stdout
    assert "job.py FAILED" in errors and "Root Cause (first observed failure)" in errors
    root = errors.split("Root Cause")[1]
    assert "rank      : 1 (local_rank: 1)" in root
    if fault == "raise":
        assert "ValueError: rank 1 failed on purpose" in errors and "exitcode  : 1" in root
    else:
        assert "exitcode  : -9 (SIGKILL)" in root
    assert "rank      : 0 (local_rank: 0)" in errors.split("Root Cause")[0]  # stopped by the launcher


def test_the_launcher_refuses_a_port_in_use():
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = _launch("--nproc-per-node", "2", "--master-port", str(port), "-c", "print('started')", timeout=60)
    assert done.returncode == 1
    assert "started" not in done.stdout
    assert f"--master-port {port} is already in use (EADDRINUSE)" in done.stderr


def test_init_process_group_on_a_port_in_use_raises_torchs_error():
    import gradcompat.torch as torch
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(torch.distributed.DistNetworkError, match=f"port: {port}, useIpv6: false, code: -98, "
                                                                     "name: EADDRINUSE"):
            torch.distributed.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=0,
                                                 world_size=2)
    assert not torch.distributed.is_initialized()


@pytest.mark.parametrize("args, phrase", [
    (["--nproc-per-node", "0", "-c", "pass"], "--nproc-per-node must be a positive integer"),
    (["--nproc-per-node", "two", "-c", "pass"], "invalid int value: 'two'"),
    (["--nproc-per-node", "2", "--nnodes", "2", "--node-rank", "2", "-c", "pass"], "--node-rank 2 is not in [0, 2)"),
    (["--nproc-per-node", "2"], "a script, -m MODULE or -c CODE is needed"),
])
def test_launcher_argument_errors(args, phrase):
    done = _launch(*args, timeout=60)
    assert done.returncode == 2 and phrase in done.stderr


def test_data_parallel_splits_the_batch_over_host_devices():
    """Two XLA host devices in one process: DataParallel lays the batch over both and gives the
    numbers (outputs, gradients, an optimizer step) of the plain module."""
    code = textwrap.dedent("""
        import numpy as np
        import torch
        import torch.nn as nn
        print(torch.nn.DataParallel(nn.Linear(2, 2)).device_ids)
        rng = np.random.default_rng(0)
        def model():
            m = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 2))
            m.load_state_dict({k: torch.tensor(rng.normal(size=tuple(v.shape)).astype(np.float32))
                               for k, v in m.state_dict().items()})
            return m
        plain = model()
        dp = nn.DataParallel(model())
        dp.module.load_state_dict(plain.state_dict())
        x = torch.tensor(rng.normal(size=(8, 6)).astype(np.float32))
        seen = []
        dp.module[0].register_forward_hook(lambda m, i, o: seen.append(len(i[0]._jax_value().devices())))
        for net in (plain, dp):
            opt = torch.optim.SGD(net.parameters(), lr=0.1)
            loss = net(x).pow(2).mean()
            loss.backward()
            opt.step()
        print(seen, type(dp).__name__, dp.device_ids)
        print(np.allclose(plain(x).detach().numpy(), dp(x).detach().numpy(), rtol=1e-5, atol=1e-6))
        print(all(np.allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-5, atol=1e-6)
                  for a, b in zip(plain.parameters(), dp.module.parameters())))
    """)
    flags = (os.environ.get("XLA_FLAGS", "") + " --xla_force_host_platform_device_count=2").strip()
    done = _launch("-c", code, timeout=120, env={"XLA_FLAGS": flags})
    assert done.returncode == 0, _errors(done.stderr)[-3000:]
    assert done.stdout.split("\n")[:4] == ["[0, 1]", "[2] DataParallel [0, 1]", "True", "True"]


def test_data_parallel_on_one_device_is_the_module():
    import gradcompat.torch as torch
    model = torch.nn.Linear(3, 2)
    dp = torch.nn.DataParallel(model)
    assert dp.device_ids == [] and dp.module is model
    x = torch.ones(4, 3)
    assert torch.equal(dp(x), model(x))
    assert repr(dp).startswith("DataParallel(\n  (module): Linear(in_features=3")


def test_a_worker_pinned_to_one_gpu_answers_to_cuda_local_rank(monkeypatch):
    """On a GPU node each launched worker owns one GPU (JAX's local_device_ids): torch's
    ``cuda:LOCAL_RANK`` names it, as the DDP idiom ``torch.cuda.set_device(local_rank)`` expects
    (simulated here with the host's CPU device standing for the worker's GPU)."""
    import jax

    import gradcompat.torch as torch
    from gradcompat.distributed import runtime
    from gradcompat.torch import devices
    own = jax.local_devices()[0]
    monkeypatch.setattr(runtime, "_state", runtime._State(rank=3, world_size=4, local_rank=1, pinned=(1, 2)))
    monkeypatch.setattr(devices, "_platform", lambda name: [own] if name == "gpu" else [own])
    monkeypatch.setattr(devices._TABLE, "_cuda", None)
    monkeypatch.setattr(devices._TABLE, "home", None)
    try:
        assert torch.cuda.device_count() == 2
        torch.cuda.set_device(1)
        assert devices.to_jax("cuda:1") == own and devices.from_jax(own) == torch.device("cuda", 1)
    finally:
        devices._STATE.cuda_index = 0


SPAWN_PROGRAM = '''
import os
import sys
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn as nn
from torch.nn.parallel import DistributedDataParallel as DDP


def demo_basic(rank, world_size):  # PyTorch's DDP tutorial
    os.environ["MASTER_ADDR"] = "localhost"
    os.environ["MASTER_PORT"] = sys.argv[1]
    dist.init_process_group("gloo", rank=rank, world_size=world_size)
    torch.manual_seed(rank)
    model = DDP(nn.Linear(10, 5))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
    nn.MSELoss()(model(torch.ones(20, 10) * (rank + 1)), torch.zeros(20, 5)).backward()
    optimizer.step()
    if rank == 0:
        print(f"weight sum {model.module.weight.sum().item():.5f}", flush=True)
    dist.destroy_process_group()


def fail(rank, world_size):
    if rank == 1:
        raise ValueError("rank 1 broke")
    import time
    time.sleep(60)


if __name__ == "__main__":
    mp.spawn(demo_basic, args=(2,), nprocs=2, join=True)
    try:
        mp.spawn(fail, args=(2,), nprocs=2)
    except mp.ProcessRaisedException as e:
        print(type(e).__name__, e.error_index, "ValueError: rank 1 broke" in str(e),
              str(e).startswith("\\n\\n-- Process 1 terminated with the following error:\\nTraceback"))
'''


def test_multiprocessing_spawn_as_in_the_ddp_tutorial(tmp_path):
    """``torch.multiprocessing.spawn`` workers run on gradcompat too; real torch 2.13 prints the
    same two lines (checked with .venvs/torch)."""
    script = tmp_path / "spawn_ddp.py"
    script.write_text(SPAWN_PROGRAM)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = _launch(str(script), str(port), timeout=200)
    assert done.returncode == 0, _errors(done.stderr)[-3000:]
    assert done.stdout.splitlines() == ["weight sum -1.51425", "ProcessRaisedException 1 True True"]
