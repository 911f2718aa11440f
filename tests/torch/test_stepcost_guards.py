"""The per-call guard check of ``torch.compile``'s replay (issue 17, step cost): the fast path
computes exactly the guard values the labelled one (used to record and to explain) does, so a
recorded plan is found again, and a changed guard still re-traces."""
from __future__ import annotations

import numpy as np

import gradcompat
import gradcompat.torch as torch
from gradcompat.torch import guarded


def _guarded(compiled) -> guarded.GuardedFunction:
    return next(c.cell_contents for c in compiled.__closure__
                if isinstance(c.cell_contents, guarded.GuardedFunction))


def _setup(hook: bool = False):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(6, 10), torch.nn.ReLU(), torch.nn.Linear(10, 3))
    model.register_buffer("scale", torch.ones(3))
    opt = torch.optim.Adam(model.parameters(), lr=0.01, betas=(0.9, 0.99))
    if hook:
        model[0].register_forward_hook(lambda m, i, o: None)
    settings = {"factor": 0.5}

    def step(x, y, weight=1.0, extra=(1, "a")):
        opt.zero_grad()
        loss = ((model(x) * model.scale - y) ** 2).mean() * weight * settings["factor"]
        loss.backward()
        opt.step()
        return loss

    return model, opt, torch.compile(step)


def _same(g: guarded.GuardedFunction, args: tuple, kwargs: dict) -> None:
    leaves: list = []
    spec = guarded._flatten((args, kwargs), leaves)
    fast, fast_state = g._fast_guards(leaves, spec)
    labels: list = []
    slow, slow_state = g._guards(leaves, spec, labels)
    assert fast == slow and len(labels) == len(slow)
    assert [list(map(id, a)) for a in fast_state] == [list(map(id, a)) for a in slow_state]


def test_fast_guards_equal_the_labelled_ones():
    x, y = torch.randn(4, 6), torch.randn(4, 3)
    for hook in (False, True):
        model, opt, step = _setup(hook)
        g = _guarded(step)
        _same(g, (x, y), {"weight": 2.0})  # before the first call: no state, no grads
        for _ in range(3):
            step(x, y, weight=2.0)
            _same(g, (x, y), {"weight": 2.0})
        model.eval()
        _same(g, (x, y), {"extra": (2, "b")})


def test_replays_after_fast_guards_and_retraces_on_a_change():
    x, y = torch.randn(4, 6), torch.randn(4, 3)
    model, opt, step = _setup()
    before = gradcompat.cache_info()
    losses = [float(step(x, y).detach()) for _ in range(5)]
    after = gradcompat.cache_info()
    assert after.replays - before.replays == 3  # trace, re-trace once the state exists, then replays
    opt.param_groups[0]["lr"] = 0.02  # a hyperparameter guard fails: traced again
    step(x, y)
    assert gradcompat.cache_info().retraces == after.retraces + 1
    assert np.all(np.diff(losses) < 0)
