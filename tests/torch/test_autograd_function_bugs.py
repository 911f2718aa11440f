"""Issue 12's bugs in custom autograd.Function and the backward engine: things the golden
program cannot show (stress runs, whether backward ran eagerly, JAX errors kept away)."""
from __future__ import annotations

import threading

import jax
import numpy as np
import pytest

import gradcompat.torch as torch


class _Relu(torch.autograd.Function):
    calls = 0

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        _Relu.calls += 1
        g = g.clone()
        g[x < 0] = 0  # needs concrete values: fails when traced
        assert not isinstance(g._value, jax.core.Tracer)
        return g


def test_apply_in_a_loop_of_steps() -> None:
    w = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1)
    for _ in range(4):
        loss = (_Relu.apply(w) * torch.tensor([1.0, 2.0, 3.0])).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    np.testing.assert_allclose(w.detach().numpy(), [-1.0, -0.1, 0.8], rtol=1e-6)


def test_backward_runs_eagerly_every_time() -> None:
    x = torch.tensor([-1.0, 2.0], requires_grad=True)
    before = _Relu.calls
    for _ in range(3):
        _Relu.apply(x * 1.0).sum().backward()
    assert _Relu.calls - before == 3
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 3.0])


def test_untraceable_backward_refuses_higher_order_clearly() -> None:
    x = torch.tensor([-1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad(_Relu.apply(x ** 2).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), [-2.0, 4.0])
    with pytest.raises(RuntimeError, match="cannot be differentiated"):
        g.sum().backward()


def _hammer(leaf, n_threads: int, steps: int) -> None:
    barrier = threading.Barrier(n_threads)

    def work() -> None:
        barrier.wait()
        for _ in range(steps):
            (leaf * 2).sum().backward()

    threads = [threading.Thread(target=work) for _ in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_concurrent_backward_accumulates_every_gradient() -> None:
    for _ in range(3):  # the race lost updates in every trial before the lock
        leaf = torch.ones(4, requires_grad=True)
        _hammer(leaf, 10, 5)
        np.testing.assert_array_equal(leaf.grad.numpy(), np.full(4, 100.0))


def test_non_tensor_operand_gives_torch_type_error() -> None:
    x = torch.ones(2)
    with pytest.raises(TypeError, match=r"add\(\): argument 'other' \(position 2\) must be Tensor, not str"):
        torch.add(x, "bar")
    with pytest.raises(TypeError, match=r"div\(\): argument 'input' \(position 1\) must be Tensor, not NoneType"):
        torch.div(None, x)
    with pytest.raises(TypeError, match=r"matmul\(\): argument 'other' \(position 2\) must be Tensor, not str"):
        torch.matmul(x, "bar")
