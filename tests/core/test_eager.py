"""Eager evaluation of ops: a kernel runs directly the first time, as one jitted dispatch after."""
from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from gradcompat.core import Constant, apply

calls = {"scale_shift": 0, "concrete": 0, "prejitted": 0}


def scale_shift(x, *, scale: float, shift: float):
    calls["scale_shift"] += 1  # counts Python runs: direct calls and jit traces
    return x * scale + shift


def test_a_repeated_kernel_is_traced_once_and_then_dispatched_compiled():
    x = Constant(jnp.arange(4.0, dtype=jnp.float32))
    calls["scale_shift"] = 0
    outs = [apply(scale_shift, [x], {"scale": 2.0, "shift": 1.0}).value for _ in range(5)]
    # first sight runs directly, the second traces it under jit, later calls reuse the executable
    assert calls["scale_shift"] == 2
    for out in outs:
        np.testing.assert_array_equal(out, [1, 3, 5, 7])
        assert out.dtype == jnp.float32
    # new static attributes are a new kernel: seen once, it is not compiled
    apply(scale_shift, [x], {"scale": 3.0, "shift": 0.0})
    assert calls["scale_shift"] == 3


def needs_concrete(x):
    calls["concrete"] += 1
    return x * float(x.sum())  # float() of a traced value fails under jit


def test_a_kernel_that_needs_concrete_values_keeps_running_directly():
    x = Constant(jnp.ones(3, jnp.float32))
    calls["concrete"] = 0
    for _ in range(4):
        np.testing.assert_array_equal(apply(needs_concrete, [x]).value, [3, 3, 3])
    # direct, failed trace + direct, then direct only
    assert calls["concrete"] == 5


def strict_add(x, y):
    if x.shape != y.shape:
        raise ValueError(f"shapes differ: {x.shape} and {y.shape}")
    return x + y


def test_errors_are_the_direct_calls_errors_at_every_sight():
    a, b = Constant(jnp.ones(2)), Constant(jnp.ones(3))
    for _ in range(3):
        with pytest.raises(ValueError, match=r"shapes differ: \(2,\) and \(3,\)"):
            apply(strict_add, [a, b])
    for _ in range(3):  # still compiled once it works
        np.testing.assert_array_equal(apply(strict_add, [a, a]).value, [2, 2])


def take(x, *, index):
    return x[np.asarray(index)]


def test_unhashable_static_attributes_run_directly():
    x = Constant(jnp.arange(5))
    for _ in range(3):
        np.testing.assert_array_equal(apply(take, [x], {"index": [4, 0]}).value, [4, 0])


@functools.partial(jax.jit, static_argnames=("power",))
def prejitted(x, *, power: int):
    calls["prejitted"] += 1
    return x ** power


def test_a_kernel_that_is_already_jitted_is_called_as_it_is():
    x = Constant(jnp.arange(3.0))
    calls["prejitted"] = 0
    for _ in range(3):
        np.testing.assert_array_equal(apply(prejitted, [x], {"power": 2}).value, [0, 1, 4])
    assert calls["prejitted"] == 1  # its own trace at first sight, no second compilation


def call_user(x, *, user):
    return user(x)


def test_a_kernel_with_an_object_among_its_static_attributes_runs_directly_every_time():
    # it may run the user's Python: side effects and closed-over values count at every call
    seen, scale = [], [1.0]

    def user(x):
        seen.append(1)
        return x * scale[0]

    x = Constant(jnp.ones(2))
    for k in range(1, 4):
        scale[0] = float(k)
        np.testing.assert_array_equal(apply(call_user, [x], {"user": user}).value, [k, k])
    assert len(seen) == 3
