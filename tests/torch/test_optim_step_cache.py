"""The eager optimizer step replays one recorded program per step structure (issue 17, eager
step speed): the same bits as running the update rules' Python, a replay at steady state, and
the Python run again wherever a replay could differ."""
from __future__ import annotations

import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat.torch.optim import step_cache

O = torch.optim

MAKERS = {
    "sgd_momentum": lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    "adam": lambda p: O.Adam(p, lr=0.01),
    "adamw_amsgrad": lambda p: O.AdamW(p, lr=0.01, amsgrad=True),
    "rmsprop": lambda p: O.RMSprop(p, lr=0.01, momentum=0.5, centered=True),
    "nadam": lambda p: O.NAdam(p),
}


@pytest.fixture
def replays(monkeypatch):
    """How many steps ran a recorded program."""
    count = [0]
    run = step_cache._Plan.run

    def counted(self, nodes, values):
        count[0] += 1
        return run(self, nodes, values)

    monkeypatch.setattr(step_cache._Plan, "run", counted)
    return count


def _train(make, replay: bool, steps: int = 6, monkeypatch=None):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.ReLU(), torch.nn.Linear(7, 3))
    x, y = torch.randn(4, 5), torch.tensor([0, 2, 1, 0])
    opt = make(model.parameters())
    if not replay:
        monkeypatch.setattr(step_cache, "_replayable", lambda cls: False)
    for i in range(steps):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        if i == 2:
            model[0].bias.grad = None  # one parameter without a gradient: another structure
        if i == 4:
            for group in opt.param_groups:
                group["lr"] *= 0.5  # a scheduler's change: another structure, then replayed
        opt.step()
    if not replay:
        monkeypatch.undo()
    values = [p.detach().numpy().copy() for p in model.parameters()]
    return values + [v.numpy().copy() for s in opt.state.values() for v in s.values()]


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_replayed_steps_are_bit_identical(name, replays, monkeypatch):
    fast = _train(MAKERS[name], True, steps=8)
    assert replays[0] >= 3
    slow = _train(MAKERS[name], False, steps=8, monkeypatch=monkeypatch)
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()


def test_user_update_rule_runs_its_python(replays):
    calls = []

    class Halving(O.SGD):
        def _update(self, group, p, grad, state):
            calls.append(1)
            super()._update(group, p, grad, state)

    _train(lambda p: Halving(p, lr=0.1, momentum=0.9), True, steps=4)
    assert replays[0] == 0 and len(calls) == 4 * 4 - 1  # every step's Python ran (one step without a bias grad)


def test_tensor_lr_and_lazy_mode_run_python(replays):
    _train(lambda p: O.Adam(p, lr=torch.tensor(0.01)), True, steps=5)
    assert replays[0] == 0
    with torch.lazy():
        _train(MAKERS["adam"], True, steps=5)
    assert replays[0] == 0


def test_state_replaced_by_load_state_dict(replays):
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 2)
    opt = O.SGD(model.parameters(), lr=0.1, momentum=0.9)
    x = torch.randn(4, 3)

    def step():
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()

    for _ in range(3):
        step()
    assert replays[0] == 1
    saved = opt.state_dict()
    buffers = [s["momentum_buffer"] for s in saved["state"].values()]
    opt.load_state_dict({"state": {i: {"momentum_buffer": b * 0} for i, b in enumerate(buffers)},
                         "param_groups": saved["param_groups"]})
    before = model.weight.detach().numpy().copy()
    grad_w = None
    opt.zero_grad()
    model(x).sum().backward()
    grad_w = model.weight.grad.numpy().copy()
    opt.step()  # the loaded (zero) buffers are the ones read and written
    assert replays[0] == 2
    np.testing.assert_allclose(model.weight.detach().numpy(), before - 0.1 * grad_w, rtol=1e-6)
    assert np.array_equal(opt.state[model.weight]["momentum_buffer"].numpy(), grad_w)


def test_lr_changed_every_step_pauses_recording(replays, monkeypatch):
    def run(replay: bool):
        if not replay:
            monkeypatch.setattr(step_cache, "_replayable", lambda cls: False)
        torch.manual_seed(1)
        model = torch.nn.Linear(3, 2)
        opt = O.SGD(model.parameters(), lr=0.1, momentum=0.9)
        x = torch.randn(4, 3)
        for i in range(step_cache._GIVE_UP + step_cache._PAUSE + 8):
            if i < step_cache._GIVE_UP + 4:
                opt.param_groups[0]["lr"] = 0.1 / (i + 1)  # a warm-up: a new structure at every step
            opt.zero_grad()
            model(x).pow(2).sum().backward()
            opt.step()
        monkeypatch.undo()
        return model.weight.detach().numpy().copy(), step_cache._PLANS.get(opt)

    fast, plans = run(True)
    assert replays[0] >= 1 and plans.paused == 0  # recording resumed after the pause, then replayed
    slow, _ = run(False)
    assert fast.tobytes() == slow.tobytes()
