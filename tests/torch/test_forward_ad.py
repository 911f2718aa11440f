"""Forward-mode AD (torch.autograd.forward_ad on core.forward): what goldens cannot show."""
import gc

import numpy as np
import pytest

import gradcompat.torch as torch
from gradcompat import core
from gradcompat.torch.autograd import forward_ad as fwAD


def test_no_level_no_tangent_work():
    """Outside a dual level apply pays one check and records no tangent."""
    assert not core.forward.active()
    x = torch.tensor([1.0, 2.0])
    y = x.sin()
    assert core.forward.tangent(y.node) is None
    assert fwAD.unpack_dual(y).tangent is None


def test_tangents_are_forgotten_on_exit():
    with fwAD.dual_level():
        d = fwAD.make_dual(torch.tensor([1.0]), torch.tensor([2.0]))
        out = d * 3
        assert fwAD.unpack_dual(out).tangent is not None
    assert not core.forward.active()
    assert fwAD._current_level == -1
    assert fwAD.unpack_dual(out).tangent is None


def test_tangent_table_does_not_keep_tensors_alive():
    with fwAD.dual_level():
        d = fwAD.make_dual(torch.tensor([1.0, 2.0]), torch.tensor([2.0, 1.0]))
        out = d.exp()
        table = core.forward._levels[-1]
        before = len(table)
        del out
        gc.collect()
        assert len(table) < before


def test_matches_jax_jvp_through_a_chain():
    import jax
    import jax.numpy as jnp
    x = np.array([0.3, -0.7, 1.1], np.float64)
    v = np.array([1.0, 2.0, -1.0], np.float64)
    with fwAD.dual_level():
        d = fwAD.make_dual(torch.tensor(x), torch.tensor(v))
        out = (d.tanh() * d.sum() + d.cumsum(0)).norm()
        tangent = fwAD.unpack_dual(out).tangent
    expected = jax.jvp(lambda a: jnp.linalg.norm(jnp.tanh(a) * a.sum() + jnp.cumsum(a)), (x,), (v,))[1]
    np.testing.assert_allclose(tangent.numpy(), expected, rtol=1e-12)


def test_custom_function_jvp_called_once_per_apply():
    calls = []

    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def jvp(ctx, t):
            calls.append(1)
            return t * 2

    with fwAD.dual_level():
        d = fwAD.make_dual(torch.tensor([1.0]), torch.tensor([5.0]))
        out = Double.apply(Double.apply(d))
        assert fwAD.unpack_dual(out).tangent.item() == 20.0
    assert len(calls) == 2


def test_level_left_by_exception_is_closed():
    with pytest.raises(ValueError):
        with fwAD.dual_level():
            raise ValueError("boom")
    assert not core.forward.active()
