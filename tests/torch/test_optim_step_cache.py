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

    def counted(self, *args):
        count[0] += 1
        return run(self, *args)

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


def test_new_structure_every_step_pauses_recording(replays, monkeypatch):
    def run(replay: bool):
        if not replay:
            monkeypatch.setattr(step_cache, "_replayable", lambda cls: False)
        torch.manual_seed(1)
        model = torch.nn.Linear(3, 2)
        opt = O.SGD(model.parameters(), lr=0.1, momentum=0.9)
        x = torch.randn(4, 3) * 0.01
        for i in range(step_cache._GIVE_UP + step_cache._PAUSE + 8):
            if i < step_cache._GIVE_UP + 4:
                opt.param_groups[0]["lr"] = i + 1  # an int lr is keyed by its value: a new structure each step
            opt.zero_grad()
            model(x).pow(2).sum().backward()
            opt.step()
        monkeypatch.undo()
        return model.weight.detach().numpy().copy(), step_cache._PLANS.get(opt)

    fast, plans = run(True)
    assert replays[0] >= 1 and plans.paused == 0  # recording resumed after the pause, then replayed
    slow, _ = run(False)
    assert fast.tobytes() == slow.tobytes()


SCHEDULED = {
    "sgd_momentum_onecycle": (lambda p: O.SGD(p, lr=0.1, momentum=0.9, weight_decay=1e-3),
                              lambda o: O.lr_scheduler.OneCycleLR(o, max_lr=0.2, total_steps=40)),
    "sgd_nesterov_lambda": (lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
                            lambda o: O.lr_scheduler.LambdaLR(o, lambda s: min(1.0, (s + 1) / 12))),
    "adam_onecycle": (lambda p: O.Adam(p, lr=0.01),  # cycles betas[0] too
                      lambda o: O.lr_scheduler.OneCycleLR(o, max_lr=0.02, total_steps=40)),
    "adamw_linear": (lambda p: O.AdamW(p, lr=0.01, amsgrad=True),
                     lambda o: O.lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=30)),
    "adam_cosine": (lambda p: O.Adam(p, lr=0.01, weight_decay=0.01),
                    lambda o: O.lr_scheduler.CosineAnnealingLR(o, T_max=10)),  # lr reaches 0: another program
    "rmsprop_lambda": (lambda p: O.RMSprop(p, lr=0.01, momentum=0.5),
                       lambda o: O.lr_scheduler.LambdaLR(o, lambda s: 0.9 ** s)),
    "adam_two_groups": (lambda p: (lambda ps: O.Adam([{"params": ps[:2]}, {"params": ps[2:], "lr": 0.003}],
                                                     lr=0.01))(list(p)),  # each group's own lr fed
                        lambda o: O.lr_scheduler.LambdaLR(o, [lambda s: 0.9 ** s, lambda s: (s + 1) / 14])),
}


def _scheduled(make, schedule, replay: bool, monkeypatch, steps: int = 14, edit=None):
    if not replay:
        monkeypatch.setattr(step_cache, "_replayable", lambda cls: False)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.ReLU(), torch.nn.Linear(7, 3))
    x, y = torch.randn(4, 5), torch.tensor([0, 2, 1, 0])
    opt = make(model.parameters())
    sched = schedule(opt)
    lrs = []
    for i in range(steps):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        if edit is not None:
            edit(i, opt)
        opt.step()
        sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    monkeypatch.undo()
    values = [p.detach().numpy().copy() for p in model.parameters()]
    return values + [v.numpy().copy() for s in opt.state.values() for v in s.values()], lrs


def _same_bits(fast, slow):
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()


@pytest.mark.parametrize("name", sorted(SCHEDULED))
def test_per_step_scheduler_replays_bit_identical(name, replays, monkeypatch):
    """A scheduler stepped every batch changes lr (OneCycleLR: momentum / betas too) at every
    step: the same program replays, fed the new numbers, with the bits of the Python run."""
    fast, lrs = _scheduled(*SCHEDULED[name], True, monkeypatch)
    assert len(set(lrs)) >= 10  # the lr really changed at (nearly) every step
    assert replays[0] >= 9
    slow, slow_lrs = _scheduled(*SCHEDULED[name], False, monkeypatch)
    assert lrs == slow_lrs
    _same_bits(fast, slow)


def _structural_edits(i, opt):
    group = opt.param_groups[0]
    if i == 6:
        group["momentum"] = 0.0  # momentum off: the buffer is left as it is (another program)
    if i == 8:
        group["momentum"] = 0.9
    if i == 10:
        group["weight_decay"] = 0.0  # decay off


def test_structural_hyperparameters_stay_in_the_key(replays, monkeypatch):
    """Zero / non-zero values and equal numbers choose the program: a change there runs the
    Python (and records), never a replay of a program computing something else. Here lr and
    weight_decay start equal (one shared input of the recorded program) and part at step 3."""
    make = lambda p: O.SGD(p, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.1)  # noqa: E731
    schedule = lambda o: O.lr_scheduler.LambdaLR(o, lambda s: 1.0 if s < 2 else 0.9 ** s)  # noqa: E731
    fast, _ = _scheduled(make, schedule, True, monkeypatch, edit=_structural_edits)
    assert replays[0] >= 5
    slow, _ = _scheduled(make, schedule, False, monkeypatch, edit=_structural_edits)
    _same_bits(fast, slow)


def test_key_abstracts_floats_not_zeros_or_equalities():
    def key(**group):
        numbers: list = []
        first: dict = {}
        return tuple(step_cache._hyper(v, numbers, first) for v in group.values()), numbers

    assert key(lr=0.1, wd=0.01)[0] == key(lr=0.2, wd=0.03)[0]
    assert key(lr=0.1, wd=0.01)[1] == [0.1, 0.01]
    assert key(lr=0.1, wd=0.0)[0] != key(lr=0.1, wd=0.01)[0]  # zero picks the program
    assert key(lr=0.1, wd=-0.0)[0] != key(lr=0.1, wd=0.0)[0]
    assert key(lr=0.1, wd=0.1)[0] != key(lr=0.1, wd=0.2)[0]  # equal numbers share one input
    assert key(lr=1, wd=0.5)[0] != key(lr=2, wd=0.5)[0]  # ints are keyed by value
    assert key(lr=1, wd=1.0)[0] != key(lr=1, wd=2.0)[0]  # a float equal to an int one
    assert key(b=(0.9, 0.999))[0] == key(b=(0.85, 0.999))[0]
    assert key(lr=float("inf"))[0] != key(lr=1.5)[0]
    assert key(momentum=0.5)[0] != key(momentum=-0.5)[0]  # RMSprop's rule tests momentum > 0
