"""The host lane (core.host): small elementwise ops with a numpy twin run in numpy, bit for bit
as XLA computes them, and everything else still runs on XLA."""
from __future__ import annotations

import warnings

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from gradcompat.core import Constant, apply, host


def plus(x, y, *, dtype):
    return jnp.add(x.astype(dtype), y.astype(dtype))


def times(x, y, *, dtype):
    return jnp.multiply(x.astype(dtype), y.astype(dtype))


def minus(x, y, *, dtype):
    return jnp.subtract(x.astype(dtype), y.astype(dtype))


def over(x, y, *, dtype):
    return jnp.divide(x.astype(dtype), y.astype(dtype))


def pairwise(ufunc):
    def twin(values, static):
        x, y = values
        dtype = dict(static)["dtype"]
        return ufunc(x.astype(dtype), y.astype(dtype))
    return twin


for kernel, ufunc in ((plus, np.add), (times, np.multiply), (minus, np.subtract), (over, np.true_divide)):
    host.register(kernel, pairwise(ufunc))


def exponent(x):
    return jnp.exp(x)


def run(kernel, *values, dtype="float32"):
    return apply(kernel, [Constant(v) for v in values], {"dtype": dtype}).value


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int32", "int64"])
@pytest.mark.parametrize("kernel", [plus, times, minus, over], ids=lambda k: k.__name__)
def test_small_ops_run_in_numpy_with_the_bits_xla_gives(kernel, dtype):
    if kernel is over and dtype.startswith("int"):
        pytest.skip("true division of integers is not an exact op")
    rng = np.random.default_rng(3)
    x = (rng.normal(size=16) * 50).astype(dtype)
    y = (rng.normal(size=16) * 50 + 0.5).astype(dtype)
    if dtype.startswith("int"):
        y[y == 0] = 3
    ours = run(kernel, jnp.asarray(x), jnp.asarray(y), dtype=dtype)
    assert type(ours) is np.ndarray and not ours.flags.writeable
    reference = jax.jit(lambda a, b: kernel(a, b, dtype=dtype))(x, y)
    assert ours.dtype == reference.dtype
    np.testing.assert_array_equal(ours.view(f"u{ours.itemsize}"), np.asarray(reference).view(f"u{ours.itemsize}"))


def test_large_committed_and_unsupported_inputs_stay_on_xla():
    assert isinstance(run(plus, jnp.ones(host.LIMIT + 1), jnp.ones(host.LIMIT + 1)), jax.Array)
    committed = jax.device_put(jnp.ones(2), jax.devices()[0])
    assert isinstance(run(plus, committed, jnp.ones(2)), jax.Array)
    assert isinstance(run(plus, jnp.ones(2, jnp.complex64), jnp.ones(2, jnp.complex64), dtype="complex64"), jax.Array)
    assert isinstance(apply(exponent, [Constant(jnp.ones(2))]).value, jax.Array)  # no twin


def test_a_host_result_feeds_xla_kernels_computed_by_jax():
    small = run(plus, jnp.ones(3), jnp.ones(3))
    assert type(small) is np.ndarray
    for _ in range(3):  # first sight (a direct call: JAX, not numpy, must compute it), then jitted
        out = apply(exponent, [Constant(small)]).value
        assert isinstance(out, jax.Array)
        np.testing.assert_array_equal(out, jnp.exp(jnp.full(3, 2.0, jnp.float32)))


def test_overflow_gives_inf_without_numpy_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big = run(times, jnp.full(2, 3e38, jnp.float32), jnp.full(2, 10.0, jnp.float32))
        assert np.isinf(big).all()
        assert np.isnan(run(minus, big, big)).all()
        assert np.isinf(run(over, jnp.ones(1), jnp.zeros(1))).all()


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64"])
def test_torch_sum_twin_adds_in_xlas_order(dtype):
    # XLA's CPU kernel sums up to 16 elements left to right; numpy's pairwise sum would differ
    # (for float32 in ~40% of these draws): if XLA's order ever changes, this fails
    from gradcompat.torch import ops
    rng = np.random.default_rng(5)
    reference = jax.jit(lambda x: ops.sum(x, axis=(0,), keepdims=False, dtype=dtype))
    for n in range(1, host.LIMIT + 1):
        for _ in range(20):
            x = rng.normal(size=n) * 10.0 ** rng.integers(-3, 4, size=n)
            x = (x * 1e6).astype(dtype) if dtype.startswith("int") else x.astype(dtype)
            ours = apply(ops.sum, [Constant(jnp.asarray(x))], {"axis": (0,), "keepdims": False, "dtype": dtype}).value
            assert type(ours) is np.ndarray
            assert ours.tobytes() == np.asarray(reference(x)).tobytes(), (n, x)
