"""MindSpore's small elementwise ops on the host lane (core.host): the numpy twins give XLA's bits
on normal numbers, keep subnormals as MindSpore's CPU kernels do, and Python number operands are
host arrays converted as MindSpore converts them."""
from __future__ import annotations

import warnings

import jax
import numpy as np
import pytest

import gradcompat.mindspore as ms
from gradcompat.core import host
from gradcompat.mindspore import Tensor, ops
from gradcompat.mindspore import _kernels as K


def _on_host(t) -> bool:
    return type(t.node.value) is np.ndarray


def _bits(a) -> np.ndarray:
    a = np.asarray(a)
    return a.view(f"u{a.itemsize}") if a.dtype.kind == "f" else a


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32", "int64", "uint8"])
def test_small_ops_run_on_the_host_with_the_bits_xla_gives(dtype):
    rng = np.random.default_rng(11)
    x = (rng.normal(size=12) * 40).astype(dtype)
    y = (rng.normal(size=12) * 40 + 0.5).astype(dtype)
    y[y == 0] = 3
    a, b = Tensor(x), Tensor(y)
    for op, ours in [("add", a + b), ("sub", ops.sub(a, b)), ("mul", a * b), ("div", a / b)]:
        assert _on_host(ours), op
        target = np.dtype("float32") if op == "div" and dtype[0] in "iu" else np.dtype(dtype)
        reference = jax.jit(lambda u, v: K.binary(u, v, op=op, dtype=target.name))(x, y)
        np.testing.assert_array_equal(_bits(ours.asnumpy()), _bits(reference))
    for op, ufunc in [("lt", np.less), ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal),
                      ("eq", np.equal), ("ne", np.not_equal)]:
        ours = a._compare(op, b)
        assert _on_host(ours) and ours.dtype == ms.bool_
        np.testing.assert_array_equal(ours.asnumpy(), ufunc(x, y))


def test_other_binary_ops_stay_on_xla():
    a = Tensor(np.array([7.0, -3.0], np.float32))
    assert not _on_host(a ** 2.0) and not _on_host(a % 2.0)
    assert not _on_host(Tensor(np.ones(host.LIMIT + 1, np.float32)) * 2.0)


def test_subnormals_are_kept():
    tiny = Tensor(np.array([1e-39, 3e-45, -1e-39], np.float32))
    out = tiny * 1e10
    assert _on_host(out)
    np.testing.assert_array_equal(_bits(out.asnumpy()), _bits(np.array([1e-39, 3e-45, -1e-39], np.float32) * np.float32(1e10)))
    assert (tiny > 0.0).asnumpy().tolist() == [True, True, False]


def test_python_numbers_convert_as_mindspore_converts_them():
    one = Tensor(np.array([1.0]))  # Float64: a Python float goes through Float32 first
    assert (one * 0.1).asnumpy().tolist() == [float(np.float32(0.1))]
    assert (Tensor(np.array([1], np.int8)) + 300).asnumpy().tolist() == [45]  # an int wraps, via Int64
    assert (Tensor(np.array([1], np.int32)) + 2**40).asnumpy().tolist() == [1]
    assert _on_host(Tensor(np.array([2.0], np.float32)) - 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isinf((Tensor(np.array([1.0], np.float16)) * 1e6).asnumpy()).all()
        assert np.isinf((Tensor(np.array([1.0])) * 1e40).asnumpy()).all()
    assert (Tensor(np.array([1.0, 2.0], np.float32)) == Tensor(np.array([1.0, 3.0], np.float32))).asnumpy().tolist() == [True, False]


def test_negation_and_square_on_the_host():
    a = Tensor(np.array([1.5, -2.0, 1e-39], np.float32))
    assert _on_host(-a) and _on_host(ops.neg(a)) and _on_host(ops.square(a))
    assert (-a).asnumpy().view(np.uint32).tolist() == (-a.asnumpy()).view(np.uint32).tolist()
    assert ops.square(Tensor(np.array([1e-20], np.float32))).asnumpy().view(np.uint32).tolist() == [71362]
    assert not _on_host(ops.exp(a))
