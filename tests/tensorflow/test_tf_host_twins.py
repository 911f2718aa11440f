"""TF's small elementwise ops on the host lane (core.host): the numpy twins give XLA's bits, and
TF's flush of subnormal float32/float64 numbers (the twin declines, XLA computes it)."""
from __future__ import annotations

import warnings

import jax
import numpy as np
import pytest

import gradcompat.tensorflow as tf
from gradcompat.core import host
from gradcompat.tensorflow import math_ops


def _on_host(t) -> bool:
    return type(t.node.value) is np.ndarray


def _bits(a) -> np.ndarray:
    a = np.asarray(a)
    return a.view(f"u{a.itemsize}") if a.dtype.kind == "f" else a


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32", "int64", "uint8"])
def test_small_ops_run_on_the_host_with_the_bits_xla_gives(dtype):
    rng = np.random.default_rng(7)
    x = (rng.normal(size=12) * 40).astype(dtype)
    y = (rng.normal(size=12) * 40 + 0.5).astype(dtype)
    y[y == 0] = 3
    a, b = tf.constant(x), tf.constant(y)
    ops = [(a + b, math_ops._add), (a - b, math_ops._sub), (a * b, math_ops._mul)]
    if dtype.startswith("float"):
        ops.append((a / b, math_ops._realdiv))
    for ours, kernel in ops:
        assert _on_host(ours), kernel.__name__
        np.testing.assert_array_equal(_bits(ours.numpy()), _bits(jax.jit(kernel)(x, y)))
    for kind in ("less", "less_equal", "greater", "greater_equal", "equal", "not_equal"):
        ours = getattr(tf.math, kind)(a, b)
        assert _on_host(ours) and ours.dtype == tf.bool
        np.testing.assert_array_equal(ours.numpy(), getattr(np, kind)(x, y))


def test_integer_true_division_on_the_host_in_float64():
    q = tf.constant([1, 7, -5, 0]) / tf.constant([3, 0, 2, 0])
    assert _on_host(q) and q.dtype == tf.float64
    expected = jax.jit(lambda u, v: math_ops._int_truediv(u, v, dtype=np.dtype("float64")))(
        np.array([1, 7, -5, 0], np.int32), np.array([3, 0, 2, 0], np.int32))
    np.testing.assert_array_equal(_bits(q.numpy()), _bits(expected))


def test_python_numbers_are_host_operands():
    x = tf.constant([1.5, 2.5])
    for out in (x * 2.0, 2.0 * x, x + 1, x - 0.5, 1.0 / x, x < 2.0):
        assert _on_host(out)
    assert (x * 2.0).numpy().tolist() == [3.0, 5.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isinf((x * 1e40).numpy()).all()  # the float32 conversion overflows silently, as in TF


@pytest.mark.parametrize("dtype, tiny", [("float32", 1e-39), ("float64", 1e-310)])
def test_subnormals_are_flushed_as_tf_flushes_them(dtype, tiny):
    sub = tf.constant(np.array([tiny, -tiny, 1.0], dtype))
    for out, expected in [(sub * 1.0, [0.0, -0.0, 1.0]), (sub * 1e10, [0.0, -0.0, 1e10]),  # inputs read as 0
                          (sub + sub, [0.0, -0.0, 2.0]), (sub - 0.0, [0.0, -0.0, 1.0])]:
        assert not _on_host(out)  # the twin declined: XLA flushes as TF does
        np.testing.assert_array_equal(_bits(out.numpy()), _bits(np.array(expected, dtype)))
    assert (sub > 0.0).numpy().tolist() == [False, False, True]
    normal = tf.constant(np.array([np.finfo(dtype).tiny], dtype))
    assert (normal * 0.5).numpy().tolist() == [0.0]  # a subnormal result is flushed
    assert _on_host(normal * 2.0)


def test_float16_keeps_subnormals_on_the_host():
    half = tf.constant(np.array([6e-8, 1e-6], np.float16))
    out = half * 2.0
    assert _on_host(out) and out.numpy().view(np.uint16).tolist() == [2, 34]


def test_large_and_nan_inputs():
    big = tf.ones([host.LIMIT + 1])
    assert not _on_host(big + big)
    nan = tf.constant([np.nan, 1e-39]) * 1.0  # a NaN first must not hide the subnormal after it
    assert not _on_host(nan) and nan.numpy().view(np.uint32)[1] == 0


def test_negation_and_square_on_the_host():
    a = tf.constant([1.5, -2.0, 1e-39])
    neg = -a
    assert _on_host(neg) and neg.numpy().view(np.uint32).tolist() == (-a.numpy()).view(np.uint32).tolist()
    assert _on_host(tf.square(a[:2])) and tf.square(a[:2]).numpy().tolist() == [2.25, 4.0]
    assert not _on_host(tf.square(a)) and tf.square(tf.constant([1e-20])).numpy().tolist() == [0.0]
