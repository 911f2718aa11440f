"""Optimizers and schedulers beyond the goldens: every update of NAdam / RAdam / Adamax /
Adadelta runs as one program per step (eagerly, lazily and under torch.compile, compiled once),
LBFGS compiles a bounded number of programs, and optimizer state dicts cross checkpoint files
between gradcompat and the real PyTorch in both directions (the training then continues alike)."""
from __future__ import annotations

import numpy as np
import pytest

import gradcompat
import gradcompat.torch as gtorch

RNG = np.random.default_rng(0)
X = RNG.normal(size=(16, 6)).astype(np.float32)
Y = RNG.integers(0, 3, 16)
W1 = (RNG.normal(size=(8, 6)) * 0.3).astype(np.float32)
W2 = (RNG.normal(size=(3, 8)) * 0.3).astype(np.float32)
WEIGHTS = {"0.weight": W1, "0.bias": np.zeros(8, np.float32), "2.weight": W2, "2.bias": np.zeros(3, np.float32)}
OPTIMIZERS = {
    "NAdam": dict(lr=0.01, weight_decay=0.01),
    "RAdam": dict(lr=0.01, decoupled_weight_decay=True, weight_decay=0.1),
    "Adamax": dict(lr=0.01),
    "Adadelta": dict(lr=0.5),
    "Adam": dict(lr=0.01, amsgrad=True),
    "SGD": dict(lr=0.1, momentum=0.9, nesterov=True),
    "AdamW": dict(lr=0.01),
    "RMSprop": dict(lr=0.01, momentum=0.5, centered=True),
    "Adagrad": dict(lr=0.1, lr_decay=0.01),
}


def _model(torch):
    model = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
    model.load_state_dict({k: torch.tensor(v) for k, v in WEIGHTS.items()})
    return model


def _train(torch, model, opt, steps: int, mode: str = "eager") -> list[float]:
    x, y = torch.tensor(X), torch.tensor(Y)
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    if mode == "compile":
        step = torch.compile(step)
    if mode == "lazy":
        with torch.lazy():
            return [step().item() for _ in range(steps)]
    return [step().item() for _ in range(steps)]


@pytest.mark.parametrize("name", ["NAdam", "RAdam", "Adamax", "Adadelta"])
@pytest.mark.parametrize("mode", ["lazy", "compile"])
def test_deferred_training_matches_eager(name: str, mode: str) -> None:
    runs = []
    for m in ["eager", mode]:
        model = _model(gtorch)
        opt = getattr(gtorch.optim, name)(model.parameters(), **OPTIMIZERS[name])
        runs.append((_train(gtorch, model, opt, 4, m), [p.detach().numpy() for p in model.parameters()]))
    np.testing.assert_allclose(runs[1][0], runs[0][0], rtol=1e-6)
    for got, want in zip(runs[1][1], runs[0][1]):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", ["NAdam", "RAdam", "Adamax", "Adadelta"])
def test_a_compiled_step_is_one_program_compiled_once(name: str) -> None:
    model = _model(gtorch)
    opt = getattr(gtorch.optim, name)(model.parameters(), **OPTIMIZERS[name])
    _train(gtorch, model, opt, 3, "compile")  # state created, then the steady step
    before = gradcompat.cache_info()
    _train(gtorch, model, opt, 20, "compile")
    after = gradcompat.cache_info()
    assert after.compiles == before.compiles
    assert after.hits - before.hits == 20


def test_an_eager_step_updates_every_parameter_in_one_program() -> None:
    model = _model(gtorch)
    opt = gtorch.optim.NAdam(model.parameters())
    _train(gtorch, model, opt, 3)
    loss = gtorch.nn.CrossEntropyLoss()(model(gtorch.tensor(X)), gtorch.tensor(Y))
    loss.backward()
    before = gradcompat.cache_info()
    opt.step()
    after = gradcompat.cache_info()
    assert (after.hits + after.misses) - (before.hits + before.misses) == 1  # four parameters, one run


def test_lbfgs_history_compiles_a_few_programs() -> None:
    x = gtorch.tensor(np.linspace(-1, 1, 50).astype(np.float32), requires_grad=True)
    target = gtorch.tensor(np.cos(np.arange(50)).astype(np.float32))
    opt = gtorch.optim.LBFGS([x], history_size=40, max_iter=60, tolerance_grad=0, tolerance_change=0)

    def closure():
        opt.zero_grad()
        loss = ((x - target) ** 2 * gtorch.arange(1, 51)).sum() + (x ** 4).sum()
        loss.backward()
        return loss

    opt.step(closure)
    from gradcompat.torch.optim import lbfgs
    assert lbfgs._two_loop._cache_size() <= 7  # history padded to 1, 2, 4, ..., 40
    assert 16 < len(opt.state[x]["old_dirs"]) <= 40  # the history grew through several buckets





def _real_torch():
    return pytest.importorskip("torch")


def _real_vs_ours_continue(name: str, tmp_path, direction: str) -> None:
    """Train 3 steps on one side, save the model and optimizer state to a file, load both on
    the other side, train 3 more steps there and on the first side: the same weights."""
    torch = _real_torch()
    first, second = (torch, gtorch) if direction == "real_to_ours" else (gtorch, torch)
    m1 = _model(first)
    o1 = getattr(first.optim, name)(m1.parameters(), **OPTIMIZERS[name])
    _train(first, m1, o1, 3)
    path = tmp_path / "ckpt.pt"
    first.save({"model": m1.state_dict(), "optim": o1.state_dict()}, path)
    ckpt = second.load(path, weights_only=True) if second is torch else second.load(path)
    m2 = _model(second)
    m2.load_state_dict(ckpt["model"])
    o2 = getattr(second.optim, name)(m2.parameters(), lr=0.5)
    o2.load_state_dict(ckpt["optim"])
    assert o2.param_groups[0]["lr"] == OPTIMIZERS[name]["lr"]
    _train(first, m1, o1, 3)
    _train(second, m2, o2, 3)
    for a, b in zip(m1.parameters(), m2.parameters()):
        np.testing.assert_allclose(b.detach().numpy(), a.detach().numpy(), rtol=2e-5, atol=1e-6)
    s1, s2 = o1.state_dict()["state"][0], o2.state_dict()["state"][0]
    assert list(s1) == list(s2)
    for k in s1:
        np.testing.assert_allclose(np.asarray(s2[k].detach().numpy() if hasattr(s2[k], "detach") else s2[k]),
                                   np.asarray(s1[k].detach().numpy() if hasattr(s1[k], "detach") else s1[k]),
                                   rtol=2e-5, atol=1e-7)
        assert str(s1[k].dtype).split(".")[-1] == str(s2[k].dtype).split(".")[-1]


@pytest.mark.parametrize("name", list(OPTIMIZERS))
@pytest.mark.parametrize("direction", ["real_to_ours", "ours_to_real"])
def test_state_dict_crosses_checkpoint_files(name: str, direction: str, tmp_path) -> None:
    _real_vs_ours_continue(name, tmp_path, direction)


@pytest.mark.parametrize("direction", ["real_to_ours", "ours_to_real"])
def test_lbfgs_state_crosses_checkpoint_files(direction: str, tmp_path) -> None:
    torch = _real_torch()
    first, second = (torch, gtorch) if direction == "real_to_ours" else (gtorch, torch)

    def setup(lib):
        w = lib.tensor(np.array([-1.2, 1.0, 0.5], np.float32), requires_grad=True)
        opt = lib.optim.LBFGS([w], max_iter=3, line_search_fn="strong_wolfe")

        def closure():
            opt.zero_grad()
            loss = ((1 - w[:-1]) ** 2).sum() + 10 * ((w[1:] - w[:-1] ** 2) ** 2).sum()
            loss.backward()
            return loss
        return w, opt, closure

    w1, o1, c1 = setup(first)
    o1.step(c1)
    path = tmp_path / "lbfgs.pt"
    first.save(o1.state_dict(), path)
    sd = second.load(path, weights_only=True) if second is torch else second.load(path)
    w2, o2, c2 = setup(second)
    with second.no_grad():
        w2.copy_(second.tensor(w1.detach().numpy()))
    o2.load_state_dict(sd)
    assert [type(v).__name__ for v in o2.state_dict()["state"][0].values()] == \
        [type(v).__name__ for v in o1.state_dict()["state"][0].values()]
    o1.step(c1)
    o2.step(c2)
    np.testing.assert_allclose(w2.detach().numpy(), w1.detach().numpy(), rtol=1e-4, atol=1e-6)
    assert o1.state[w1]["n_iter"] == o2.state[w2]["n_iter"]


def test_averaged_model_update_is_one_program() -> None:
    from gradcompat.torch.optim.swa_utils import AveragedModel
    model = _model(gtorch)
    avg = AveragedModel(model)
    opt = gtorch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):
        _train(gtorch, model, opt, 1)
        avg.update_parameters(model)
    before = gradcompat.cache_info()
    avg.update_parameters(model)
    after = gradcompat.cache_info()
    assert after.compiles == before.compiles
    assert (after.hits + after.misses) - (before.hits + before.misses) <= 2  # the kernel, n_averaged += 1
    assert int(avg.n_averaged.item()) == 4


def test_lbfgs_in_lazy_mode_matches_eager() -> None:
    def run(lazy: bool):
        x = gtorch.tensor([-1.5, 2.0, 0.3], requires_grad=True)
        opt = gtorch.optim.LBFGS([x], max_iter=5, line_search_fn="strong_wolfe")

        def closure():
            opt.zero_grad()
            loss = ((1 - x[:-1]) ** 2).sum() + 100 * ((x[1:] - x[:-1] ** 2) ** 2).sum()
            loss.backward()
            return loss

        if lazy:
            with gtorch.lazy():
                losses = [opt.step(closure).item() for _ in range(3)]
        else:
            losses = [opt.step(closure).item() for _ in range(3)]
        return losses, x.detach().numpy()

    eager, lazy = run(False), run(True)
    np.testing.assert_allclose(lazy[0], eager[0], rtol=1e-5)
    np.testing.assert_allclose(lazy[1], eager[1], rtol=1e-4)


@pytest.mark.parametrize("direction", ["real_to_ours", "ours_to_real"])
def test_scheduler_state_crosses_checkpoint_files(direction: str, tmp_path) -> None:
    torch = _real_torch()
    first, second = (torch, gtorch) if direction == "real_to_ours" else (gtorch, torch)

    def setup(lib):
        w = lib.tensor([1.0, 2.0], requires_grad=True)
        opt = lib.optim.SGD([w], lr=0.1, momentum=0.9)
        return opt, lib.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=20, three_phase=True)

    o1, s1 = setup(first)
    for _ in range(7):
        o1.step()
        s1.step()
    first.save({"optimizer": o1.state_dict(), "scheduler": s1.state_dict()}, tmp_path / "sched.pt")
    ckpt = second.load(tmp_path / "sched.pt", weights_only=True) if second is torch else second.load(
        tmp_path / "sched.pt")
    o2, s2 = setup(second)
    o2.load_state_dict(ckpt["optimizer"])
    s2.load_state_dict(ckpt["scheduler"])
    lrs = []
    for o, s in [(o1, s1), (o2, s2)]:
        seq = []
        for _ in range(10):
            o.step()
            s.step()
            seq.append((s.get_last_lr()[0], o.param_groups[0]["momentum"]))
        lrs.append(seq)
    assert lrs[0] == lrs[1]
