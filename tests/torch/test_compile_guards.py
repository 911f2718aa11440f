"""torch.compile's guarded replay: a recorded step runs again without its Python while its
guards hold, gives the eager loop's numbers, and re-traces when a guard fails."""
from __future__ import annotations

import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat.torch import guarded

RNG = np.random.default_rng(0)
X = RNG.normal(size=(8, 6)).astype(np.float32)
Y = RNG.integers(0, 3, 8)
WEIGHTS = [RNG.normal(size=s).astype(np.float32) for s in [(10, 6), (10,), (3, 10), (3,)]]


class Counting(torch.nn.Module):
    """An MLP whose forward counts how often its Python runs (a side effect a replay skips)."""

    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(6, 10), torch.nn.ReLU(), torch.nn.Linear(10, 3))
        self.calls = 0
        with torch.no_grad():
            for p, w in zip(self.net.parameters(), WEIGHTS):
                p.copy_(torch.tensor(w))

    def forward(self, x):
        self.calls += 1
        return self.net(x)


def _setup(read_value: bool = False):
    model = Counting()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step(x, y):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        if read_value:
            loss.item()
        loss.backward()
        opt.step()
        return loss

    return model, opt, step


def _state(model, opt):
    params = list(model.parameters())
    return ([p.detach().numpy().copy() for p in params] + [p.grad.numpy().copy() for p in params]
            + [opt.state[p]["momentum_buffer"].numpy().copy() for p in params])


def _run(compiled: bool, batches, lrs=None, read_value: bool = False):
    model, opt, step = _setup(read_value)
    if compiled:
        step = torch.compile(step)
    losses = []
    for i, (x, y) in enumerate(batches):
        if lrs is not None:
            opt.param_groups[0]["lr"] = lrs[i]
        losses.append(step(torch.tensor(x), torch.tensor(y)).item())
    return losses, _state(model, opt), model.calls


def _same(a, b):
    np.testing.assert_allclose(a[0], b[0], rtol=1e-6)
    for u, v in zip(a[1], b[1]):
        np.testing.assert_allclose(u, v, rtol=1e-6, atol=1e-7)


def test_replay_skips_python_and_matches_eager():
    before = guarded.guard_info()
    compiled = _run(True, [(X, Y)] * 6)
    after = guarded.guard_info()
    eager = _run(False, [(X, Y)] * 6)
    _same(compiled, eager)
    assert eager[2] == 6
    # traced at step 1 and again at step 2 (the momentum buffers now exist), replayed after
    assert compiled[2] == 2
    assert after.replays - before.replays == 4
    assert after.traces - before.traces == 1 and after.retraces - before.retraces == 1


def test_changed_lr_retraces_and_is_honoured():
    lrs = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05]
    before = guarded.guard_info()
    compiled = _run(True, [(X, Y)] * 6, lrs)
    after = guarded.guard_info()
    _same(compiled, _run(False, [(X, Y)] * 6, lrs))
    assert after.retraces - before.retraces == 2  # momentum buffers created, then the new lr
    assert compiled[2] == 3


def test_shape_change_retraces():
    batches = [(X, Y)] * 3 + [(X[:5], Y[:5])] * 3 + [(X, Y)]
    before = guarded.guard_info()
    compiled = _run(True, batches)
    after = guarded.guard_info()
    _same(compiled, _run(False, batches))
    assert compiled[2] == 3  # step 1, step 2 (state), the first batch of 5; back to 8 replays
    assert after.retraces - before.retraces == 2 and after.replays - before.replays == 4


def test_a_value_read_in_the_step_is_never_replayed():
    before = guarded.guard_info()
    compiled = _run(True, [(X, Y)] * 4, read_value=True)
    after = guarded.guard_info()
    _same(compiled, _run(False, [(X, Y)] * 4, read_value=True))
    assert compiled[2] == 4 and after.replays == before.replays
    assert after.unreplayable - before.unreplayable == 3


def test_recompile_explains_itself(monkeypatch, capsys):
    monkeypatch.setenv("TORCH_LOGS", "recompiles")
    _run(True, [(X, Y)] * 3 + [(X[:5], Y[:5])])
    err = capsys.readouterr().err
    assert ("recompiled step because optimizer state of param_groups[0] parameter 0 changed: "
            "expected entries [], got entries ['momentum_buffer']") in err
    assert ("recompiled step because argument 0 changed: expected a tensor of shape (8, 6), float32 on cpu, "
            "requires_grad=False, got a tensor of shape (5, 6)") in err


def test_mode_and_grad_mode_guards():
    model, opt, step = _setup()
    model.eval()
    fwd = torch.compile(model)
    x = torch.tensor(X)
    with torch.no_grad():
        outs = [fwd(x) for _ in range(3)]
    assert model.calls == 1  # replayed under no_grad
    model.train()
    with torch.no_grad():
        fwd(x)
    assert model.calls == 2  # training flag changed
    out = fwd(x)  # grad mode on: a differentiable output is never a replay's constant
    assert out.requires_grad and model.calls == 3
    np.testing.assert_allclose(outs[2].numpy(), out.detach().numpy(), rtol=1e-6)
    out.sum().backward()
    assert model.net[0].weight.grad is not None
    fwd(x)
    assert model.calls == 4
    with torch.no_grad():  # that guard set alone runs its Python: without grad, replays again
        fwd(x)
        fwd(x)
    assert model.calls == 5


def test_random_ops_are_never_replayed():
    drop = torch.nn.Dropout(0.5)
    calls = []

    def f(x):
        calls.append(1)
        return drop(x) * 2

    cf = torch.compile(f)
    x = torch.ones(64)
    outs = [cf(x).numpy() for _ in range(3)]
    assert len(calls) == 3
    assert not all(np.array_equal(outs[0], o) for o in outs[1:])


def test_replay_checks_new_targets():
    model, opt, step = _setup()
    step = torch.compile(step)
    for _ in range(3):
        step(torch.tensor(X), torch.tensor(Y))
    with pytest.raises(IndexError, match="out of bounds"):
        step(torch.tensor(X), torch.tensor(Y + 5))


def test_hooks_and_python_step_counters_are_never_replayed():
    # a tensor hook registered on a parameter, or inside the step: Python runs at backward
    for inside in (False, True):
        model, opt, step = _setup()
        seen = []
        if not inside:
            model.net[0].weight.register_hook(lambda g: seen.append(1))

        def hooked(x, y, step=step):
            model.net[2].bias.register_hook(lambda g: seen.append(1))
            return step(x, y)

        cf = torch.compile(hooked if inside else step)
        for _ in range(4):
            cf(torch.tensor(X), torch.tensor(Y))
        assert model.calls == 4 and len(seen) == (10 if inside else 4)
    # Adam counted its steps in Python once; its count is now a state tensor advanced in the
    # program (as torch's capturable=True): traced at steps 1 and 2 (state created), then replayed
    model = Counting()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)

    def adam_step(x):
        opt.zero_grad()
        loss = model(x).square().mean()
        loss.backward()
        opt.step()
        return loss

    cf = torch.compile(adam_step)
    for _ in range(4):
        cf(torch.tensor(X))
    assert model.calls == 2


def test_embedding_step_replays_and_checks_new_indices():
    emb = torch.nn.Embedding(5, 3)
    head = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(list(emb.parameters()) + list(head.parameters()), lr=0.1)
    seen = Counting()  # its .calls counts runs of the Python body (an attribute: not guarded)

    def step(idx):
        seen.calls += 1
        opt.zero_grad()
        loss = head(emb(idx)).square().mean()
        loss.backward()
        opt.step()
        return loss

    cf = torch.compile(step)
    idx = torch.tensor([[0, 1], [4, 2]])
    for _ in range(4):
        cf(idx)
    assert seen.calls == 2  # traced, traced again (the .grads now exist), replayed
    with pytest.raises(IndexError, match="index out of range in self"):
        cf(torch.tensor([[0, 1], [5, 2]]))


def test_unguardable_arguments_run_python():
    class Odd:
        __hash__ = None  # an argument that cannot be a guard's key

        @property
        def __dict__(self):
            raise RuntimeError("no")

    seen = Counting()

    def f(x, odd):
        seen.calls += 1
        return x * 2

    cf, odd = torch.compile(f), Odd()
    for _ in range(3):
        out = cf(torch.ones(2), odd)
    assert seen.calls == 3 and out.tolist() == [2.0, 2.0]
    assert torch.compile(f)(torch.ones(2), 3) is not None and seen.calls == 4


# ----- optimizers that count their steps: the count is a state tensor advanced in the program
STEP_COUNTING = [("Adam", {"lr": 0.01}), ("AdamW", {"lr": 0.01, "amsgrad": True}), ("NAdam", {"lr": 0.01}),
                 ("RAdam", {"lr": 0.01, "weight_decay": 0.1}), ("Adamax", {"lr": 0.01}),
                 ("Adagrad", {"lr": 0.05, "lr_decay": 0.1}), ("RMSprop", {"lr": 0.01}), ("Adadelta", {})]


def _counting_run(framework, name: str, kwargs: dict, compiled: bool, steps: int = 8):
    model = framework.nn.Sequential(framework.nn.Linear(6, 10), framework.nn.ReLU(), framework.nn.Linear(10, 3))
    with framework.no_grad():
        for p, w in zip(model.parameters(), WEIGHTS):
            p.copy_(framework.tensor(w))
    opt = getattr(framework.optim, name)(model.parameters(), **kwargs)
    calls = {"python": 0}  # a dict: guarded by identity, so counting in it does not re-trace

    def step(x, y):
        calls["python"] += 1
        opt.zero_grad()
        loss = framework.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    if compiled:
        step = torch.compile(step)
    x, y = framework.tensor(X), framework.tensor(Y)
    losses = [float(step(x, y).detach()) for _ in range(steps)]
    params = [p.detach().numpy().copy() for p in model.parameters()]
    return losses, params, float(opt.state[next(iter(model.parameters()))]["step"]), calls["python"]


@pytest.mark.parametrize("name,kwargs", STEP_COUNTING, ids=[n for n, _ in STEP_COUNTING])
def test_step_counting_optimizers_replay_with_eager_numbers(name, kwargs):
    before = guarded.guard_info()
    compiled = _counting_run(torch, name, kwargs, True)
    after = guarded.guard_info()
    eager = _counting_run(torch, name, kwargs, False)
    # traced at step 1 (no .grad, state created) and step 2, replayed after: the count advances in the program
    assert compiled[3] == 2
    assert after.replays - before.replays == 8 - compiled[3] and after.unreplayable == before.unreplayable
    assert compiled[2] == eager[2] == 8.0
    np.testing.assert_allclose(compiled[0], eager[0], rtol=1e-6)
    for a, b in zip(compiled[1], eager[1]):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("name,kwargs", STEP_COUNTING, ids=[n for n, _ in STEP_COUNTING])
def test_step_counting_optimizers_match_real_torch(name, kwargs):
    real_torch = pytest.importorskip("torch")
    ours = _counting_run(torch, name, kwargs, True)
    real = _counting_run(real_torch, name, kwargs, False)
    assert ours[2] == real[2] == 8.0
    np.testing.assert_allclose(ours[0], real[0], rtol=1e-5)
    for a, b in zip(ours[1], real[1]):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_counters_as_dynamo_and_cache_info():
    import gradcompat
    from gradcompat.torch._dynamo.utils import counters

    assert torch._dynamo.utils.counters is counters
    counters.clear()
    info = gradcompat.cache_info()
    assert (info.replay_calls, info.replays) == (guarded.guard_info().calls, guarded.guard_info().replays)
    _run(True, [(X, Y)] * 5)  # traced at steps 1 and 2, then 3 replays
    _run(True, [(X, Y)] * 3, read_value=True)  # never replayed: one trace, its reason a graph break
    after = gradcompat.cache_info()
    assert after.replays - info.replays == 3 and after.traces - info.traces == 2
    assert after.retraces - info.retraces == 1 and after.unreplayable - info.unreplayable == 2
    assert after.replay_calls - info.replay_calls == 8
    assert counters["frames"]["total"] == 3 and counters["frames"]["ok"] == 2
    assert counters["stats"]["unique_graphs"] == 1 and counters["stats"]["calls_captured"] > 10
    assert list(counters["graph_break"].values()) == [1]
    assert "reads a tensor's value" in next(iter(counters["graph_break"]))
