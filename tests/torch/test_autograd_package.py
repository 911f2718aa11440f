"""Unit tests of the autograd package internals that goldens do not see directly."""
import threading

import gradcompat.torch as torch
from gradcompat.torch.autograd import versions


def test_hook_handle_remove_and_context():
    x = torch.tensor([1., 2.], requires_grad=True)
    with x.register_hook(lambda g: g * 0):
        (x * x).sum().backward()
    assert x.grad.tolist() == [0., 0.]
    x.grad = None
    (x * x).sum().backward()
    assert x.grad.tolist() == [2., 4.]


def test_old_graph_gradient_lands_on_updated_leaf():
    w = torch.tensor([1., 2.], requires_grad=True)
    loss = (w + 1).sum()
    with torch.no_grad():
        w.mul_(2)
    loss.backward()
    assert w.grad.tolist() == [1., 1.]
    assert versions.version(w.node) == 1


def test_grad_mode_is_thread_local():
    out = {}
    with torch.no_grad():
        t = threading.Thread(target=lambda: out.setdefault("enabled", torch.is_grad_enabled()))
        t.start()
        t.join()
    assert out["enabled"] is True


def test_function_inside_jax_grad():
    import jax

    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 10

    g = jax.grad(lambda a: Double.apply(torch.from_jax(a)).sum()._value)(jax.numpy.ones(3))
    assert g.tolist() == [10., 10., 10.]
