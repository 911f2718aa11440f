"""Speed paths of torch's CPU stream (issue 16): each must give the reference path's bits."""
from __future__ import annotations

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


def test_compiled_kernels_are_kept_on_disk_and_reloaded(tmp_path, monkeypatch):
    import jax
    from gradcompat.random import xla_cache
    monkeypatch.setattr(xla_cache, "_directory", lambda: tmp_path)
    monkeypatch.setattr(xla_cache, "_memo", {})
    x = np.arange(8, dtype=np.float32)

    def check(exe) -> bool:
        return np.asarray(exe(x)).tobytes() == (x * 3 + 1).tobytes()
    jitted = jax.jit(lambda v: v * 3 + 1)
    exe, ok = xla_cache.compiled("probe", jitted, (x,), (xla_cache.__file__,), check)
    assert ok and [p.suffix for p in tmp_path.iterdir()] == [".exe"]
    # a later process loads it: no trace, no compile
    xla_cache._memo.clear()
    with monkeypatch.context() as m:
        m.setattr(xla_cache, "_fresh_compile", lambda lowered: pytest.fail("recompiled"))
        loaded, ok = xla_cache.compiled("probe", jitted, (x,), (xla_cache.__file__,), check)
    assert ok and loaded is not exe
    # a damaged file is rebuilt
    next(tmp_path.iterdir()).write_bytes(b"damaged")
    xla_cache._memo.clear()
    _, ok = xla_cache.compiled("probe", jitted, (x,), (xla_cache.__file__,), check)
    assert ok and next(tmp_path.iterdir()).stat().st_size > 100
