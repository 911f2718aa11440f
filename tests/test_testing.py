"""gradcompat.testing: the equivalence assertions a user's cross-framework tests call."""
import numpy as np
import pytest

import gradcompat.torch as gtorch
from gradcompat.testing import assert_grads_close, grad_differences


def _mlp_grads(torch):
    torch.manual_seed(0)
    w = torch.tensor(np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3), requires_grad=True)
    b = torch.tensor([0.5, -0.25], requires_grad=True)
    x = torch.tensor(np.arange(6, dtype=np.float32).reshape(2, 3) / 6)
    loss = torch.tanh(x @ w.T + b).pow(2).sum()
    loss.backward()
    return {"weight": w.grad, "bias": b.grad}


def test_dialect_grads_equal_real_torch_grads():
    real_torch = pytest.importorskip("torch")
    assert_grads_close(_mlp_grads(gtorch), _mlp_grads(real_torch), rtol=1e-6)


def test_report_names_the_entry_the_error_and_where():
    expected = {"w": np.array([[1.0, 2.0], [3.0, 4.0]]), "b": np.array([1.0])}
    actual = {"w": gtorch.tensor([[1.0, 2.0], [3.0, 4.5]]), "b": gtorch.tensor([1.0])}
    with pytest.raises(AssertionError) as failure:
        assert_grads_close(actual, expected)
    report = str(failure.value)
    assert "1 of 2 entries" in report
    assert "w: shape (2, 2), max abs err 0.5, max rel err 0.125 at (1, 1)" in report
    assert "b:" not in report


def test_structural_mismatches_are_reported_not_broadcast():
    rows = grad_differences([np.ones(3), None], [np.ones((3, 1)), np.zeros(2)])
    assert [row.problem for row in rows] == ["shape (3,) differs from expected shape (3, 1)",
                                             "actual is None, expected is an array"]
    assert not any(row.close for row in rows)
    assert grad_differences({"a": None}, {"a": None})[0].close
    missing = grad_differences({}, {"a": np.ones(1)})
    assert missing[0].problem == "missing from actual"


def test_nans_in_the_same_place_are_equal_and_tolerances_apply():
    assert_grads_close(np.array([np.nan, 1.0]), np.array([np.nan, 1.0 + 1e-7]))
    with pytest.raises(AssertionError):
        assert_grads_close(np.array([np.nan, 1.0]), np.array([0.0, 1.0]))
    assert_grads_close([np.array([1.0])], [np.array([1.1])], rtol=0.1)
