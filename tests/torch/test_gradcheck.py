"""gradcheck / gradgradcheck: behaviour goldens cannot show (in-place perturbation, call counts)."""
import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat.torch.autograd.gradcheck import GradcheckError, gradcheck, gradgradcheck


def test_inputs_are_perturbed_in_place_and_restored():
    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    seen = []

    def fn(a):
        seen.append(a is x)
        return a * a
    assert gradcheck(fn, (x,))
    assert all(seen)
    np.testing.assert_array_equal(x.detach().numpy(), [1.0, 2.0])
    assert x.grad is None


def test_closure_over_the_input_sees_perturbation():
    x = torch.tensor([0.5, 1.5], dtype=torch.float64, requires_grad=True)
    # the function ignores its argument and reads x itself: torch perturbs x in place, so the
    # numerical Jacobian is that of x ** 2
    assert gradcheck(lambda a: x ** 2, (x,))


def test_fast_mode_calls_function_fewer_times():
    x = torch.rand(6, dtype=torch.float64, requires_grad=True)
    counts = {}
    for fast in (False, True):
        n = [0]

        def fn(a):
            n[0] += 1
            return a.sin()
        gradcheck(fn, (x,), fast_mode=fast, check_undefined_grad=False)
        counts[fast] = n[0]
    assert counts[True] < counts[False]
    assert counts[False] == 1 + 2 * 6


def test_wrong_gradient_detected_in_every_mode():
    class Wrong(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a ** 2

        @staticmethod
        def backward(ctx, g):
            (a,) = ctx.saved_tensors
            return g * a  # should be 2 * a

    x = torch.tensor([1.0, -2.0, 3.0], dtype=torch.float64, requires_grad=True)
    for fast in (False, True):
        with pytest.raises(GradcheckError, match="Jacobian mismatch for output 0 with respect to input 0"):
            gradcheck(Wrong.apply, (x,), fast_mode=fast)
        assert gradcheck(Wrong.apply, (x,), fast_mode=fast, raise_exception=False) is False


def test_gradgradcheck_detects_wrong_second_derivative():
    class WrongSecond(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a ** 3

        @staticmethod
        def backward(ctx, g):
            (a,) = ctx.saved_tensors
            return g * 3 * a.detach() ** 2  # right first derivative, no second

    x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)
    assert gradcheck(WrongSecond.apply, (x,))
    assert gradgradcheck(WrongSecond.apply, (x,), raise_exception=False) is False
