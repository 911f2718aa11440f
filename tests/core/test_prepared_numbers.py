"""Python numbers in a prepared program (issue 17): one input per distinct number, handed to the
executable as a cached weakly typed device scalar (no host copy per call, same dtypes)."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from gradcompat.core import Constant, Scalar, apply, executor, recording
from gradcompat.core.executor import Prepared, on_device


def scaled_sum(x, *numbers):
    return sum((x * n for n in numbers), jnp.zeros_like(x))


@pytest.fixture
def deferred():
    with recording.deferred_mode(True):
        yield


def test_equal_numbers_share_one_input(deferred):
    x = Constant(jnp.ones(3, jnp.float32))
    numbers = [Scalar(0.5), Scalar(0.5), Scalar(2), Scalar(2.0), Scalar(0.0), Scalar(-0.0), Scalar(True)]
    y = apply(scaled_sum, [x] + numbers)
    prepared = Prepared([y])
    kept = [n.value for n in prepared.inputs if isinstance(n, Scalar)]
    # 0.5 once; 2 (int) and 2.0 (float), 0.0 and -0.0 stay apart (different types, signs)
    assert len(kept) == 6 and kept.count(0.5) == 1
    assert [type(v) for v in kept if v == 2] == [int, float]
    (out,) = prepared()
    np.testing.assert_allclose(out, np.full(3, 6.0, np.float32))
    assert out.dtype == np.float32  # weak typing: the numbers do not promote the float32 array


def test_numbers_become_cached_device_scalars():
    a = jnp.ones(2, jnp.float32)
    first = on_device([a, 0.1, 3, -0.0])
    again = on_device([a, 0.1, 3, -0.0])
    assert all(isinstance(v, jax.Array) for v in first)
    assert first[1] is again[1] and first[2] is again[2]  # made once per distinct value
    assert first[1].weak_type and first[1].dtype == jnp.float64 and first[2].dtype == jnp.int64
    assert np.signbit(np.asarray(first[3]))  # -0.0 keeps its sign (not the cached 0.0)
    arrays = [a, a]
    assert on_device(arrays) is arrays  # nothing to place: the values as they are
    with jax.transfer_guard("disallow"):
        on_device([a, 0.1, 3])  # a cached number moves nothing


def test_numbers_in_a_trace_are_left_alone():
    seen = []

    @jax.jit
    def f(x):
        seen.append(on_device([x, 0.25])[1])
        return x

    f(jnp.ones(2))
    assert seen == [0.25]


def test_the_cache_of_numbers_is_bounded():
    for i in range(executor._SCALARS_KEPT + 5):
        on_device([float(i) + 0.5])
    assert len(executor._scalars) <= executor._SCALARS_KEPT
