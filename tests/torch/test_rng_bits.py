"""torch's CPU random stream reproduced bit for bit: gradcompat's draws against real torch's
(recorded by tools/make_rng_goldens.py into tests/torch/data/rng_bits.npz), byte by byte."""
from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat.random import cephes_avx, fma, torch_stream as ts

_ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
_spec = importlib.util.spec_from_file_location("make_rng_goldens", os.path.join(_ROOT, "tools", "make_rng_goldens.py"))
make_rng_goldens = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_rng_goldens)
GOLDEN = np.load(os.path.join(os.path.dirname(__file__), "data", "rng_bits.npz"))


@pytest.mark.parametrize("seed", make_rng_goldens.SEEDS)
def test_draws_equal_torch_bit_for_bit(seed):
    torch.manual_seed(seed)
    bad = []
    for name, thunk in make_rng_goldens.cases(torch):
        ref = GOLDEN[f"{seed}/{name}"]
        got = np.asarray(thunk().numpy())
        if got.dtype != ref.dtype or got.shape != ref.shape or got.tobytes() != ref.tobytes():
            bad.append(name)
    assert not bad, f"seed {seed}: draws differ from torch's for {bad}"


def test_state_roundtrip_and_torch_layout():
    torch.manual_seed(5)
    torch.randn(3)  # leaves a cached normal in the state
    state = torch.get_rng_state()
    assert state.dtype == torch.uint8 and tuple(state.shape) == (5056,)
    a = torch.randn(20)
    torch.set_rng_state(state)
    assert torch.equal(a, torch.randn(20))
    # a torch state (recorded after the last case of seed 0) loads and continues the stream
    g = torch.Generator().set_state(torch.tensor(GOLDEN["0/state"]))
    assert g.initial_seed() == 0


def test_fresh_default_seed_per_process_and_fixed_generator_seed():
    import subprocess
    import sys
    code = "import gradcompat.torch as t; print(t.initial_seed())"
    seeds = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout for _ in range(2)}
    assert len(seeds) == 2
    assert torch.Generator().initial_seed() == 67280421310721


def test_fork_rng_restores_state():
    torch.manual_seed(11)
    expected = torch.rand(4)
    torch.manual_seed(11)
    with torch.random.fork_rng():
        torch.randn(50)
    assert torch.equal(torch.rand(4), expected)


def test_fma32_is_exact_on_double_rounding_cases():
    rng = np.random.default_rng(0)
    a = rng.standard_normal(200000).astype(np.float32)
    b = rng.standard_normal(200000).astype(np.float32)
    c = (rng.standard_normal(200000) * 1e-3).astype(np.float32)
    r = fma.fma32(a, b, c)
    # reference: exact rational arithmetic on a sample including every detected tie
    from fractions import Fraction
    idx = list(range(0, 200000, 997))
    for i in idx:
        exact = Fraction(float(a[i])) * Fraction(float(b[i])) + Fraction(float(c[i]))
        lo = np.float32(float(exact))
        cands = [lo, np.nextafter(lo, np.float32(np.inf)), np.nextafter(lo, np.float32(-np.inf))]
        best = min(cands, key=lambda v: (abs(Fraction(float(v)) - exact), int(np.array(v).view(np.int32)) & 1))
        assert r[i] == best


def test_cephes_log_close_to_true_log():
    x = np.linspace(1e-6, 1, 10001, dtype=np.float32)
    assert np.allclose(cephes_avx.log_ps(x), np.log(x.astype(np.float64)), rtol=1e-6, atol=1e-7)


def test_large_draw_is_vectorized():
    import time
    g = ts.TorchCPUGenerator(0)
    t0 = time.perf_counter()
    ts.uniform(g, 2_000_000, "float32", -0.1, 0.1)
    assert time.perf_counter() - t0 < 2.0


@pytest.mark.parametrize("n, mean, std", [(ts.xla_kernels.MIN_SIZE + 37, 0.0, 1.0), (ts.xla_kernels.MIN_SIZE + 16, 0.3, 1.7)])
def test_large_normal_xla_path_equals_numpy_kernel(n, mean, std, monkeypatch):
    # draws of MIN_SIZE+ float32 elements run the Box-Muller in one XLA kernel: same bits
    fast = ts.normal(ts.TorchCPUGenerator(n), n, "float32", mean, std)
    monkeypatch.setattr(ts.xla_kernels, "MIN_SIZE", 1 << 62)
    slow_gen = ts.TorchCPUGenerator(n)
    slow = ts.normal(slow_gen, n, "float32", mean, std)
    assert fast.tobytes() == slow.tobytes()
