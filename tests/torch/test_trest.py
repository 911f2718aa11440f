"""What goldens cannot show for issue 12's trest slice: the compile cache's fallback for a
program whose trace reads state, and a custom forward run on the host under a trace."""
import pytest

import gradcompat.torch as torch

class NonDet(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, jitter=0.0):
        ctx._jitter = jitter
        return x

    @staticmethod
    def backward(ctx, g):
        return NonDet.apply(g, ctx._jitter) * (1 + torch.rand_like(g) * ctx._jitter), None


def test_backward_drawing_random_numbers_is_not_reentrant_and_no_xla_error_leaks():
    x = torch.randn(3, 3, dtype=torch.double, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: NonDet.apply(t, 0.0), x, check_batched_grad=False)
    with pytest.raises(RuntimeError, match="Backward is not reentrant"):
        torch.autograd.gradcheck(lambda t: NonDet.apply(t, 1e-6), x, check_batched_grad=False)
    # the same structure again: served without XLA's "compiled program expected" error
    assert torch.autograd.gradcheck(lambda t: NonDet.apply(t, 1e-6), x, nondet_tol=1e-5, check_batched_grad=False)


class ItemScale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        k = x.sum().item()  # a value in Python: cannot be traced
        ctx.k = k
        return x * k

    @staticmethod
    def backward(ctx, g):
        return g * ctx.k


def test_custom_forward_using_item_runs_on_the_host_when_replayed():
    for _ in range(3):  # the second pass replays the graph through the compile cache
        x = torch.ones(4, requires_grad=True)
        ItemScale.apply(x).sum().backward()
        assert x.grad.tolist() == [4.0] * 4
