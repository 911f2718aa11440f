"""Speed paths of torch's CPU stream (issue 16): each must give the reference path's bits."""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from gradcompat.random import buffers, torch_stream as ts, xla_kernels


def _both(monkeypatch, draw):
    fast_gen, slow_gen = ts.TorchCPUGenerator(7), ts.TorchCPUGenerator(7)
    fast = draw(fast_gen)
    with monkeypatch.context() as m:
        m.setattr(ts, "_PAIRS_MIN", 1 << 62)
        m.setattr(xla_kernels, "MIN_SIZE", 1 << 62)
        slow = draw(slow_gen)
    assert fast.dtype == slow.dtype and fast.tobytes() == slow.tobytes()
    assert fast_gen.get_state().tobytes() == slow_gen.get_state().tobytes()


@pytest.mark.parametrize("n", [4096, 70001])
@pytest.mark.parametrize("lo, hi", [(0.0, 1.0), (-0.02209708691207961, 0.02209708691207961), (-0.37, 1.91),
                                    (2.0, 3.0), (1e-30, 1e-29), (-1e-35, 1e-35)])
def test_uniform_pairs_path_equals_reference(monkeypatch, n, lo, hi):
    _both(monkeypatch, lambda g: ts.uniform(g, n, "float32", lo, hi))


def test_normal_pairs_path_equals_reference(monkeypatch):
    n = xla_kernels.MIN_SIZE + 40
    _both(monkeypatch, lambda g: ts.normal(g, n, "float32", 0.0, 0.02))


def test_large_draws_are_adopted_by_jax_without_copy():
    import jax
    x = ts.uniform(ts.TorchCPUGenerator(0), 1 << 18, "float32", -1.0, 1.0)
    assert x.ctypes.data % buffers.ALIGN == 0
    assert np.asarray(jax.device_put(x)).ctypes.data == x.ctypes.data


def test_compiled_kernel_is_kept_on_disk_and_reloaded(tmp_path):
    code = ("import numpy as np; from gradcompat.random import torch_stream as ts, xla_cache; "
            "x = ts.normal(ts.TorchCPUGenerator(1), 1 << 17, 'float32'); "
            "print(np.frombuffer(x.tobytes(), np.uint32).sum(dtype=np.uint64), "
            "type(xla_cache._memo['torch-normal16-0'][0]).__name__)")
    env = dict(os.environ, GRADCOMPAT_CACHE_DIR=str(tmp_path / "xla"))
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    assert all(r.returncode == 0 for r in runs), runs[-1].stderr
    assert [p.suffix for p in (tmp_path / "rng-kernels").iterdir()] == [".exe"]
    assert runs[0].stdout.split()[0] == runs[1].stdout.split()[0]
    assert runs[1].stdout.split()[1] == "Compiled"
