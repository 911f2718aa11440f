"""Unit tests of torch.nn that goldens cannot express: initializer distributions (the values
come from gradcompat's own stream), seeding, and in-place parameter identity."""
from __future__ import annotations

import math

import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat.torch import nn


def _values(t) -> np.ndarray:
    return np.asarray(t.detach())


@pytest.mark.parametrize("shape", [(200, 100), (64, 32, 3, 3)])
def test_kaiming_and_xavier_bounds_and_std(shape):
    w = torch.zeros(*shape)
    fan_in = shape[1] * int(np.prod(shape[2:]))
    fan_out = shape[0] * int(np.prod(shape[2:]))
    nn.init.kaiming_uniform_(w, a=math.sqrt(5))
    bound = math.sqrt(6 / ((1 + 5) * fan_in))
    v = _values(w)
    assert np.abs(v).max() <= bound and np.abs(v).max() > 0.95 * bound
    nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
    assert abs(_values(w).std() - math.sqrt(2 / fan_out)) < 0.05 * math.sqrt(2 / fan_out)
    nn.init.xavier_uniform_(w, gain=2.0)
    bound = 2.0 * math.sqrt(6 / (fan_in + fan_out))
    assert np.abs(_values(w)).max() <= bound
    nn.init.xavier_normal_(w)
    assert abs(_values(w).std() - math.sqrt(2 / (fan_in + fan_out))) < 0.05 * math.sqrt(2 / (fan_in + fan_out))


def test_simple_initializers():
    w = torch.zeros(300, 300)
    nn.init.uniform_(w, -2.0, 3.0)
    v = _values(w)
    assert v.min() >= -2.0 and v.max() < 3.0 and abs(v.mean() - 0.5) < 0.05
    nn.init.normal_(w, 1.0, 0.5)
    assert abs(_values(w).mean() - 1.0) < 0.01 and abs(_values(w).std() - 0.5) < 0.01
    nn.init.trunc_normal_(w, std=1.0, a=-0.5, b=0.5)
    assert np.abs(_values(w)).max() <= 0.5
    nn.init.constant_(w, 0.25)
    assert (_values(w) == 0.25).all()
    nn.init.ones_(w)
    assert (_values(w) == 1).all()
    nn.init.zeros_(w)
    assert (_values(w) == 0).all()
    assert nn.init.calculate_gain("tanh") == 5.0 / 3
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        nn.init.xavier_uniform_(torch.zeros(3))


def test_default_init_bounds_and_seeding():
    torch.manual_seed(0)
    a = nn.Linear(50, 20)
    torch.manual_seed(0)
    b = nn.Linear(50, 20)
    assert np.array_equal(_values(a.weight), _values(b.weight))
    assert np.abs(_values(a.weight)).max() <= 1 / math.sqrt(50)
    assert np.abs(_values(a.bias)).max() <= 1 / math.sqrt(50)
    c = nn.Linear(50, 20)
    assert not np.array_equal(_values(a.weight), _values(c.weight))
    emb = nn.Embedding(1000, 8)
    assert abs(_values(emb.weight).std() - 1.0) < 0.05


def test_optimizer_updates_parameters_in_place():
    lin = nn.Linear(3, 2)
    weight = lin.weight
    opt = torch.optim.SGD(lin.parameters(), lr=0.1, momentum=0.9)
    before = _values(weight).copy()
    lin(torch.ones(4, 3)).sum().backward()
    grad = weight.grad
    opt.step()
    assert lin.weight is weight and weight.is_leaf and weight.requires_grad
    assert weight.grad is grad  # step leaves .grad alone
    np.testing.assert_allclose(_values(weight), before - 0.1 * _values(grad), rtol=1e-6)
    assert isinstance(weight, nn.Parameter)


def test_training_loop_compiles_update_kernels_once():
    from gradcompat import core
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    x, y = torch.ones(5, 4), torch.tensor([0, 1, 0, 1, 1])
    for _ in range(3):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    compiles = core.cache_info().compiles
    for _ in range(5):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    assert core.cache_info().compiles == compiles


def test_batch_norm_momentum_none_is_cumulative_average():
    bn = nn.BatchNorm1d(2, momentum=None)
    xs = [torch.tensor([[1.0, 2.0], [3.0, 6.0]]), torch.tensor([[5.0, 0.0], [7.0, 2.0]])]
    for x in xs:
        bn(x)
    np.testing.assert_allclose(_values(bn.running_mean), [4.0, 2.5])
    assert int(bn.num_batches_tracked) == 2
