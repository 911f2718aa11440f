"""Layer behaviour that golden programs cannot show: a training loop over the new layers
compiles its step once, the layers work under torch.func transforms (traced values), the
kernels are shared dialect-free functions, and interpolation indices at odd scales."""
from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat.layers import convolution, resampling

F = torch.nn.functional
ROOT = Path(__file__).resolve().parents[2]


def test_layer_training_loop_compiles_once(tmp_path: Path) -> None:
    import sys
    sys.path.insert(0, str(ROOT / "tests"))
    from test_golden import run_under_gradcompat
    script = tmp_path / "loop.py"
    script.write_text(textwrap.dedent("""
        import torch, torch.nn as nn, torch.nn.functional as F
        import gradcompat
        model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1, padding_mode="circular"), nn.GroupNorm(2, 4),
                              nn.ReLU(), nn.ConvTranspose2d(4, 2, 2, stride=2), nn.InstanceNorm2d(2, affine=True),
                              nn.Upsample(size=(5, 5), mode="bilinear"), nn.AdaptiveAvgPool2d(3), nn.Flatten(),
                              nn.Linear(18, 1))
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x, y = torch.randn(4, 1, 6, 6), torch.randn(4, 1)
        for step in range(12):
            opt.zero_grad()
            F.mse_loss(model(x), y).backward()
            opt.step()
            if step == 1:  # (the first replay of the optimizer's step compiles its donating twin)
                first = gradcompat.cache_info()
            if step == 2:
                second = gradcompat.cache_info()
        i = gradcompat.cache_info()
        print(first.misses, first.compiles, i.misses, i.compiles, i.hits - second.hits, second.hits - first.hits)
    """))
    done = run_under_gradcompat(script)
    assert done.returncode == 0, done.stderr[-3000:]
    m1, c1, misses, compiles, later_hits, per_step = map(int, done.stdout.split()[-6:])
    # whatever the first two steps compile (their programs), the next ten steps reuse it
    assert (misses, compiles) == (m1, c1) and m1 >= 1 and per_step >= 1 and later_hits == 9 * per_step


def test_layers_under_func_transforms() -> None:
    x = torch.randn(2, 3, 6, 6)
    g = torch.func.grad(lambda x: F.interpolate(x, scale_factor=1.5, mode="bicubic").sum())(x)
    assert tuple(g.shape) == (2, 3, 6, 6)
    w = torch.randn(3, 2, 3)
    out = torch.func.vmap(lambda xi: F.conv_transpose1d(xi, w, stride=2))(torch.randn(4, 1, 3, 5))
    assert tuple(out.shape) == (4, 1, 2, 11)
    bags = torch.func.vmap(lambda t: F.embedding_bag(torch.tensor([1, 2, 0]), t, torch.tensor([0, 1]), mode="max"))
    assert tuple(bags(torch.randn(5, 4, 2)).shape) == (5, 2, 2)
    idx = torch.func.vmap(lambda xi: F.max_pool2d(xi, 2, return_indices=True)[1])(torch.randn(5, 1, 2, 4, 4))
    assert idx.dtype is torch.int64 and tuple(idx.shape) == (5, 1, 2, 2, 2)


def test_kernels_are_dialect_free_jax() -> None:
    import jax.numpy as jnp
    x = jnp.arange(16.0).reshape(1, 1, 4, 4)
    assert resampling.interpolate(x, mode="nearest", size=(8, 8), scales=(None, None),
                                  align_corners=False).shape == (1, 1, 8, 8)
    assert convolution.pixel_unshuffle(convolution.pixel_shuffle(jnp.ones((1, 4, 2, 2)), r=2), r=2).shape == (1, 4, 2, 2)


@pytest.mark.parametrize("size_in,size_out", [(5, 7), (7, 5), (10, 3), (3, 10), (37, 29)])
def test_nearest_matches_float32_floor(size_in: int, size_out: int) -> None:
    # torch: floor(float32(i) * float32(in / out)), clamped; the obvious integer formula differs
    idx = resampling.nearest_indices(size_in, size_out, None, exact=False)
    scale = np.float32(size_in) / np.float32(size_out)
    expected = np.minimum(np.floor(np.arange(size_out, dtype=np.float32) * scale).astype(int), size_in - 1)
    if size_out not in (size_in, 2 * size_in):
        assert (idx == expected).all()
    assert idx.max() <= size_in - 1


def test_max_unpool_gradient_reaches_every_duplicate_index() -> None:
    # overlapping windows repeat an index: torch's backward gathers, so both inputs get the gradient
    x = torch.tensor([[[1.0, 3.0, 2.0]]], requires_grad=True)
    out, idx = F.max_pool1d(x, 2, stride=1, return_indices=True)
    assert idx.tolist() == [[[1, 1]]]
    v = out.detach().requires_grad_()
    y = F.max_unpool1d(v, idx, 2, stride=1, output_size=[3])
    g, = torch.autograd.grad((y * torch.tensor([[[0.0, 5.0, 0.0]]])).sum(), v)
    assert g.tolist() == [[[5.0, 5.0]]]
