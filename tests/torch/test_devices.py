"""Devices and mixed precision beyond what golden programs can show: the cuda mapping onto JAX
devices (a second CPU device stands for ``cuda:0`` in a subprocess started with
``--xla_force_host_platform_device_count=2``), tensors mixing devices, cuda autocast's policy,
placement costing nothing on a CPU host, autocast state being per thread."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import jax
import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat import core
from gradcompat.torch import autocast_policy, devices

F = torch.nn.functional


def _run_with_fake_cuda(body: str) -> str:
    """Run ``body`` in a process with two JAX CPU devices, the second one standing for cuda:0."""
    script = textwrap.dedent("""
        import jax
        import gradcompat.torch as torch
        from gradcompat.torch import devices
        F = torch.nn.functional
        devices.fake_cuda(jax.devices("cpu")[1:])
    """) + textwrap.dedent(body) + "\nprint('DONE')\n"
    env = dict(os.environ, XLA_FLAGS="--xla_force_host_platform_device_count=2", JAX_PLATFORMS="cpu")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0 and "DONE" in result.stdout, result.stdout + result.stderr
    return result.stdout


def test_cuda_maps_onto_a_jax_device_and_mixing_devices_raises():
    _run_with_fake_cuda("""
        gpu = jax.devices("cpu")[1]
        assert torch.cuda.is_available() and torch.cuda.device_count() == 1
        assert torch.cuda.current_device() == 0 and torch.accelerator.is_available()
        assert torch.cuda.get_device_name(0) == gpu.device_kind
        assert repr(torch.accelerator.current_accelerator()) == "device(type='cuda')"

        x = torch.ones(3, requires_grad=True)
        y = x.cuda()
        assert repr(y.device) == "device(type='cuda', index=0)" and y.is_cuda and y.get_device() == 0
        assert y.node.value.devices() == {gpu}, "the array really lives on the mapped JAX device"
        assert y.grad_fn.name() == "ToCopyBackward0" and y.to("cuda") is y and y.to("cuda:0") is y
        (y * torch.tensor([1.0, 2.0, 3.0], device="cuda")).sum().backward()
        assert x.grad.device.type == "cpu" and x.grad.tolist() == [1.0, 2.0, 3.0], "the gradient goes to its leaf"
        g, = torch.autograd.grad((y * 2).sum(), x)
        assert g.device.type == "cpu"
        assert (y * 2).device == y.device and torch.zeros_like(y).device == y.device

        for mix in (lambda: x + y, lambda: torch.mm(x[None], y[:, None]), lambda: F.linear(x[None], y[None])):
            try:
                mix()
            except RuntimeError as e:
                assert "Expected all tensors to be on the same device" in str(e), e
                assert "cuda:0" in str(e) and "cpu" in str(e), e
            else:
                raise AssertionError("mixing devices must raise")
        assert (y.cpu() + x).device.type == "cpu" and y.cpu().node.value.devices() == {jax.devices("cpu")[0]}

        try:
            torch.zeros(1, device="cuda:1")
        except RuntimeError as e:
            assert "invalid device ordinal" in str(e)
        else:
            raise AssertionError("cuda:1 does not exist")

        m = torch.nn.Linear(3, 2).cuda()
        assert {p.device.type for p in m.parameters()} == {"cuda"}
        out = m(y)
        out.sum().backward()
        assert m.weight.grad.device.type == "cuda"
        m.cpu()
        assert m.weight.device.type == "cpu" and m.weight.grad.device.type == "cpu"

        torch.set_default_device("cuda")
        assert torch.zeros(2).device.type == "cuda" and repr(torch.get_default_device()) == "device(type='cuda', index=0)"
        torch.set_default_device(None)
        with torch.device("cuda"):
            assert torch.ones(1).is_cuda
        assert not torch.ones(1).is_cuda

        with torch.cuda.device(0):
            assert torch.cuda.current_device() == 0
        torch.cuda.synchronize()
        assert torch.cuda.memory_allocated() >= 0 and isinstance(torch.cuda.get_device_properties(0).name, str)
        assert torch.amp.GradScaler("cuda").is_enabled()
        legacy = torch.cuda.FloatTensor([1.0, 2.0])
        assert legacy.is_cuda and isinstance(legacy, torch.cuda.FloatTensor) and not isinstance(x, torch.cuda.FloatTensor)
    """)


def test_cuda_autocast_policy_applies_to_cuda_tensors_only():
    _run_with_fake_cuda("""
        a = torch.ones(2, 3, device="cuda")
        b = torch.ones(3, 2, device="cuda")
        c = torch.ones(2, 3)
        with torch.autocast("cuda"):
            assert torch.is_autocast_enabled() and torch.get_autocast_dtype("cuda") is torch.float16
            assert (a @ b).dtype is torch.float16, "lower precision list: float16 on cuda"
            assert (c @ c.T).dtype is torch.float32, "cpu tensors are not under cuda autocast"
            h = (a @ b)
            assert F.softmax(h, 1).dtype is torch.float32, "cuda's float32 list"
            assert F.softmax(h.cpu(), 1).dtype is torch.float16, "cpu autocast is off"
            try:
                F.binary_cross_entropy(torch.sigmoid(h), torch.ones(2, 2, device="cuda"))
            except RuntimeError as e:
                assert "unsafe to autocast" in str(e)
            else:
                raise AssertionError("binary_cross_entropy is banned under cuda autocast")
        with torch.autocast("cuda", dtype=torch.bfloat16):
            assert (a @ b).dtype is torch.bfloat16
    """)


def test_cpu_host_placement_is_free_and_reports_cpu():
    x = torch.ones(3)
    value = x.node.value
    assert devices.place(value) is value
    assert not value.committed, "a CPU host keeps arrays uncommitted: no transfer, free mixing"
    assert x.to("cpu") is x and x.cpu() is x and x.device == torch.device("cpu")
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        x.cuda()


def test_device_of_a_deferred_tensor():
    with torch.lazy():
        y = torch.ones(2) * 3
        assert y.device.type == "cpu"
    assert y.tolist() == [3.0, 3.0]


def test_device_mismatch_is_a_runtime_error():
    assert issubclass(core.DeviceMismatch, RuntimeError)
    a = jax.devices("cpu")[0]
    assert str(core.DeviceMismatch(a, a)).startswith("Expected all tensors to be on the same device")


def test_jax_device_names():
    cpu = jax.devices("cpu")[0]
    assert devices.from_jax(cpu) == torch.device("cpu")
    assert devices.of_value(np.ones(2)) == torch.device("cpu")
    devices.fake_cuda([cpu])
    try:
        assert devices.from_jax(cpu) == torch.device("cuda", 0)
        assert torch.cuda.is_available() and torch.cuda.device_count() == 1
    finally:
        devices.fake_cuda(None)
    assert not torch.cuda.is_available()


def test_autocast_state_is_per_thread():
    seen = []
    with torch.autocast("cpu"):
        thread = threading.Thread(target=lambda: seen.append(torch.is_autocast_enabled("cpu")))
        thread.start()
        thread.join()
        assert torch.is_autocast_enabled("cpu")
    assert seen == [False]
    assert autocast_policy.STATE.enabled_count == 0


def test_autocast_restores_state_after_an_exception():
    with pytest.raises(ValueError):
        with torch.autocast("cpu"):
            raise ValueError
    assert not torch.is_autocast_enabled("cpu") and autocast_policy.STATE.enabled_count == 0


def test_autocast_gradients_reach_float32_leaves():
    w = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    x = torch.tensor([[0.5, -1.0]])
    with torch.autocast("cpu"):
        out = F.linear(x, w)
    assert out.dtype is torch.bfloat16
    out.float().sum().backward()
    assert w.grad.dtype is torch.float32
    np.testing.assert_allclose(w.grad.numpy(), [[0.5, -1.0], [0.5, -1.0]])


def test_grad_scaler_unscale_is_one_jitted_call():
    from gradcompat.torch.amp import grad_scaler
    p = torch.nn.Parameter(torch.ones(4))
    opt = torch.optim.SGD([p], lr=0.5)
    scaler = torch.amp.GradScaler("cpu", init_scale=8.0)
    scaler.scale((p * 2).sum()).backward()
    before = grad_scaler._unscale_and_check._cache_size()
    scaler.step(opt)
    scaler.update()
    np.testing.assert_allclose(p.detach().numpy(), [0.0] * 4)
    assert grad_scaler._unscale_and_check._cache_size() <= before + 1
    assert scaler.get_scale() == 8.0 and scaler._get_growth_tracker() == 1
