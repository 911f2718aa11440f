"""The replayed eager optimizer step donates the old parameter and state buffers to its program
(issue 17, eager step speed) exactly when nothing else reads them: a tensor sharing a value
taken before ``step()`` (``detach()``, ``.data``, ``clone()``, ``state_dict()``, ...) still
reads it afterwards, and the results are the bits of the non-donating step."""
from __future__ import annotations

import copy
import dataclasses

import jax
import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat.torch.optim import step_cache

O = torch.optim


@pytest.fixture
def donations(monkeypatch):
    """How many replays donated their buffers (from the first replay on, whatever the compile cost)."""
    monkeypatch.setattr(step_cache, "_CHEAP_COMPILE", float("inf"))
    count = [0]
    unshared = step_cache._Plan._unshared

    def counted(self, values):
        found = unshared(self, values)
        count[0] += found
        return found

    monkeypatch.setattr(step_cache._Plan, "_unshared", counted)
    return count


def _never(monkeypatch) -> None:
    monkeypatch.setattr(step_cache._Plan, "_unshared", lambda self, values: False)


def _setup(make=lambda p: O.SGD(p, lr=0.1, momentum=0.9), width: int = 24):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(width, 32), torch.nn.ReLU(), torch.nn.Linear(32, width))
    opt = make(model.parameters())
    x = torch.randn(8, width)

    def step(retain: bool = False):
        opt.zero_grad()
        loss = model(x).square().mean()
        loss.backward(retain_graph=retain)
        opt.step()
        return loss

    return model, opt, step


def _buffers(model, opt) -> set:
    values = [p.node.value for p in model.parameters()]
    values += [v.node.value for s in opt.state.values() for v in s.values()]
    return {v.unsafe_buffer_pointer() for v in values}


def test_steady_replay_writes_into_the_old_buffers(donations, monkeypatch):
    model, opt, step = _setup()
    for _ in range(4):
        step()
    before = _buffers(model, opt)
    step()
    assert donations[0] >= 1 and _buffers(model, opt) == before  # XLA's CPU client honours donation

    _never(monkeypatch)
    before = _buffers(model, opt)
    step()
    assert not before & _buffers(model, opt)  # without donation: fresh buffers (the check above can fail)


def test_the_first_replay_donates_the_recorded_results(donations):
    """The recorded step's results are the executable's own: the first replay (third step) may
    donate them, so the donating twin compiles among a loop's first steps, not in its steady state."""
    model, opt, step = _setup()
    for _ in range(3):
        step()
    assert donations[0] == 1


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
        step()  # replays from the second step on: the next one would donate
    held = HOLDERS[name](model, opt)
    step()
    step()
    values = np.array(held, copy=True) if isinstance(held, np.ndarray) else held.detach().numpy().copy()
    return values, model[2].weight.detach().numpy().copy()


@pytest.mark.parametrize("name", sorted(HOLDERS))
def test_reference_taken_before_step_reads_as_without_donation(name, donations, monkeypatch):
    held, weight = _read_after_steps(name)
    assert donations[0] >= 1  # the step after the one that saw the reference donates again
    _never(monkeypatch)
    held_plain, weight_plain = _read_after_steps(name)
    assert held.tobytes() == held_plain.tobytes() and weight.tobytes() == weight_plain.tobytes()


@pytest.mark.parametrize("name", ["detach", "data", "state_dict", "momentum_detach"])
def test_unconditional_donation_would_delete_a_shared_value(name, monkeypatch):
    """The test above can fail: donating without the check leaves these readers a deleted array."""
    monkeypatch.setattr(step_cache, "_CHEAP_COMPILE", float("inf"))
    monkeypatch.setattr(step_cache._Plan, "_unshared", lambda self, values: True)
    with pytest.raises(RuntimeError, match="deleted"):
        _read_after_steps(name)


def test_retained_graph_backward_after_step(donations, monkeypatch):
    def run():
        model, opt, step = _setup()
        for _ in range(4):
            step()
        loss = step(retain=True)
        loss.backward()
        return model[0].weight.grad.numpy().copy()

    donated = run()
    _never(monkeypatch)
    assert donated.tobytes() == run().tobytes()


MAKERS = {
    "sgd_nesterov_wd": lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    "adam_amsgrad": lambda p: O.Adam(p, lr=0.01, amsgrad=True),
    "rmsprop_centered": lambda p: O.RMSprop(p, lr=0.01, momentum=0.5, centered=True),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_donating_steps_are_bit_identical(name, donations, monkeypatch):
    """Tiny parameters (at most 16 elements: values the host lane may make numpy arrays) and an
    in-place update between steps (a value the replay did not write: not donated that step)."""
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


def test_to_own_device_is_a_copy():
    """``Tensor.to("cpu:0")`` (a copy in torch) must not alias the buffer a later step donates."""
    t = torch.randn(8, 8) * 2  # above the host lane's 16 elements: a JAX array
    copied = t.to("cpu:0")
    assert copied is not t
    assert copied.node.value.unsafe_buffer_pointer() != t.node.value.unsafe_buffer_pointer()


def test_a_cold_compile_defers_donation_until_it_pays(donations, monkeypatch):
    """Where the recorded program compiled cold, replays first run without donating, for as many
    steps as the donating twin's compile costs in estimated savings (rent, then buy)."""
    monkeypatch.setattr(step_cache, "_cold_seconds", lambda before: 1.0)  # the recorded step compiled cold
    monkeypatch.setattr(step_cache, "_CHEAP_COMPILE", 0.05)
    monkeypatch.setattr(step_cache, "_SAVED_PER_BYTE", 1e-300)  # a saving never worth a compile
    model, opt, step = _setup(width=6)
    for _ in range(6):
        step()
    assert donations[0] == 0
    plan = next(p for p in step_cache._PLANS[opt].values() if isinstance(p, step_cache._Plan))
    assert plan._wait > 1000

    monkeypatch.setattr(step_cache, "_SAVED_PER_BYTE", 1.0)  # a saving always worth it: no wait
    model, opt, step = _setup(width=6)
    for _ in range(5):
        step()
    assert donations[0] >= 2  # of 3 replays (the first may still see the recorded step's garbage)


def test_persistent_cache_reads_count_as_warm(monkeypatch):
    """A recorded step whose compiles all came from JAX's persistent cache is warm (its donating
    twin is paid at the first replay); a miss, or compiling without the cache, is cold."""
    cache = step_cache.compile_cache
    monkeypatch.setattr(cache, "_info", dataclasses.replace(cache._info, compile_seconds=3.0))
    monkeypatch.setattr(cache, "_DISK", [5, 2])
    assert step_cache._cold_seconds((3.0, 5, 2)) == 0.0  # nothing compiled
    assert step_cache._cold_seconds((1.0, 4, 2)) == 0.0  # read from the persistent cache
    assert step_cache._cold_seconds((1.0, 4, 1)) == 2.0  # a miss: compiled
    assert step_cache._cold_seconds((1.0, 5, 2)) == 2.0  # compiled without the persistent cache
    assert step_cache._cold_seconds(None) == 0.0  # a step that did not record
    jax.monitoring.record_event(cache._MISS)  # the listener counts JAX's events
    assert cache._DISK == [5, 3]
