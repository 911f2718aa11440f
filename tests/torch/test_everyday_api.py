"""Issue 13's everyday API, what golden programs cannot show: torch's class names without
``gradcompat run`` (pickling must not look for real torch), the type-name table against the
dialect's classes, and jit/vmap tracing through functions with data-dependent checks."""
from __future__ import annotations

import copy
import pickle
import subprocess
import sys

import jax
import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat.torch import type_names

F = torch.nn.functional


def test_renamed_classes_pickle_without_gradcompat_run():
    # real torch is importable in this environment: a pickle that named torch.nn.modules.linear
    # would load torch's class (or fail); ours must come back as the dialect's classes
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU())
    again = pickle.loads(pickle.dumps(model))
    assert type(again) is torch.nn.Sequential and type(again[0]) is torch.nn.Linear
    x = torch.tensor([[1.0, -2.0]])
    assert torch.equal(again(x), model(x))
    t = pickle.loads(pickle.dumps(torch.tensor([1.0, 2.0], requires_grad=True)))
    assert type(t) is torch.Tensor and t.requires_grad
    out = pickle.loads(pickle.dumps(torch.sort(torch.tensor([2.0, 1.0]))))
    assert type(out) is torch.return_types.sort and out.indices.tolist() == [1, 0]
    opt = torch.optim.Adam(model.parameters(), lr=0.5)
    assert type(copy.deepcopy(opt)) is torch.optim.Adam


def test_pickles_are_plain_python_loadable_in_a_fresh_process():
    blob = pickle.dumps(torch.nn.Linear(2, 1))
    code = ("import pickle, sys; m = pickle.loads(sys.stdin.buffer.read()); "
            "print(type(m).__module__, type(m).__qualname__, type(m.weight).__name__)")
    done = subprocess.run([sys.executable, "-c", code], input=blob, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.decode().split() == ["torch.nn.modules.linear", "Linear", "Parameter"]


def test_every_table_entry_names_a_torch_module_and_the_dialect_classes_follow_it():
    renamed = 0
    for namespace, modules in type_names.TABLE.items():
        ours = sys.modules.get("gradcompat." + namespace)
        for module, names in modules.items():
            assert module.startswith("torch")
            for name in names.split():
                cls = getattr(ours, name, None) if ours is not None else None
                if isinstance(cls, type) and cls in type_names._ORIGIN:
                    assert cls.__module__ == module, (namespace, name)
                    renamed += 1
    assert renamed > 60
    assert repr(torch.Tensor) == "<class 'torch.Tensor'>"
    assert repr(torch.nn.Parameter) == "<class 'torch.nn.parameter.Parameter'>"


def test_a_class_torch_lacks_keeps_its_module():
    assert torch.nn.Module.__module__ == "torch.nn.modules.module"
    assert type_names.alias_spec("torch.nn.modules.no_such_module") is None
    assert type_names.alias_spec("torch.nn.modules.linear") is not None


def test_loss_checks_do_not_concretize_traced_values():
    logits = np.random.default_rng(0).normal(size=(4, 3)).astype(np.float32)
    labels = np.array([0, 2, 1, 1])

    def loss(z, y):
        return F.cross_entropy(torch.from_jax(z), torch.from_jax(y)).node.value

    value = jax.jit(loss)(logits, labels)  # traced targets: no TracerArrayConversionError
    assert np.isclose(float(value), float(F.cross_entropy(torch.tensor(logits), torch.tensor(labels))))


def test_data_writes_are_hidden_from_the_version_counter_but_seen_by_views():
    w = torch.ones(3, requires_grad=True)
    view = w.detach()
    w.data.mul_(2)
    assert w._version == 0 and view.tolist() == [2.0, 2.0, 2.0]
    with torch.no_grad():
        w.add_(1)
    assert w._version == 1 and view.tolist() == [3.0, 3.0, 3.0]


def test_linalg_errors_are_torch_linalg_errors():
    with pytest.raises(torch.linalg.LinAlgError, match="singular"):
        torch.linalg.inv(torch.zeros(2, 2))
    assert type(torch.linalg.LinAlgError).__name__ == "type"
    assert torch.linalg.LinAlgError.__name__ == "_LinAlgError" and issubclass(torch.linalg.LinAlgError, RuntimeError)
