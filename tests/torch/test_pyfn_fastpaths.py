"""The fast paths of custom autograd.Functions (issue 12, Speed): a ``once_differentiable`` chain
takes no cut of the eager pass (linear, not quadratic: its backward runs as a Python pullback)
but still does where a graph is built (create_graph, torch's Error node); ``_fast_apply``'s memory
of the last call never hides a change in what forward saved or in the shapes it saw."""
import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat.torch.autograd import function as F
from gradcompat.torch.autograd.function import once_differentiable

calls = {"backward": 0}


class Once(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y, w):
        ctx.save_for_backward(y, w)
        return y * w

    @staticmethod
    @once_differentiable
    def backward(ctx, g):
        calls["backward"] += 1
        y, w = ctx.saved_tensors
        return g * w, (g * y).sum()


def _leaves():
    x = torch.tensor(np.linspace(0.5, 1.0, 4, dtype=np.float32), requires_grad=True)
    w = torch.tensor(np.float32(1.01), requires_grad=True)
    return x, w


def _expected(depth: int):
    """The chain's gradients as torch computes them (float32, in its order)."""
    x = np.linspace(0.5, 1.0, 4, dtype=np.float32)
    w = np.float32(1.01)
    ys = [x]
    for _ in range(depth):
        ys.append(ys[-1] * w)
    g = np.ones(4, np.float32)
    gw = None
    for y in reversed(ys[:-1]):
        part = np.cumsum(g * y, dtype=np.float32)[-1]
        gw = part if gw is None else np.float32(gw + part)
        g = g * w
    return g, gw


def test_once_differentiable_chain_takes_no_cut_in_an_eager_pass(monkeypatch):
    cuts = []
    real = F.run_reentrant
    monkeypatch.setattr(F, "run_reentrant", lambda *a: cuts.append(1) or real(*a))
    x, w = _leaves()
    y = x
    for _ in range(30):
        y = Once.apply(y, w)
    calls["backward"] = 0
    y.sum().backward()
    assert cuts == []
    assert calls["backward"] == 30
    gx, gw = _expected(30)
    np.testing.assert_array_equal(x.grad.numpy(), gx)
    assert w.grad.item() == gw


def test_once_differentiable_cuts_where_a_graph_is_built(monkeypatch):
    cuts = []
    real = F.run_reentrant
    monkeypatch.setattr(F, "run_reentrant", lambda *a: cuts.append(1) or real(*a))
    x, w = _leaves()
    y = Once.apply(Once.apply(x, w), w)  # the second apply takes _fast_apply (its spec is known)
    (gx,) = torch.autograd.grad(y.sum(), x, torch.ones((), requires_grad=True), create_graph=True)
    assert len(cuts) == 2
    assert gx.requires_grad and type(gx.grad_fn).__name__ == "Error"  # (as torch)
    with pytest.raises(RuntimeError, match="differentiate twice"):
        gx.sum().backward()


class Saves(torch.autograd.Function):
    """Saves (y, w) or (w,) as ``mode`` says: what the fast path remembered must follow."""

    mode = "both"

    @staticmethod
    def forward(ctx, y, w):
        if Saves.mode == "both":
            ctx.save_for_backward(y, w)
        else:
            ctx.save_for_backward(w)
        return y * w

    @staticmethod
    def backward(ctx, g):
        saved = ctx.saved_tensors
        w = saved[-1]
        return g * w, g.sum() * 0


def test_fast_apply_follows_what_forward_saves():
    x, w = _leaves()
    Saves.mode = "both"
    Saves.apply(x * 1, w)  # (the first call takes the general path, the next ones the fast path)
    a = Saves.apply(x * 1, w)
    Saves.mode = "w only"
    b_in = x * 1
    b = Saves.apply(b_in, w)
    spec = a.node.inputs[0].static[0][1]
    assert spec.box["saved_from"] == (1,)
    with torch.no_grad():
        b_in.mul_(2)  # not saved by b: no error
    b.sum().backward()
    Saves.mode = "both"
    c_in = x * 1
    c = Saves.apply(c_in, w)
    assert spec.box["saved_from"] == (0, 1)
    with torch.no_grad():
        c_in.mul_(2)  # saved by c: torch's version error
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        c.sum().backward()


def test_fast_apply_notes_each_input_shape():
    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, y, w):
            ctx.save_for_backward(y, w)
            return y * w

        @staticmethod
        def backward(ctx, g):
            y, w = ctx.saved_tensors
            return g * w, (g * y).sum()

    w = torch.tensor(np.float32(2.0), requires_grad=True)
    for n in (3, 3, 5, 5, 3):
        out = Double.apply(torch.ones(n, requires_grad=True), w)
        out.sum().backward()
    spec = out.node.inputs[0].static[0][1]
    shapes = {key[0][0] for key in spec.box["residual_shapes"]}
    assert shapes == {(3,), (5,)}
    assert w.grad.item() == 3 * 3 + 2 * 5


def test_same_tensor_twice_is_one_tensor_in_forward():
    seen = []

    class Pair(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a, b):
            seen.append(a is b)
            return a * b

        @staticmethod
        def backward(ctx, g):
            return g, g

    x, _ = _leaves()
    for _ in range(3):  # the general path, then the fast path
        Pair.apply(x, x)
    assert seen == [True, True, True]


class Square(torch.autograd.Function):
    """Reentrant: forward keeps a graph on ctx, backward differentiates it."""

    @staticmethod
    def forward(ctx, x):
        with torch.enable_grad():
            ctx.inner = x.detach().requires_grad_()
            ctx.out = ctx.inner * ctx.inner
        return ctx.out.detach()

    @staticmethod
    def backward(ctx, g):
        calls["backward"] += 1
        with torch.enable_grad():
            (gi,) = torch.autograd.grad(ctx.out, ctx.inner, g)
        return gi


def test_reentrant_chain_takes_no_cut_in_an_eager_pass(monkeypatch):
    cuts = []
    real = F.run_reentrant
    monkeypatch.setattr(F, "run_reentrant", lambda *a: cuts.append(1) or real(*a))
    x = torch.tensor([0.9, 1.0, 1.1], requires_grad=True)
    y = x
    for _ in range(20):
        y = Square.apply(y * 0.999)
    calls["backward"] = 0
    y.sum().backward()
    assert cuts == [] and calls["backward"] == 20
    expected = x.detach().clone().requires_grad_()
    z = expected
    for _ in range(20):
        z = (z * 0.999) ** 2
    z.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), expected.grad.numpy(), rtol=1e-5)
    (g,) = torch.autograd.grad(Square.apply(x).sum(), x, create_graph=True)  # a graph: the cut, as before
    assert len(cuts) == 1
    np.testing.assert_allclose(g.numpy(), 2 * x.detach().numpy())


def test_deeply_nested_reentrant_backward_escapes_the_stack():
    class Deep(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            with torch.enable_grad():
                ctx.x = x.detach().requires_grad_() - 1
            return ctx.x.detach()

        @staticmethod
        def backward(ctx, g):
            if ctx.x < 0:
                return g
            with torch.enable_grad():
                Deep.apply(ctx.x).sum().backward()
            return g

    v = torch.tensor(300.0, requires_grad=True)  # deeper than Python's stack allows in one thread
    Deep.apply(v).sum().backward()
    assert v.grad.item() == 1.0


def test_each_backward_runs_once_in_a_pass_with_cuts():
    runs = []

    class Tagged(torch.autograd.Function):
        @staticmethod
        def forward(ctx, y, w):
            ctx.save_for_backward(y, w)
            return y * w

        @staticmethod
        def backward(ctx, g):
            runs.append(1)
            y, w = ctx.saved_tensors
            return g * w, (g * y).sum()

    x, w = _leaves()
    a = Tagged.apply(x, w)
    a.retain_grad()  # a cut of the pass: the backward above it would otherwise run twice
    Tagged.apply(Tagged.apply(a, w), w).sum().backward()
    assert len(runs) == 3
    assert F._STATE.memo is None  # nothing kept after the pass
    np.testing.assert_allclose(a.grad.numpy(), np.full(4, np.float32(1.01) ** 2), rtol=1e-6)
