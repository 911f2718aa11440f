"""The backward engine's per-gradient and per-node work (issues 12 and 17, Speed): a leaf's
gradient that no hook saw becomes ``.grad`` as it is (one node per gradient: no detach, device
move or clone, in eager and lazy steps), while hooks, in-place accumulation, version checks and
freed graphs behave as torch's."""
from __future__ import annotations

import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat import core
from gradcompat.torch.autograd import engine


def _mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Linear(4, 3))


def test_lazy_step_gradient_is_one_selection_of_the_vjp():
    model, x = _mlp(), torch.randn(2, 5)
    with torch.lazy():
        model(x).sum().backward()
        for p in model.parameters():
            node = p.grad.node
            # the vjp node's output itself: no stop_gradient, transfer or clone op in between
            assert node.value is None and node.fn is core.graph.getitem and node.inputs[0].name == "vjp"
    eager = _mlp()
    eager(x).sum().backward()
    for p, q in zip(model.parameters(), eager.parameters()):
        np.testing.assert_array_equal(p.grad.numpy(), q.grad.numpy())


def test_eager_grad_accumulates_in_place_and_stays_its_own_tensor():
    model, x = _mlp(), torch.randn(2, 5)
    model(x).sum().backward()
    w = model[0].weight
    first, first_values = w.grad, w.grad.numpy().copy()
    assert not first.requires_grad and first.grad_fn is None and first._base is None
    model(x).sum().backward()
    assert w.grad is first  # added in place (no create_graph), as torch's AccumulateGrad
    np.testing.assert_array_equal(w.grad.numpy(), first_values + first_values)


def test_gradient_a_hook_kept_is_not_the_grad():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    kept = []
    w.register_hook(lambda g: kept.append(g))
    (w * 3).sum().backward()
    with torch.no_grad():
        w.grad.add_(1.0)
    np.testing.assert_array_equal(kept[0].numpy(), [3.0, 3.0])  # the hook's tensor did not change
    np.testing.assert_array_equal(w.grad.numpy(), [4.0, 4.0])


def test_post_accumulate_hook_and_prehook_still_run():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    seen = []
    w.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.numpy().copy()))
    (w * w).sum().backward()
    np.testing.assert_array_equal(seen[0], [2.0, 4.0])


def test_version_check_and_freed_graph():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    z = y * y
    y.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.sum().backward()
    a = torch.ones(2, requires_grad=True)
    b = (a.exp() * a).sum()
    b.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        b.backward()
    c = (a.exp() * a).sum()
    c.backward(retain_graph=True)
    c.backward()  # kept: a second pass works


class _Twice(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * 2

    @staticmethod
    def backward(ctx, g):
        return g * 2


def test_saves_agrees_with_saved():
    x = torch.randn(3, 4, requires_grad=True)
    w = torch.randn(4, 2, requires_grad=True)
    c = torch.randn(3, 2)
    y = torch.tanh(x @ w + c)
    y = torch.cat([y, y * c, torch.relu(y)], dim=1).sum(dim=0)
    y = _Twice.apply(y) + torch.nn.functional.linear(x, w.t(), torch.ones(2))[0].sum()
    ops, _ = engine._recorded([y.node])
    assert len(ops) > 8
    for op in ops:
        assert engine._saves(op) == bool(engine._saved(op)), op.name
