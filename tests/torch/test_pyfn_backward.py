"""Custom autograd.Function backward in an eager pass (issue 12, Speed): it runs as Python between
compiled segments (``function_backward.pull``), once per node, with no host callback and no replay
of the forward; other passes (create_graph) still trace the user's backward."""
import threading

import numpy as np

import gradcompat.torch as torch
from gradcompat.torch.autograd import function as F
from gradcompat.torch.autograd import function_backward as FB


class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y, w):
        ctx.save_for_backward(y, w)
        return y * w

    @staticmethod
    def backward(ctx, grad):
        y, w = ctx.saved_tensors
        return grad * w, (grad * y).sum()


class Cube(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 3 * x ** 2


def _chain(depth: int):
    x = torch.tensor(np.linspace(0.5, 1.0, 4, dtype=np.float32), requires_grad=True)
    w = torch.tensor(np.float32(1.01), requires_grad=True)
    y = x
    for _ in range(depth):
        y = Scale.apply(y, w)
    return x, w, y


def test_eager_pass_pulls_in_python_without_callbacks(monkeypatch):
    pulls, callbacks = [], []
    original_pull, original_callback = FB.pull, F._callback
    monkeypatch.setattr(FB, "pull", lambda node, g: pulls.append(node) or original_pull(node, g))
    monkeypatch.setattr(F, "_callback", lambda *a: callbacks.append(a) or original_callback(*a))
    from gradcompat.core import backprop
    monkeypatch.setitem(backprop._PYTHON_PULLBACKS, F.function_apply, (FB.applies, FB.pull))
    x, w, y = _chain(30)
    y.sum().backward()
    assert len(pulls) == 30 and not callbacks
    expected = np.prod(np.full(30, np.float32(1.01), np.float32))
    np.testing.assert_allclose(x.grad.numpy(), np.full(4, expected), rtol=1e-5)


def test_create_graph_still_differentiates_the_user_backward():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad(Cube.apply(x).sum(), x, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), [3.0, 12.0])
    (gg,) = torch.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.numpy(), [6.0, 12.0])


def test_concurrent_eager_passes():
    results, errors = {}, []

    def work(k: int) -> None:
        try:
            x, w, y = _chain(20 + k)
            y.sum().backward()
            results[k] = (x.grad.numpy().copy(), float(w.grad))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for k in range(4):
        x, w, y = _chain(20 + k)
        y.sum().backward()
        np.testing.assert_array_equal(results[k][0], x.grad.numpy())
        assert results[k][1] == float(w.grad)
