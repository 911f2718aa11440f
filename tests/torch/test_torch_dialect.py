"""Fast unit tests of the torch dialect (the golden programs measure fidelity to real torch)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import gradcompat
import gradcompat.torch as torch
from gradcompat.torch import dtypes


def test_guide_example():
    x = torch.tensor(2., requires_grad=True)
    y = torch.tensor(3., requires_grad=True)
    z = x * x * y
    z.backward()
    assert f"{x.grad!s} {y.grad!s}" == "tensor(12.) tensor(4.)"
    assert f"{x.grad}" == "12.0"  # torch formats 0-dim tensors as their item
    (gx,) = torch.autograd.grad(x * x * y, x)
    assert repr(gx) == "tensor(12.)"


def test_result_type_categories():
    i32, i64, f32, f64, b = dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64, dtypes.bool_
    assert dtypes.result_type((i32, 1), (i64, None)) is i32      # python int does not widen
    assert dtypes.result_type((i32, 1), (f32, None)) is f32      # python float: default float
    assert dtypes.result_type((i32, 1), (i64, 0)) is i32         # zero-dim of the same category
    assert dtypes.result_type((i32, 1), (f64, 0)) is f64         # zero-dim of a higher category
    assert dtypes.result_type((f32, 1), (f64, 0)) is f32
    assert dtypes.result_type((b, 1), (i64, None)) is i64
    assert dtypes.result_type((f32, 1), (i64, 1)) is f32
    assert dtypes.promote_types(dtypes.uint8, dtypes.int8) is dtypes.int16


def test_no_graph_kept_without_grad():
    a = torch.tensor([1.0, 2.0])
    b = a * 2 + 1
    assert isinstance(b.node, gradcompat.core.Constant)
    assert b.is_leaf and b.grad_fn is None


def test_grad_fn_type_name():
    x = torch.tensor([1.0], requires_grad=True)
    fn = (x * 2).grad_fn
    assert type(fn).__name__ == "MulBackward0" and fn.name() == "MulBackward0"
    assert repr(x.exp()).endswith("grad_fn=<ExpBackward0>)")


def test_training_loop_hits_compile_cache():
    w = torch.tensor([1.0, -1.0], requires_grad=True)
    data = torch.tensor([2.0, 3.0])
    for _ in range(2):
        ((w * data - 1.0) ** 2).sum().backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
        w.grad.zero_()
    before = gradcompat.cache_info()
    for _ in range(5):
        ((w * data - 1.0) ** 2).sum().backward()
        with torch.no_grad():
            w -= 0.1 * w.grad
        w.grad.zero_()
    after = gradcompat.cache_info()
    assert after.compiles == before.compiles
    assert after.hits >= before.hits + 5
    expected = np.array([1.0, -1.0], np.float32)
    for _ in range(7):
        g = 2 * (expected * [2, 3] - 1) * [2, 3]
        expected = (expected - np.float32(0.1) * g.astype(np.float32)).astype(np.float32)
    np.testing.assert_allclose(w.detach().numpy(), expected, rtol=1e-5)


def test_pytree_and_jit():
    t = torch.tensor([1.0, 2.0])
    out = jax.jit(lambda a: a * 2)(t)
    assert isinstance(out, torch.Tensor)
    np.testing.assert_allclose(np.asarray(out._jax_value()), [2.0, 4.0])
    assert jnp.sum(t) == 3.0


def test_from_jax_keeps_dtype():
    t = torch.from_jax(jnp.arange(3, dtype=jnp.int32))
    assert t.dtype is torch.int32
    assert repr(t) == "tensor([0, 1, 2], dtype=torch.int32)"
    assert gradcompat.from_jax(jnp.ones(2), "torch").dtype is torch.float64
    assert np.array_equal(gradcompat.to_jax(t), np.arange(3))


def test_set_grad_enabled_function_and_context():
    assert torch.is_grad_enabled()
    with torch.set_grad_enabled(False):
        assert not torch.is_grad_enabled()
    assert torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    try:
        assert not (torch.tensor([1.0], requires_grad=True) * 2).requires_grad
    finally:
        torch.set_grad_enabled(True)


def test_errors():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="implicitly created only for scalar outputs"):
        (x * 2).backward()
    with pytest.raises(RuntimeError, match="index 1 appears to not have been used"):
        torch.autograd.grad(x.sum(), [x, torch.tensor(1.0, requires_grad=True)])
    with pytest.raises(RuntimeError, match="Only Tensors of floating point"):
        torch.tensor([1], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Can't call numpy\(\)"):
        x.numpy()


def test_higher_order():
    x = torch.tensor(2.0, requires_grad=True)
    (g,) = torch.autograd.grad(x ** 3, x, create_graph=True)
    (g2,) = torch.autograd.grad(g, x)
    assert g.item() == 12.0 and g2.item() == 12.0


def test_printing_sci_and_int_mode():
    assert repr(torch.tensor([1e-5, 1.0])) == "tensor([1.0000e-05, 1.0000e+00])"
    assert repr(torch.tensor([[1., 2.], [3., 4.]])) == "tensor([[1., 2.],\n        [3., 4.]])"
    assert repr(torch.tensor([1.5], dtype=torch.float64)) == "tensor([1.5000], dtype=torch.float64)"
    assert str(torch.float32) == "torch.float32" and torch.float is torch.float32 and torch.long is torch.int64
