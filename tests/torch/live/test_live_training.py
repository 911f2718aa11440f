"""Live differential training runs: the same MLP, initial weights and data in the real
PyTorch and in gradcompat.torch, N optimizer steps; losses and weights compared each step.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from live_harness import Pair, assert_same, collecting, gtorch, torch

if not hasattr(gtorch, "nn") or not hasattr(gtorch, "optim"):
    pytest.skip("gradcompat.torch has no nn/optim yet", allow_module_level=True)

OPTIMIZERS = st.one_of(
    st.builds(lambda lr, m, nesterov, wd: ("SGD", dict(lr=lr, momentum=m, nesterov=nesterov and m > 0,
                                                       weight_decay=wd)),
              st.sampled_from([0.01, 0.1]), st.sampled_from([0.0, 0.9]), st.booleans(), st.sampled_from([0.0, 1e-2])),
    st.builds(lambda lr, m, d: ("SGD", dict(lr=lr, momentum=m, dampening=d)),
              st.sampled_from([0.05]), st.sampled_from([0.5, 0.9]), st.sampled_from([0.1, 0.5])),
    st.builds(lambda name, lr, wd, amsgrad: (name, dict(lr=lr, weight_decay=wd, amsgrad=amsgrad)),
              st.sampled_from(["Adam", "AdamW"]), st.sampled_from([1e-3, 1e-2]), st.sampled_from([0.0, 1e-2]),
              st.booleans()),
    st.builds(lambda lr: ("RMSprop", dict(lr=lr)), st.sampled_from([1e-3, 1e-2])),
    st.builds(lambda lr: ("Adagrad", dict(lr=lr)), st.sampled_from([1e-2, 0.1])),
)


def _mlp(ns, sizes: list[int], activation: str):
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(ns.nn.Linear(fan_in, fan_out))
        if i < len(sizes) - 2:
            layers.append(getattr(ns.nn, activation)())
    return ns.nn.Sequential(*layers)


@settings(max_examples=max(1, settings.default.max_examples // 2))  # a training run costs more
@given(seed=st.integers(0, 2**32 - 1), hidden=st.lists(st.integers(1, 6), min_size=1, max_size=2),
       activation=st.sampled_from(["ReLU", "Tanh", "Sigmoid"]), optimizer=OPTIMIZERS,
       loss=st.sampled_from(["MSELoss", "L1Loss", "SmoothL1Loss"]), steps=st.integers(1, 5))
@collecting
def test_mlp_training_matches(seed, hidden, activation, optimizer, loss, steps):
    rng = np.random.default_rng(seed)
    sizes = [3, *hidden, 2]
    x = rng.normal(size=(4, 3)).astype(np.float32)
    y = rng.normal(size=(4, 2)).astype(np.float32)
    models = Pair(_mlp(torch, sizes, activation), _mlp(gtorch, sizes, activation))
    names = [name for name, _ in models.real.named_parameters()]
    assert names == [name for name, _ in models.ours.named_parameters()]
    state = {name: rng.normal(scale=0.5, size=p.shape).astype(np.float32)
             for name, p in models.real.named_parameters()}
    models.real.load_state_dict({k: torch.tensor(v) for k, v in state.items()})
    models.ours.load_state_dict({k: gtorch.tensor(v) for k, v in state.items()})
    name, kwargs = optimizer
    opts = Pair(getattr(torch.optim, name)(models.real.parameters(), **kwargs),
                getattr(gtorch.optim, name)(models.ours.parameters(), **kwargs))
    criteria = Pair(getattr(torch.nn, loss)(), getattr(gtorch.nn, loss)())
    for step in range(steps):
        losses = []
        for ns, model, opt, criterion in ((torch, models.real, opts.real, criteria.real),
                                          (gtorch, models.ours, opts.ours, criteria.ours)):
            opt.zero_grad()
            value = criterion(model(ns.tensor(x)), ns.tensor(y))
            value.backward()
            opt.step()
            losses.append(value)
        assert_same(Pair(*losses), f"loss at step {step}", grad_fn=False)
        # adaptive steps divide by sqrt(second moment) + eps: a gradient element near 0 turns
        # float32 rounding differences of ~1e-7 into step differences of ~1e-5
        tol = None if name == "SGD" else (1e-4, 1e-5)
        for (pname, p_real), (_, p_ours) in zip(models.real.named_parameters(), models.ours.named_parameters()):
            assert_same(Pair(p_real, p_ours), f"{pname} after step {step}", tol=tol)
            assert_same(Pair(p_real.grad, p_ours.grad), f"{pname}.grad at step {step}")
