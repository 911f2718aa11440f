"""Custom autograd.Function: the eager apply runs the user's forward directly (not through
jax.custom_vjp's call machinery, which cost most of an apply); the custom rule still serves the
backward pass, compiled steps and JAX transforms."""
import jax
import numpy as np

import gradcompat.torch as torch
from gradcompat.torch.autograd import function as F


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y, w):
        ctx.save_for_backward(y, w)
        return y * w

    @staticmethod
    def backward(ctx, grad):
        y, w = ctx.saved_tensors
        return grad * w * 10, (grad * y).sum()  # not the true derivative: proves the user's rule ran


def _count_custom(monkeypatch) -> list:
    calls = []
    original = F._custom
    monkeypatch.setattr(F, "_custom", lambda spec: calls.append(spec) or original(spec))
    return calls


def test_eager_apply_skips_custom_vjp_and_backward_uses_user_rule(monkeypatch):
    calls = _count_custom(monkeypatch)
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor(3.0, requires_grad=True)
    y = x
    for _ in range(3):
        y = Scale.apply(y, w)
    assert calls == []  # forward: no jax.custom_vjp call
    np.testing.assert_allclose(y.detach().numpy(), [27.0, 54.0])
    y.sum().backward()
    assert calls == []  # an eager pass runs the user's backward in Python, with the forward's ctx
    np.testing.assert_allclose(x.grad.numpy(), [27000.0, 27000.0])


def test_apply_under_a_jax_transform_keeps_the_custom_rule():
    def f(v):
        x = F.wrap(F.core.Constant(v, traced=True))
        return Scale.apply(x, F.wrap(F.core.Constant(np.float32(2.0))))._value.sum()
    grad = jax.grad(f)(np.array([1.0, 2.0], np.float32))
    np.testing.assert_allclose(np.asarray(grad), [20.0, 20.0])
