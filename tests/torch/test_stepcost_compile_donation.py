"""A ``torch.compile`` replay that updates parameters and optimizer state in place donates their
old buffers to its program (issue 17, compiled step cost) exactly when nothing else reads them:
a tensor sharing a value taken before the step (``detach()``, ``.data``, ``clone()``,
``state_dict()``, ...) still reads it afterwards, and the results are the bits of the
non-donating replay."""
from __future__ import annotations

import copy

import numpy as np
import pytest

import gradcompat
import gradcompat.torch as torch
from gradcompat.core import donation

O = torch.optim


@pytest.fixture
def donations(monkeypatch):
    """How many replays donated their buffers."""
    monkeypatch.setattr(donation, "MIN_BYTES", 0)  # these small models donate too
    # as after a warm compile (the persistent cache held it): with an empty cache the first test
    # to trace a step would wait for its donating twin to pay (test_a_cold_trace_... below)
    monkeypatch.setattr(gradcompat.core.cache, "cold_seconds", lambda before: 0.0)
    count = [0]
    ready = donation.Donor.ready

    def counted(self, values, indexes=None):
        found = ready(self, values, indexes)
        count[0] += bool(found)
        return found

    monkeypatch.setattr(donation.Donor, "ready", counted)
    return count


def _never(monkeypatch) -> None:
    monkeypatch.setattr(donation.Donor, "ready", lambda self, values, indexes=None: ())


def _setup(make=lambda p: O.SGD(p, lr=0.1, momentum=0.9), width: int = 24):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(width, 32), torch.nn.ReLU(), torch.nn.Linear(32, width))
    opt = make(model.parameters())
    x = torch.randn(8, width)

    @torch.compile
    def step():
        opt.zero_grad()
        loss = model(x).square().mean()
        loss.backward()
        opt.step()
        return loss

    return model, opt, step


def _tensors(model, opt) -> list:
    return list(model.parameters()) + [v for s in opt.state.values() for v in s.values()]


def test_steady_replay_writes_each_value_into_its_own_old_buffer(donations, monkeypatch):
    model, opt, step = _setup()
    for _ in range(4):
        step()
    before = [t.node.value.unsafe_buffer_pointer() for t in _tensors(model, opt)]
    replays = gradcompat.cache_info().replays
    step()
    assert gradcompat.cache_info().replays == replays + 1 and donations[0] >= 1
    # each parameter and momentum buffer in its own old buffer (XLA's CPU client honours donation)
    assert [t.node.value.unsafe_buffer_pointer() for t in _tensors(model, opt)] == before

    _never(monkeypatch)
    before = {t.node.value.unsafe_buffer_pointer() for t in _tensors(model, opt)}
    step()
    assert not before & {t.node.value.unsafe_buffer_pointer() for t in _tensors(model, opt)}


HOLDERS = {
    "detach": lambda m, o: m[2].weight.detach(),
    "data": lambda m, o: m[2].weight.data,
    "clone": lambda m, o: m[2].weight.clone(),
    "state_dict": lambda m, o: m.state_dict()["2.weight"],
    "deepcopy": lambda m, o: copy.deepcopy(m[2].weight),
    "to_cpu0": lambda m, o: m[2].weight.to("cpu:0"),
    "numpy": lambda m, o: m[2].weight.detach().numpy(),
    "momentum_detach": lambda m, o: o.state[m[2].weight]["momentum_buffer"].detach(),
    "optimizer_state_dict": lambda m, o: o.state_dict()["state"][2]["momentum_buffer"],
}


def _read_after_steps(name: str):
    model, opt, step = _setup()
    for _ in range(4):
        step()  # replays from the third call on: the next one would donate
    held = HOLDERS[name](model, opt)
    step()
    step()
    values = np.array(held, copy=True) if isinstance(held, np.ndarray) else held.detach().numpy().copy()
    return values, model[2].weight.detach().numpy().copy()


@pytest.mark.parametrize("name", sorted(HOLDERS))
def test_reference_taken_before_step_reads_as_without_donation(name, donations, monkeypatch):
    held, weight = _read_after_steps(name)
    assert donations[0] >= 1  # the replay after the one that saw the reference donates again
    _never(monkeypatch)
    held_plain, weight_plain = _read_after_steps(name)
    assert held.tobytes() == held_plain.tobytes() and weight.tobytes() == weight_plain.tobytes()


@pytest.mark.parametrize("name", ["detach", "data", "state_dict", "momentum_detach"])
def test_unconditional_donation_would_delete_a_shared_value(name, monkeypatch):
    """The test above can fail: donating without the check leaves these readers a deleted array."""
    monkeypatch.setattr(donation, "MIN_BYTES", 0)
    monkeypatch.setattr(donation.Donor, "unshared", lambda self, values, indexes=None: True)
    with pytest.raises(RuntimeError, match="deleted"):
        _read_after_steps(name)


def test_grad_and_returned_loss_are_not_donated(donations):
    """``.grad`` (set by the replay) and the returned loss are results, never donated inputs:
    a gradient kept from an earlier step keeps its values."""
    model, opt, step = _setup()
    for _ in range(4):
        step()
    grad = model[0].weight.grad
    kept = grad.numpy().copy()
    losses = [step() for _ in range(3)]
    assert donations[0] >= 2
    assert grad.numpy().tobytes() == kept.tobytes()
    assert all(np.isfinite(float(loss.detach())) for loss in losses)


MAKERS = {
    "sgd_nesterov_wd": lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    "adam_amsgrad": lambda p: O.Adam(p, lr=0.01, amsgrad=True),
    "rmsprop_centered": lambda p: O.RMSprop(p, lr=0.01, momentum=0.5, centered=True),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_donating_replays_are_bit_identical(name, donations, monkeypatch):
    """Tiny parameters (at most 16 elements) and an in-place update between steps (a value the
    replay did not write: not donated that step, and the guards see no change of structure)."""
    def run():
        model, opt, step = _setup(MAKERS[name], width=4)
        for i in range(7):
            step()
            if i == 3:
                with torch.no_grad():
                    model[2].bias.mul_(0.5)
        values = [p.detach().numpy().copy() for p in model.parameters()]
        return values + [v.numpy().copy() for s in opt.state.values() for v in s.values()]

    donated = run()
    assert donations[0] >= 2
    _never(monkeypatch)
    plain = run()
    assert len(donated) == len(plain)
    for a, b in zip(donated, plain):
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes()


def test_a_cold_trace_defers_donation_until_it_pays(donations, monkeypatch):
    """Where the traced step compiled cold, replays first run without donating, for as many
    replays as the donating twin's compile costs in estimated savings (rent, then buy)."""
    monkeypatch.setattr(gradcompat.core.cache, "cold_seconds", lambda before: 1.0)
    monkeypatch.setattr(donation, "SAVED_PER_BYTE", 1e-300)  # a saving never worth a compile
    monkeypatch.setattr(donation.payback_wait, "__defaults__", (donation.CHEAP_COMPILE, 1e-300))
    model, opt, step = _setup(width=6)
    for _ in range(6):
        step()
    assert donations[0] == 0


def test_small_models_do_not_donate(monkeypatch, donations):
    """Below ``donation.MIN_BYTES`` of state a replay keeps the one executable."""
    monkeypatch.setattr(donation, "MIN_BYTES", 1 << 17)
    model, opt, step = _setup()  # about 13 KiB of parameters and momentum
    for _ in range(5):
        step()
    assert donations[0] == 0


def test_no_donation_switch(monkeypatch, donations):
    from gradcompat.torch import guarded
    monkeypatch.setattr(guarded, "_DONATE", False)
    model, opt, step = _setup()
    for _ in range(5):
        step()
    assert donations[0] == 0
