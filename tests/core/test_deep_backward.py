"""Backward over deep graphs (issue 12, Speed): past ``SEGMENT_THRESHOLD`` equations the backward
pass runs as segments compiled by structure, with the same gradients as one whole program, in
linear time and without recursion."""
from __future__ import annotations

import time

import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat.core import backprop, cache


@pytest.fixture
def small_segments(monkeypatch):
    """Segmented backward from a few equations on, in segments of a few equations."""
    monkeypatch.setattr(backprop, "SEGMENT_THRESHOLD", 8)
    monkeypatch.setattr(backprop, "SEGMENT_SIZE", 6)
    monkeypatch.setattr(backprop, "_WINDOW", 3)


def _rnn_grads(steps: int):
    rng = np.random.RandomState(0)
    w = torch.tensor(rng.randn(4, 4) * 0.3, dtype=torch.float32, requires_grad=True)
    u = torch.tensor(rng.randn(3, 4) * 0.3, dtype=torch.float32, requires_grad=True)
    xs = torch.tensor(rng.randn(steps, 2, 3), dtype=torch.float32, requires_grad=True)
    h = torch.zeros(2, 4)
    for t in range(steps):
        a, b = torch.split(xs[t] @ u, 2, dim=1)  # a multi-output op inside the loop
        h = torch.tanh(h @ w + torch.cat([a * 2, b], dim=1))
        if t % 3 == 0:
            m, _ = h.max(dim=1, keepdim=True)
            h = h - 0.1 * m
    loss = (h ** 2).sum()
    return torch.autograd.grad(loss, [w, u, xs])


def test_segments_equal_whole_program(small_segments, monkeypatch):
    cuts = []
    segments = backprop._segments
    monkeypatch.setattr(backprop, "_segments", lambda program: cuts.append(segments(program)) or cuts[-1])
    segmented = [g.numpy() for g in _rnn_grads(12)]
    assert cuts and len(cuts[0]) > 5  # the segmented path ran, in several segments
    monkeypatch.setattr(backprop, "SEGMENT_THRESHOLD", 10 ** 9)
    whole = [g.numpy() for g in _rnn_grads(12)]
    for s, w in zip(segmented, whole):
        np.testing.assert_allclose(s, w, rtol=1e-5, atol=1e-6)


def test_segments_hooks_retain_graph_and_partial_inputs(small_segments, monkeypatch):
    x = torch.tensor([1.5], requires_grad=True)
    z = torch.tensor([0.5], requires_grad=True)
    y = x.clone()
    seen = []
    for i in range(30):
        y = y * 1.01 + z
        if i == 20:
            y.register_hook(lambda g: seen.append(g.clone()) or g * 2)
    cuts = []
    segments = backprop._segments
    monkeypatch.setattr(backprop, "_segments", lambda program: cuts.append(segments(program)) or cuts[-1])
    y.backward(retain_graph=True, inputs=[z])
    assert cuts
    assert x.grad is None
    first = z.grad.clone()
    y.backward()
    np.testing.assert_allclose(z.grad.numpy(), 2 * first.numpy(), rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), [2 * 1.01 ** 30], rtol=1e-5)
    assert len(seen) == 2
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


def test_deep_chain_closed_form():
    depth = 3000
    x = torch.tensor([0.7], dtype=torch.float64, requires_grad=True)
    y = x.clone()
    for _ in range(depth):
        y = y + y * 1e-4
    before = cache.cache_info().compiles
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), [(1 + 1e-4) ** depth], rtol=1e-10)
    # a loop's segments are alike: a handful of programs, not one per segment
    assert cache.cache_info().compiles - before <= 6


def test_deep_chain_grad_and_create_graph_unchanged():
    x = torch.tensor([0.3], requires_grad=True)
    y = x
    for _ in range(1500):
        y = y * 1.0001
    (g,) = torch.autograd.grad(y, x, retain_graph=True)
    np.testing.assert_allclose(g.numpy(), [1.0001 ** 1500], rtol=1e-4)
    y2 = x * x
    (g2,) = torch.autograd.grad(y2, x, create_graph=True)
    (gg,) = torch.autograd.grad(g2, x)
    np.testing.assert_allclose(gg.numpy(), [2.0])


def _multiply(a, b):
    return a * b


def test_150k_chain_backward_no_recursion_and_linear():
    # the graph is built from core nodes directly: the dialect's forward of 150,000 ops takes longer
    # than this test may, and the backward is what is tested
    from gradcompat import core
    from gradcompat.torch.tensor import wrap
    import jax.numpy as jnp

    x = torch.tensor([0.5], dtype=torch.float64, requires_grad=True)
    factor = core.Constant(jnp.asarray([1.000001]))
    value = jnp.asarray([0.5])
    node = x.node
    for _ in range(150000):
        node = core.Op(_multiply, (), (node, factor), value, True, None, "MulBackward0")
    y = wrap(node)
    start = time.process_time()
    y.backward()
    elapsed = time.process_time() - start
    np.testing.assert_allclose(x.grad.numpy(), [1.000001 ** 150000], rtol=1e-9)
    assert elapsed < 30  # minutes when the backward was one XLA program
    del y, node  # freeing the deep graph must not overflow the stack either
