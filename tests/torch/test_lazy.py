"""Lazy mode and torch.compile: the same numbers as eager execution (itself checked against
PyTorch by the goldens), one program per step, compiled once, materialized on demand."""
from __future__ import annotations

import gc
import threading

import numpy as np
import pytest

import gradcompat
import gradcompat.torch as torch
from gradcompat import core

RNG = np.random.default_rng(0)
X = RNG.normal(size=(16, 12)).astype(np.float32)
Y = RNG.integers(0, 4, 16)


def _model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(12, 20), torch.nn.ReLU(), torch.nn.Linear(20, 4))


def _train(mode: str, optimizer: str = "sgd", steps: int = 4):
    model = _model()
    opt = (torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9) if optimizer == "sgd"
           else torch.optim.Adam(model.parameters(), lr=0.01))
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = torch.tensor(X), torch.tensor(Y)

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    if mode == "compile":
        step = torch.compile(step)
    losses = []
    if mode == "lazy":
        with torch.lazy():
            for _ in range(steps):
                losses.append(step().item())
    else:
        losses = [step().item() for _ in range(steps)]
    grads = [p.grad.numpy() for p in model.parameters()]
    return losses, [p.detach().numpy() for p in model.parameters()], grads, opt


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("mode", ["lazy", "compile"])
def test_training_matches_eager(mode: str, optimizer: str) -> None:
    eager = _train("eager", optimizer)
    lazy = _train(mode, optimizer)
    np.testing.assert_allclose(lazy[0], eager[0], rtol=1e-6)
    for got, want in zip(lazy[1] + lazy[2], eager[1] + eager[2]):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)
    state = lazy[3].state_dict()["state"][0]
    assert all(v.node.value is not None for v in state.values())  # optimizer state materialized


def test_a_step_is_one_program_compiled_once() -> None:
    _train("compile", steps=2)  # the first step (momentum buffers created) and the steady one
    before = gradcompat.cache_info()
    _train("compile", steps=30)
    after = gradcompat.cache_info()
    assert after.compiles == before.compiles
    assert after.hits - before.hits == 30  # one program per step


def test_values_materialize_when_python_needs_them() -> None:
    a = torch.tensor([1.0, -2.0, 3.0])
    with torch.lazy():
        b = (a * 2).relu()
        assert b.node.value is None  # deferred
        assert b.shape == (3,) and b.dtype is torch.float32  # known without computing
        assert repr(b) == "tensor([2., 0., 6.])"
        c = b.sum()
        assert bool(c > 7) and float(c) == 8.0
        np.testing.assert_array_equal((b + 1).numpy(), [3.0, 1.0, 7.0])
        d = b * b
        torch.lazy.mark_step()
        assert d.node.value is not None
        e = d - 1
    assert e.node.value is not None  # leaving the context computes what is pending
    np.testing.assert_array_equal(e.numpy(), [3.0, -1.0, 35.0])


def test_a_mode_entered_without_with_stays_on() -> None:
    seen = []

    def body():  # in its own thread: lazy mode is thread-local and this one never leaves it
        torch.lazy().__enter__()
        gc.collect()  # the dropped context object must not end the mode
        seen.append((core.lazy.active(), (torch.ones(2) * 2).node.value is None))

    thread = threading.Thread(target=body)
    thread.start()
    thread.join()
    assert seen == [(True, True)] and not core.lazy.active()


def test_compile_forms() -> None:
    model = _model()
    compiled = torch.compile(model)
    x = torch.tensor(X)
    np.testing.assert_allclose(compiled(x).detach().numpy(), model(x).detach().numpy(), rtol=1e-6)
    assert compiled._orig_mod is model and compiled.training
    assert list(compiled.parameters())[0] is list(model.parameters())[0]
    assert repr(compiled).startswith("OptimizedModule(\n  (_orig_mod): Sequential(")

    @torch.compile(mode="reduce-overhead", fullgraph=True)
    def f(a, b):
        return (a * b).sum()

    assert f(torch.ones(3), torch.ones(3)).item() == 3.0

    def g(a):
        return a + 1

    assert torch.compile(g, disable=True) is g
    with pytest.raises(RuntimeError, match="model must be callable"):
        torch.compile(3)


def test_gradients_and_errors_inside_compiled_function() -> None:
    w = torch.tensor([1.0, 2.0], requires_grad=True)

    @torch.compile
    def f(x):
        y = (w * x).sum()
        (g,) = torch.autograd.grad(y, w)
        return y, g

    y, g = f(torch.tensor([3.0, 4.0]))
    assert y.item() == 11.0 and g.tolist() == [3.0, 4.0] and y.requires_grad and not g.requires_grad

    @torch.compile
    def bad(x):
        return x @ torch.ones(5)

    with pytest.raises(RuntimeError) as eager:
        bad.__wrapped__(torch.ones(3))
    with pytest.raises(RuntimeError) as compiled:  # the eager error, raised at the call
        bad(torch.ones(3))
    assert str(compiled.value) == str(eager.value)
    assert not core.lazy.active() and not core.recording.deferred()
